"""Facts are checked against their real scale: a declared range other than the step's is
refused with FILE:LINE, a decision refuses facts outside their declared range (both engines),
and `each_of_last` beside `present` is an error at its line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from succession_flow.domain.errors import InvalidInput
from succession_flow.formats.rulebook import evaluator
from succession_flow.formats.rulebook.loader import load_file, parse_source
from succession_flow.formats.yaml_source import YamlProblems
from tests.unit.rules.helpers import engine

ON_A_FIVE_POINT_SCALE = """\
name: evaluation
step: evaluation
facts:
  job_match: {type: number, min: 1, max: 5}
rules:
  - {id: match, priority: 1, when: {fact: job_match, ">=": 3.0}, outcome: pass, reason: r}
default: {outcome: fail, reason: r}
"""

PRESENT_EACH_OF_LAST = """\
name: evaluation
step: evaluation
facts:
  performance: {type: ratings, years: 2}
rules:
  - id: rated
    priority: 1
    when: {fact: performance, present: true, each_of_last: 2}
    outcome: pass
    reason: r
default: {outcome: fail, reason: r}
"""

ON_THE_STEPS_SCALE = ON_A_FIVE_POINT_SCALE.replace("min: 1, max: 5", "min: 0, max: 100")


def problems(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "evaluation.yaml"
    path.write_text(text)
    with pytest.raises(YamlProblems) as raised:
        load_file(path)
    return raised.value.problems


def test_declaring_job_match_on_a_five_point_scale_is_refused_at_its_line(tmp_path: Path) -> None:
    assert problems(tmp_path, ON_A_FIVE_POINT_SCALE) == [
        f"{tmp_path / 'evaluation.yaml'}:4: fact 'job_match' is 0..100 in step evaluation, "
        "not 1..5 (declare the step's range or none)"
    ]


def test_declaring_only_the_steps_range_or_none_checks(tmp_path: Path) -> None:
    assert parse_source(ON_THE_STEPS_SCALE, "x.yaml").facts["job_match"].max == 100
    unbounded = ON_A_FIVE_POINT_SCALE.replace(", min: 1, max: 5", "")
    assert parse_source(unbounded, "x.yaml").facts["job_match"].max is None


def test_each_of_last_beside_present_is_an_error_at_its_line(tmp_path: Path) -> None:
    assert problems(tmp_path, PRESENT_EACH_OF_LAST) == [
        f"{tmp_path / 'evaluation.yaml'}:8: performance: `each_of_last` does not apply to `present`"
    ]


def plain(source: str, facts: dict[str, Any]) -> str:
    return evaluator.decide(parse_source(source, "x.yaml"), facts).outcome


def durable(source: str, facts: dict[str, Any]) -> str:
    return engine().decide(source, facts).outcome


@pytest.mark.parametrize("decide", [plain, durable], ids=["evaluator", "durable_rules"])
@pytest.mark.parametrize("value", [100.5, -1])
def test_a_fact_outside_its_declared_range_is_refused_not_decided(
    decide: Any, value: float
) -> None:
    with pytest.raises(InvalidInput) as raised:
        decide(ON_THE_STEPS_SCALE, {"job_match": value})
    assert str(raised.value) == (
        f"rule set evaluation: fact job_match: {value:g} is outside its declared range 0..100"
    )


@pytest.mark.parametrize("decide", [plain, durable], ids=["evaluator", "durable_rules"])
def test_a_fact_at_the_edge_of_its_range_decides(decide: Any) -> None:
    assert decide(ON_THE_STEPS_SCALE, {"job_match": 100}) == "pass"
