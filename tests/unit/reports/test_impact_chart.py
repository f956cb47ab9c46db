"""The adverse-impact chart: a bar per step and category of each single axis, flagged bars in
the warning colour, the four-fifths line at the threshold; intersections and categories with
no ratio stay in the table."""

from __future__ import annotations

import re
from typing import Any

from succession_flow.domain.demographics import INTERSECTION
from succession_flow.reports.impact_chart import FINE, FLAGGED, LEFT, WIDTH, impact_ratios


def category(name: str, ratio: float | None, flagged: bool = False) -> dict[str, Any]:
    return {"category": name, "impact_ratio": ratio, "flagged": flagged}


STEPS = [
    {
        "step": "evaluate",
        "axes": [
            {"axis": "sex", "categories": [category("male", 1.0), category("female", 0.5, True)]},
            {"axis": "race_ethnicity", "categories": [category("asian", None)]},
            {"axis": INTERSECTION, "categories": [category("female / asian", 0.2, True)]},
        ],
    }
]


def bars(chart: str) -> list[tuple[str, str, str]]:
    return re.findall(r'data-flagged="(\w+)" x="\d+" y="[\d.]+" width="([\d.]+)" height="16" '
                      r'fill="(#\w+)"', chart)  # fmt: skip


def test_each_single_axis_category_with_a_ratio_is_a_bar_and_flagged_ones_stand_out() -> None:
    chart = impact_ratios(STEPS, 0.8)
    assert bars(chart) == [
        ("false", f"{WIDTH * 1.0:.1f}", FINE),
        ("true", f"{WIDTH * 0.5:.1f}", FLAGGED),
    ]
    assert ">evaluate: female</text>" in chart
    assert "female / asian" not in chart
    assert "asian" not in chart.replace("female / asian", "")
    assert f'<line class="four-fifths" x1="{LEFT + WIDTH * 0.8:.1f}"' in chart
    assert ">0.50</text>" in chart


def test_a_ratio_above_one_is_drawn_full_width_and_no_bars_still_draw_the_line() -> None:
    over = [{"step": "pool", "axes": [{"axis": "sex", "categories": [category("male", 1.3)]}]}]
    assert bars(impact_ratios(over, 0.8)) == [("false", f"{WIDTH:.1f}", FINE)]
    empty = impact_ratios([], 0.8)
    assert bars(empty) == []
    assert 'class="four-fifths"' in empty
