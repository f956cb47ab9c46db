"""The shipped rule sets decide as DOMAIN.md's evaluation model says, on the real engine."""

from __future__ import annotations

from typing import Any

import pytest

from succession_flow.formats.rulebook import evaluator
from succession_flow.formats.rulebook.examples import run_examples
from tests.unit.rules.helpers import engine, shipped

NAMES = ["evaluation", "pool", "training", "promotion", "exit"]

STRONG: dict[str, Any] = {
    "echelon": "key-position",
    "position_id": "VP-SALES",
    "criticality": "critical",
    "meets_education": True,
    "meets_experience": True,
    "has_certifications": True,
    "has_prior_posts": True,
    "years_experience": 12,
    "performance": ["exceeds", "meets", None],
    "competency_score": 4.2,
    "core_competence": 4.2,
    "job_match": 78.0,
    "failed_evaluations": 0,
}


def decide(name: str, facts: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    decision = engine().decide(shipped(name).source, facts)
    return decision.outcome, decision.matched


@pytest.mark.parametrize("name", NAMES)
def test_every_shipped_example_passes_on_the_engine(name: str) -> None:
    results = run_examples(shipped(name), engine().decide)
    assert results and [r.name for r in results if not r.passed] == []


@pytest.mark.parametrize(
    ("changes", "outcome", "matched"),
    [
        ({}, "pass", ("meets-model",)),
        ({"meets_education": False}, "fail", ("not-qualified",)),
        ({"meets_experience": False}, "fail", ("not-qualified",)),
        ({"has_prior_posts": False}, "fail", ("not-qualified",)),
        (
            {"performance": ["exceeds", "partially-meets", "outstanding"]},
            "fail",
            ("performance-below-standard",),
        ),
        (
            {"performance": ["partially-meets", "exceeds", None]},
            "fail",
            ("performance-below-standard",),
        ),
        ({"performance": ["exceeds"]}, "fail", ("performance-below-standard",)),
        ({"performance": [None, "exceeds"]}, "fail", ("performance-below-standard",)),
        ({"performance": ["meets", "exceeds"]}, "fail", ("latest-performance-below-standard",)),
        ({"performance": ["meets", "exceeds"], "echelon": "management"}, "pass", ("meets-model",)),
        ({"competency_score": 3.79}, "fail", ("competency-below-model",)),
        ({"competency_score": 3.8}, "pass", ("meets-model",)),
        ({"competency_score": 3.5, "echelon": "management"}, "pass", ("meets-model",)),
        ({"competency_score": 3.49, "echelon": "management"}, "fail", ("competency-below-model",)),
        (
            {"competency_score": 3.2, "core_competence": 3.2, "echelon": "reserve"},
            "pass",
            ("meets-model",),
        ),
        ({"core_competence": 3.99}, "fail", ("core-competence-below-model",)),
        ({"job_match": 69.99}, "fail", ("poor-job-match",)),
        ({"job_match": 60, "echelon": "management"}, "pass", ("meets-model",)),
        ({"competency_score": None}, "fail", ()),
    ],
)
def test_evaluation_applies_the_model_with_echelon_thresholds(
    changes: dict[str, Any], outcome: str, matched: tuple[str, ...]
) -> None:
    assert decide("evaluation", {**STRONG, **changes}) == (outcome, matched)


POOL: dict[str, Any] = {
    "echelon": "key-position",
    "position_id": "VP-SALES",
    "criticality": "critical",
    "competency_score": 4.2,
    "core_competence": 4.2,
    "job_match": 78.0,
    "performance": ["exceeds", "meets", None],
    "years_experience": 12,
    "latest_performance": "exceeds",
    "potential": "high",
    "bench_size": 0,
    "target_bench": 3,
    "ready_now_in_pool": 0,
}


@pytest.mark.parametrize(
    ("changes", "outcome", "emergency"),
    [
        ({}, "ready-now", True),
        ({"criticality": "high"}, "ready-now", True),
        ({"criticality": "medium"}, "ready-now", False),
        ({"ready_now_in_pool": 1, "bench_size": 1}, "ready-now", False),
        ({"potential": "moderate"}, "ready-now", False),
        ({"potential": "low"}, "ready-3-5-years", False),
        ({"latest_performance": "meets"}, "ready-1-2-years", False),
        ({"competency_score": 4.05}, "ready-1-2-years", False),
        ({"competency_score": 4.05, "echelon": "management"}, "ready-now", True),
        ({"competency_score": 3.85}, "ready-3-5-years", False),
        ({"competency_score": 3.85, "bench_size": 3}, "not-pooled", False),
        ({"competency_score": 3.1}, "not-pooled", False),
        ({"latest_performance": None, "competency_score": 3.95}, "ready-3-5-years", False),
    ],
)
def test_pool_sets_readiness_and_the_emergency_successor_flag(
    changes: dict[str, Any], outcome: str, emergency: bool
) -> None:
    decision = engine().decide(shipped("pool").source, {**POOL, **changes})
    assert (decision.outcome, decision.attributes) == (outcome, {"emergency_successor": emergency})


TRAINED: dict[str, Any] = {
    "echelon": "management",
    "position_id": "HEAD-HR",
    "criticality": "high",
    "required_courses": 3,
    "courses_passed": 3,
    "courses_failed": 0,
    "all_required_passed": True,
    "exam_average": 80.0,
    "within_period": True,
    "days_overdue": 0,
}


@pytest.mark.parametrize(
    ("changes", "outcome"),
    [
        ({}, "passed"),
        ({"exam_average": 70}, "passed"),
        ({"exam_average": 69.5}, "failed"),
        ({"echelon": "key-position", "exam_average": 74.9}, "failed"),
        ({"echelon": "key-position", "exam_average": 75}, "passed"),
        ({"courses_passed": 2, "all_required_passed": False}, "failed"),
        ({"courses_passed": 2, "courses_failed": 1, "all_required_passed": False}, "failed"),
        ({"within_period": False, "days_overdue": 3}, "failed"),
    ],
)
def test_training_passes_only_every_exam_in_time_above_the_average(
    changes: dict[str, Any], outcome: str
) -> None:
    assert decide("training", {**TRAINED, **changes})[0] == outcome


FINAL: dict[str, Any] = {
    "echelon": "key-position",
    "position_id": "VP-SALES",
    "criticality": "critical",
    "final_assessment": 85.0,
    "readiness": "ready-now",
    "rank": 1,
    "vacancies": 1,
    "latest_performance": "exceeds",
}


@pytest.mark.parametrize(
    ("changes", "outcome", "matched"),
    [
        ({}, "promote", ("promote-into-vacancy",)),
        ({"rank": 2, "vacancies": 2}, "promote", ("promote-into-vacancy",)),
        ({"rank": 3, "vacancies": 2}, "retain", ("no-vacancy",)),
        ({"vacancies": 0}, "retain", ("no-vacancy",)),
        ({"readiness": "ready-1-2-years"}, "promote", ("promote-into-vacancy",)),
        ({"readiness": "ready-3-5-years"}, "retain", ("not-ready-yet",)),
        ({"final_assessment": 79.9}, "retain", ("below-promotion-bar",)),
        ({"final_assessment": 75, "echelon": "management"}, "promote", ("promote-into-vacancy",)),
        ({"final_assessment": 59.9}, "eliminate", ("assessment-too-low",)),
        ({"latest_performance": "does-not-meet"}, "eliminate", ("performance-slipped",)),
        ({"latest_performance": None}, "promote", ("promote-into-vacancy",)),
    ],
)
def test_promotion_promotes_within_vacancies_retains_the_good_and_eliminates_the_weak(
    changes: dict[str, Any], outcome: str, matched: tuple[str, ...]
) -> None:
    assert decide("promotion", {**FINAL, **changes}) == (outcome, matched)


@pytest.mark.parametrize(
    ("requested", "failed", "state", "outcome"),
    [
        ("withdrawn", 0, "pooled", "exit"),
        ("left-company", 0, "in_training", "exit"),
        ("failed-examination", 0, "in_training", "exit"),
        ("none", 2, "evaluated", "exit"),
        ("none", 1, "evaluated", "stay"),
        ("other", 0, "pooled", "stay"),
        ("none", 0, "nominated", "stay"),
    ],
)
def test_exit_follows_the_request_or_a_second_failed_evaluation(
    requested: str, failed: int, state: str, outcome: str
) -> None:
    facts = {
        "echelon": "management",
        "position_id": "HEAD-HR",
        "criticality": "high",
        "state": state,
        "requested_reason": requested,
        "failed_evaluations": failed,
        "last_evaluation": "fail" if failed else "pass",
        "latest_performance": "meets",
    }
    assert decide("exit", facts)[0] == outcome


@pytest.mark.parametrize("name", NAMES)
def test_the_engine_and_the_plain_evaluator_agree_on_every_example(name: str) -> None:
    book = shipped(name)
    for example in book.examples:
        assert engine().decide(book.source, example.given) == evaluator.decide(book, example.given)
