"""`rules explain` and `explain`: every condition shown with the values it compared, where a
threshold came from, and how `not`, `any`, `each_of_last`, `present` and missing facts read."""

from __future__ import annotations

from typing import Any

import pytest

from succession_flow.formats.rulebook.book import RuleBook
from succession_flow.formats.rulebook.evaluator import Step, explain
from succession_flow.formats.rulebook.loader import parse_source

SOURCE = """
name: probe
step: evaluation
description: explanation probe
hit_policy: first
facts:
  echelon: {type: enum, values: [key-position, management, reserve]}
  position_id: {type: string}
  performance: {type: ratings, scale: performance, years: 3}
  competency_score: {type: number, min: 0, max: 5}
  has_certifications: {type: boolean}
  risk_of_loss: {type: enum, values: [low, medium, high]}
parameters:
  min_performance: {type: rating, scale: performance, default: meets}
  min_score:
    type: number
    min: 0
    max: 5
    default: 3.5
    by_echelon: {key-position: 3.8}
    by_position: {CFO: 4.2}
rules:
  - id: probe
    priority: 10
    when:
      any:
        - not: {fact: performance, each_of_last: 2, ">=": {param: min_performance}}
        - all:
            - {fact: competency_score, ">=": {param: min_score}}
            - {fact: has_certifications, is: true}
            - {fact: risk_of_loss, present: false}
    outcome: pass
    reason: probe
default: {outcome: fail, reason: none}
"""


@pytest.fixture(scope="module")
def book() -> RuleBook:
    return parse_source(SOURCE, "probe.yaml", analyse=False)


def lines(step: Step) -> list[tuple[int, str, bool]]:
    found = [(step.depth, step.text, step.result)]
    for child in step.children:
        found.extend(lines(child))
    return found


FACTS: dict[str, Any] = {
    "echelon": "management",
    "position_id": "HEAD-HR",
    "performance": ["exceeds", "meets", "partially-meets"],
    "competency_score": 3.6,
    "has_certifications": True,
    "risk_of_loss": None,
}


def test_each_condition_reads_with_the_values_compared_and_the_default_threshold(
    book: RuleBook,
) -> None:
    assert lines(explain(book, book.rules[0].when, FACTS)) == [
        (0, "any of:", True),
        (1, "not:", False),
        (2, "each of the last 2 performance [exceeds, meets] >= meets (min_performance, default)", True),
        (1, "all of:", True),
        (2, "competency_score 3.6 >= 3.5 (min_score, default)", True),
        (2, "has_certifications true is true", True),
        (2, "risk_of_loss is missing (it is missing)", True),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("changes", "shown"),
    [
        ({"echelon": "key-position"}, "competency_score 3.6 >= 3.8 (min_score for key-position)"),
        ({"position_id": "CFO", "echelon": "key-position"}, "competency_score 3.6 >= 4.2 (min_score for position CFO)"),
        ({"competency_score": None}, "competency_score missing >= 3.5 (min_score, default)"),
    ],
    ids=["by-echelon", "by-position-first", "missing"],
)  # fmt: skip
def test_a_threshold_says_whether_it_is_the_positions_the_echelons_or_the_default(
    book: RuleBook, changes: dict[str, Any], shown: str
) -> None:
    [score] = [line for line in lines(explain(book, book.rules[0].when, {**FACTS, **changes}))
               if line[1].startswith("competency_score")]  # fmt: skip
    assert score == (2, shown, False)


def test_a_year_without_a_rating_fails_each_of_last_and_shows_as_missing(book: RuleBook) -> None:
    facts = {
        **FACTS,
        "performance": ["exceeds", None],
        "has_certifications": False,
        "risk_of_loss": "high",
    }
    assert lines(explain(book, book.rules[0].when, facts)) == [
        (0, "any of:", True),
        (1, "not:", True),
        (2, "each of the last 2 performance [exceeds, missing] >= meets (min_performance, default)", False),
        (1, "all of:", False),
        (2, "competency_score 3.6 >= 3.5 (min_score, default)", True),
        (2, "has_certifications false is true", False),
        (2, "risk_of_loss is missing (it is high)", False),
    ]  # fmt: skip
