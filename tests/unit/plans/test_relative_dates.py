"""Plan dates relative to the adoption day (`+90d`, `+6w`, `+18m`) resolve to calendar dates."""

from __future__ import annotations

import re
from datetime import date

import pytest

from succession_flow.data import SHIPPED_PLAN
from succession_flow.formats.planbook.loader import load_plan, parse_plan
from succession_flow.formats.yaml_source import YamlProblems

PLAN = """\
id: rolling
title: Rolling plan
period: {start: +0d, end: DUE}
goal: {id: bench, by: 2030-06-30}
safeguards: {training_budget: 1000}
"""


@pytest.mark.parametrize(
    ("anchor", "due", "end"),
    [
        (date(2026, 11, 24), "+0d", date(2026, 11, 24)),
        (date(2026, 11, 24), "+90d", date(2027, 2, 22)),
        (date(2026, 11, 24), "+6w", date(2027, 1, 5)),
        (date(2026, 11, 24), "+18m", date(2028, 5, 24)),
        (date(2026, 1, 31), "+1m", date(2026, 2, 28)),  # the month's last day at most
        (date(2027, 12, 15), "+1m", date(2028, 1, 15)),
        (date(2026, 11, 24), "2031-01-01", date(2031, 1, 1)),  # calendar dates stay
    ],
)
def test_a_relative_date_counts_from_the_anchor(anchor: date, due: str, end: date) -> None:
    spec = parse_plan(PLAN.replace("DUE", due), "p.yaml", anchor)
    assert (spec.period.start, spec.period.end, spec.goal.by) == (anchor, end, date(2030, 6, 30))


def test_a_malformed_relative_date_is_refused_naming_file_line_and_field() -> None:
    with pytest.raises(YamlProblems) as problems:
        parse_plan(PLAN.replace("DUE", "+5y"), "p.yaml", date(2026, 1, 1))
    assert str(problems.value).startswith("p.yaml:3: period.end: Input should be a valid date")


@pytest.mark.parametrize("anchor", [date(2026, 11, 24), date(2031, 7, 1), date(2040, 2, 29)])
def test_the_shipped_sample_plan_is_valid_and_in_force_on_whatever_day_it_is_adopted(
    anchor: date,
) -> None:
    spec, text = load_plan(SHIPPED_PLAN, anchor)
    assert spec.id == "talent-plan"
    assert spec.period.start == anchor < spec.goal.by == spec.period.end
    assert all(anchor < stage.due <= spec.period.end for stage in spec.stages)
    code = "\n".join(line.split("#")[0] for line in text.splitlines())
    assert re.findall(r"\d{4}-\d\d-\d\d", code) == []  # no calendar date to expire
