"""Talent plans: adoption as events, status computed from the pools, and the budget gate.

The plan below prices LEAD-101 only; the world started LEAD-101 twice (E2, E6) and FIN-201
once (E2), so 6,000 of the 10,000 budget is committed and FIN-201 is reported unpriced.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from succession_flow.application.hr_files import plans
from succession_flow.application.pipeline import steps
from succession_flow.application.pipeline.budget_gate import BudgetExhausted
from succession_flow.application.queries.read_model import source
from succession_flow.application.services import Services
from succession_flow.domain.errors import IllegalTransition, InvalidInput
from succession_flow.domain.keys import CandidateKey
from succession_flow.formats.planbook.loader import parse_plan
from succession_flow.reports.plan_status import plan_status
from tests.integration.builders import ACTOR
from tests.integration.world import build_world

TODAY = date(2027, 5, 1)
PLAN = """
id: test-plan
title: Test plan
period: {start: 2000-01-01, end: 2999-12-31}
goal: {id: key-bench, description: Two per key post, echelon: key-position,
       successors_per_position: 2, ready_now_per_position: 1, by: 2027-12-31}
sub_goals:
  - {id: sales, unit: Sales, successors_per_position: 1, ready_now_per_position: 1, by: 2027-03-31}
  - {id: finance, positions: [CFO, HEAD-FINANCE], successors_per_position: 1,
     ready_now_per_position: 0, by: 2027-06-30}
individual_goals:
  - {id: ben-ready, candidate: E2@VP-SALES, readiness: ready-1-2-years, by: 2027-06-30}
  - {id: dana-ready, candidate: E4@CFO, readiness: ready-now, by: 2027-04-30}
stages:
  - id: assess
    title: Assess
    due: 2027-03-31
    tasks:
      - {id: t1, title: Ratings, due: 2027-01-31}
      - {id: t2, title: Nominate, due: 2027-03-31}
  - id: develop
    title: Develop
    due: 2027-09-30
    tasks: [{id: t3, title: Train, due: 2027-09-30}]
safeguards: {currency: EUR, training_budget: 10000, training_hours: 100}
courses: {LEAD-101: {cost: 3000, hours: 20}}
"""


def planned_world(services: Services) -> None:
    """The hand-checked world with the test plan adopted."""
    build_world(services)
    spec = parse_plan(PLAN, "plans/test-plan.yaml")
    plans.adopt_plan(services, spec.id, spec.to_data(), PLAN, ACTOR)


pytestmark = pytest.mark.company(
    build=planned_world, clock=lambda: datetime(2027, 5, 1, 9, 0, tzinfo=UTC)
)


def status(services: Services) -> dict[str, Any]:
    plan = plans.require_plan(services, None)
    with source(services) as db:
        return plan_status(db, plan, TODAY).value


def test_plan_status_measures_each_goal_on_the_pools(services: Services) -> None:
    goals = status(services)["goals"]
    assert [(g["goal"], g["met"], g["of"], g["progress"], g["status"], g["missing"])
            for g in goals] == [
        ("key-bench", 1, 3, 0.333, "open", ["CFO", "CTO"]),
        ("sales", 1, 1, 1.0, "achieved", []),
        ("finance", 1, 2, 0.5, "open", ["HEAD-FINANCE"]),
        ("ben-ready", 1, 1, 1.0, "achieved", []),
        ("dana-ready", 0, 1, 0.0, "overdue", ["E4@CFO"]),
    ]  # fmt: skip


def test_plan_status_shows_stages_and_overdue_tasks(services: Services) -> None:
    plans.complete_task(services, "test-plan", "t1", ACTOR, "loaded")
    value = status(services)
    assert [(s["stage"], s["done"], s["of"], s["progress"], s["status"])
            for s in value["stages"]] == [
        ("assess", 1, 2, 0.5, "overdue"),
        ("develop", 0, 1, 0.0, "open"),
    ]  # fmt: skip
    assert value["stages"][0]["tasks"][0]["done"] == "2027-05-01"
    assert value["overdue_tasks"] == ["t2"]


def test_plan_status_balances_committed_training_against_the_budget(services: Services) -> None:
    assert status(services)["budget"] == {
        "currency": "EUR",
        "budget": 10000.0,
        "committed": 6000.0,
        "remaining": 4000.0,
        "hours_budget": 100.0,
        "hours_committed": 40.0,
        "balanced": True,
        "unpriced_courses": {"FIN-201": 1},
    }


def test_training_is_refused_once_the_budget_would_be_overspent(services: Services) -> None:
    deadline = date(2027, 12, 31)
    steps.train(services, CandidateKey("E1", "VP-SALES"), ACTOR, ["LEAD-101"], deadline, [])
    before = services.store.event_count()
    with pytest.raises(BudgetExhausted, match=r"E7@HEAD-HR: training refused by the test-plan "
                       r"budget: the courses cost more than the training budget left "
                       r"\(courses cost 3000, 1000 left\)"):  # fmt: skip
        steps.train(services, CandidateKey("E7", "HEAD-HR"), ACTOR, ["LEAD-101"], deadline, [])
    assert services.store.event_count() == before
    assert status(services)["budget"]["remaining"] == 1000.0


def test_adopting_a_changed_plan_records_a_revision_and_the_same_one_is_refused(
    services: Services,
) -> None:
    spec = parse_plan(PLAN.replace("training_budget: 10000", "training_budget: 20000"), "p")
    plan, what = plans.adopt_plan(services, spec.id, spec.to_data(), "text", ACTOR)
    assert (what, plan.revisions, plan.spec["safeguards"]["training_budget"]) == (
        "revised",
        2,
        20000,
    )
    before = services.store.event_count()
    with pytest.raises(IllegalTransition, match="plan test-plan: this version is already adopted"):
        plans.adopt_plan(services, spec.id, spec.to_data(), "text", ACTOR)
    assert services.store.event_count() == before


@pytest.mark.parametrize(
    ("task", "error", "message"),
    [
        ("nope", InvalidInput, "plan test-plan: no task 'nope'"),
        ("t1", IllegalTransition, "plan test-plan: task t1 is already done"),
    ],
)
def test_marking_an_unknown_or_done_task_is_refused(
    services: Services, task: str, error: type[Exception], message: str
) -> None:
    plans.complete_task(services, "test-plan", "t1", ACTOR, "")
    before = services.store.event_count()
    with pytest.raises(error, match=message):
        plans.complete_task(services, "test-plan", task, ACTOR, "")
    assert services.store.event_count() == before


def test_without_published_budget_rules_the_default_decision_is_recorded(
    services: Services,
) -> None:
    ada = CandidateKey("E1", "VP-SALES")
    steps.train(services, ada, ACTOR, ["LEAD-101"], date(2027, 12, 31), [])
    decision = services.store.events_of(ada.uuid)[-1].decision
    assert (decision["ruleset"], decision["outcome"], decision["reason"]) == (
        "built-in:training-budget",
        "allow",
        "within the training budget",
    )
    assert decision["facts"]["budget_after"] == 1000.0
