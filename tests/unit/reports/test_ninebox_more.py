"""A crowded nine-box shows that more people are in a box than it names, chart and table alike."""

from __future__ import annotations

import re
from typing import Any

import pytest

from succession_flow.reports.ninebox import table_row
from succession_flow.reports.svg import INK, ninebox_grid


def box(count: int, names: bool = True) -> dict[str, Any]:
    people = [
        {"employee": f"E{n}", **({"name": f"Person {n}"} if names else {})}
        for n in range(1, count + 1)
    ]
    return {"performance": "high", "potential": "high", "box": "star", "count": count,
            "people": people}  # fmt: skip


def texts(svg: str) -> list[str]:
    return [
        re.sub(r"<title>.*?</title>", "", t) for t in re.findall(r"<text[^>]*>(.*?)</text>", svg)
    ]


@pytest.mark.parametrize(
    ("count", "shown", "more"),
    [
        (3, ["Person 1", "Person 2", "Person 3"], None),
        (4, ["Person 1", "Person 2", "Person 3", "Person 4"], None),
        (5, ["Person 1", "Person 2", "Person 3", "Person 4"], "+1 more"),
        (40, ["Person 1", "Person 2", "Person 3", "Person 4"], "+36 more"),
    ],
)
def test_the_chart_names_four_people_per_box_and_says_how_many_more(
    count: int, shown: list[str], more: str | None
) -> None:
    svg = ninebox_grid([box(count)])
    assert [t for t in texts(svg) if t.startswith("Person")] == shown
    found = re.findall(r'<text class="nine-box-more"[^>]*>.*?</text>', svg)
    if more is None:
        assert found == []
    else:
        [label] = found
        assert label.endswith(f"</title>{more}</text>")
        assert f'fill="{INK}"' in label and 'font-weight="700"' in label  # legible on dark boxes


def test_hovering_the_more_label_lists_the_next_names_up_to_thirty() -> None:
    [hint] = re.findall(r"<title>(.*?)</title>", ninebox_grid([box(40)]))
    assert hint == ", ".join(f"Person {n}" for n in range(5, 35)) + ", ..."
    [few] = re.findall(r"<title>(.*?)</title>", ninebox_grid([box(6, names=False)]))
    assert few == "E5, E6"


@pytest.mark.parametrize(
    ("count", "people"),
    [
        (5, "Person 1, Person 2, Person 3, Person 4, Person 5"),
        (7, "Person 1, Person 2, Person 3, Person 4, Person 5 (+2 more)"),
    ],
)
def test_the_table_names_five_people_per_box_and_says_how_many_more(
    count: int, people: str
) -> None:
    assert table_row(box(count))["people"] == people
