"""The talent plan keeps its own training-budget balance: commitments are its events."""

from __future__ import annotations

from typing import Any

import pytest

from succession_flow.domain.decision import Decision
from succession_flow.domain.plan import BudgetExhausted, Price, TalentPlan

SPEC: dict[str, Any] = {
    "period": {"start": "2026-01-01", "end": "2026-12-31"},
    "stages": [],
    "safeguards": {"currency": "EUR", "training_budget": 10000, "training_hours": 100},
    "courses": {"LEAD-101": {"cost": 3000, "hours": 20}, "FIN-230": {"cost": 2500, "hours": 16}},
}
ALLOW = Decision(outcome="allow", reason="within the training budget", ruleset="training-budget")
REFUSE = Decision(
    outcome="refuse",
    reason="the training budget is spent",
    facts={"budget_remaining": 0},
)


def adopted() -> TalentPlan:
    plan = TalentPlan(plan_id="p", spec=SPEC, source="text", actor="hr", adopted_on="2026-01-05")
    plan.collect_events()
    return plan


def test_courses_are_priced_by_the_catalogue_and_unknown_ones_are_unpriced() -> None:
    assert adopted().price({"LEAD-101": 2, "FIN-230": 1, "X-9": 4}) == Price(8500.0, 56.0, ("X-9",))


def test_a_commitment_is_an_event_that_moves_the_balance() -> None:
    plan = adopted()
    plan.commit_training_cost("E1@CFO", ["LEAD-101", "X-9"], ALLOW, "ops")
    committed: Any
    [committed] = plan.collect_events()
    assert type(committed).__name__ == "TrainingCostCommitted"
    assert (committed.candidate, committed.cost, committed.hours) == ("E1@CFO", 3000.0, 20.0)
    assert committed.decision["ruleset"] == "training-budget"
    assert (plan.committed_cost, plan.remaining, plan.trainings, plan.unpriced) == (
        3000.0,
        7000.0,
        1,
        {"X-9": 1},
    )


def test_a_refused_commitment_records_nothing_and_names_the_plan() -> None:
    plan = adopted()
    with pytest.raises(
        BudgetExhausted,
        match=r"^training refused by the p budget: the training budget is spent "
        r"\(courses cost 3000, 0 left\)$",
    ):
        plan.commit_training_cost("E1@CFO", ["LEAD-101"], REFUSE, "ops")
    assert plan.collect_events() == []
    assert plan.committed_cost == 0


def test_training_started_before_adoption_is_counted_once_and_nothing_is_recorded_without_it() -> (
    None
):
    plan = adopted()
    plan.count_prior_training({}, "hr")
    assert plan.collect_events() == []
    plan.count_prior_training({"LEAD-101": 2, "OLD-1": 1}, "hr")
    [counted] = plan.collect_events()
    assert type(counted).__name__ == "PriorTrainingCounted"
    assert (plan.committed_cost, plan.committed_hours, plan.trainings, plan.unpriced) == (
        6000.0,
        40.0,
        0,
        {"OLD-1": 1},
    )
