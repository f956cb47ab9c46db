"""Two writers racing for the last of a talent plan's training budget, on SQLite and PostgreSQL.

The plan has room for one training only. Each writer is a thread with its own store connection,
held at its first save until both have loaded and decided (see test_concurrent_writers.py), so
both see the whole budget and both are allowed at first. Training cost is committed on the plan
in the same atomic save as the candidate's TrainingStarted, so the second save fails on the
plan's version, the loser reloads the plan with the winner's commitment, and the published
`training-budget` rules refuse it: exactly one training starts. Two CLI processes racing end the same way.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from succession_flow.application.batch.runner import BatchReport, Scope
from succession_flow.application.batch.steps import run_step_batch
from succession_flow.application.hr_files import plans, rule_publishing
from succession_flow.application.hr_files.workflows import publish_workflows, rule_steps
from succession_flow.application.people import staffing
from succession_flow.application.pipeline import steps
from succession_flow.application.pipeline.subject import StepResult
from succession_flow.application.services import Services
from succession_flow.domain.candidate import Override
from succession_flow.domain.keys import CandidateKey
from succession_flow.domain.plan import BudgetExhausted, TalentPlan, plan_uuid
from succession_flow.formats.planbook.loader import parse_plan
from tests.e2e.cli_helpers import run_json
from tests.e2e.rules_setup import SHIPPED
from tests.harness.company import OpenCompany
from tests.integration.builders import ACTOR, company, employee_record, position_spec
from tests.integration.test_concurrent_writers import OneDecisionAtATime, Writer, race

WORKFLOWS = Path(__file__).parents[2] / "workflows"
ADA, BEN, CARL = (
    CandidateKey("E1001", "VP-SALES"),
    CandidateKey("E1002", "VP-SALES"),
    CandidateKey("E1003", "CFO"),
)
SALES = ["LEAD-301", "STRAT-310", "SAL-320"]  # 16,500: the key-position workflow's sales courses
PLAN = """
id: room-for-one
title: Room for one training
period: {start: 2000-01-01, end: 2999-12-31}
goal: {id: key-bench, echelon: key-position, by: 2999-12-31}
safeguards: {currency: EUR, training_budget: 20000}
courses:
  LEAD-301: {cost: 6500, hours: 40}
  STRAT-310: {cost: 5800, hours: 32}
  SAL-320: {cost: 4200, hours: 24}
  FIN-330: {cost: 4900, hours: 36}
"""


@pytest.fixture
def engine() -> OneDecisionAtATime:
    return OneDecisionAtATime()


def three_pooled_under_one_budget(services: Services) -> None:
    """ADA, BEN (VP-SALES) and CARL (CFO) pooled ready-now, under a plan with room for one."""
    company(services)
    cfo = position_spec("CFO", title="Chief Financial Officer", unit="Finance", family="finance")
    staffing.define_position(services, cfo, ACTOR)
    staffing.record_employee(services, employee_record("E1003", services.today()), ACTOR)
    rule_publishing.publish(services, SHIPPED, ACTOR, "shipped rules")
    publish_workflows(services, WORKFLOWS, rule_steps(SHIPPED), ACTOR, "shipped workflows")
    for key in (ADA, BEN, CARL):
        steps.nominate(services, key, ACTOR, "review")
        steps.evaluate(services, key, ACTOR, Override("pass", "board"))
        steps.pool(services, key, ACTOR, Override("ready-now", "board"))
    spec = parse_plan(PLAN, "plans/room-for-one.yaml")
    plans.adopt_plan(services, spec.id, spec.to_data(), PLAN, ACTOR)


@pytest.fixture
def services(open_company: OpenCompany, engine: OneDecisionAtATime) -> Services:
    """The company behind the one engine the racing writers share."""
    return open_company(three_pooled_under_one_budget, engine=engine)


def train(key: CandidateKey) -> Writer:
    return lambda s: steps.train(s, key, ACTOR, SALES, date(2099, 1, 1), [])


def plan_events(services: Services) -> list[str]:
    return [type(e).__name__ for e in services.store.events_of(plan_uuid("room-for-one"))]


def started(services: Services, key: CandidateKey) -> bool:
    return any(type(e).__name__ == "TrainingStarted" for e in services.store.events_of(key.uuid))


def test_two_train_commands_at_once_start_one_training_when_only_one_fits(
    services: Services, store_url: str, engine: OneDecisionAtATime
) -> None:
    before = services.store.event_count()
    outcome = race(store_url, engine, train(ADA), train(BEN))
    [refusal] = outcome.refused()
    [winner] = [r for r in outcome.results if isinstance(r, StepResult)]
    loser = BEN if winner.key == str(ADA) else ADA
    assert isinstance(refusal, BudgetExhausted)
    assert str(refusal) == (
        f"{loser}: training refused by the room-for-one budget: the courses cost more than the "
        "training budget left (courses cost 16500, 3500 left)"
    )
    assert sorted(outcome.saves) == [0, 1]  # the loser's save failed; on reload it was refused
    assert (started(services, ADA), started(services, BEN)) == (loser == BEN, loser == ADA)
    assert plan_events(services) == ["Adopted", "TrainingCostCommitted"]
    plan = services.store.get(plan_uuid("room-for-one"), TalentPlan, "plan")
    assert (plan.committed_cost, plan.remaining, plan.trainings) == (16500.0, 3500.0, 1)
    assert services.store.event_count() == before + 2


def test_a_batch_and_a_train_command_at_once_start_one_training_when_only_one_fits(
    services: Services, store_url: str, engine: OneDecisionAtATime
) -> None:
    """The batch's chunk loads the plan once and saves it with the chunk's candidates."""
    outcome = race(
        store_url,
        engine,
        lambda s: run_step_batch(s, "train", Scope(position_id="CFO"), ACTOR),
        train(ADA),
    )
    batch, single = outcome.results
    assert isinstance(batch, BatchReport)
    assert len(outcome.saves) == 2
    if isinstance(single, StepResult):
        assert (batch.applied, batch.errors) == (0, [
            "E1003@CFO: training refused by the room-for-one budget: the courses cost more than "
            "the training budget left (courses cost 17200, 3500 left)"
        ])  # fmt: skip
    else:
        assert (batch.applied, batch.errors) == (1, [])
        assert str(single) == (
            "E1001@VP-SALES: training refused by the room-for-one budget: the courses cost more "
            "than the training budget left (courses cost 16500, 2800 left)"
        )
    assert started(services, ADA) != started(services, CARL)
    assert plan_events(services) == ["Adopted", "TrainingCostCommitted"]


CLI = "from succession_flow.cli.main import main; main()"


def test_two_cli_processes_training_at_once_give_one_start_and_one_exit_4(
    services: Services, store_url: str
) -> None:
    """Whoever saves first, and whether or not their saves collide, one start and one refusal."""
    before = services.store.event_count()
    command = [sys.executable, "-c", CLI, "--store", store_url, "train"]
    processes = [
        subprocess.Popen(
            [*command, str(key), "--deadline", "2099-01-01"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for key in (ADA, BEN)
    ]
    finished = sorted((p.wait(timeout=120), *p.communicate(timeout=120)) for p in processes)
    assert [code for code, _, _ in finished] == [0, 4]
    assert finished[1][2].endswith(
        " budget: the courses cost more than the training budget left "
        "(courses cost 16500, 3500 left)\n"
    )
    assert started(services, ADA) != started(services, BEN)
    assert plan_events(services) == ["Adopted", "TrainingCostCommitted"]
    assert services.store.event_count() == before + 2


def test_a_dry_run_with_two_workers_spends_the_budget_once_as_the_real_workers_do(
    services: Services, store_url: str
) -> None:
    """The shares split the positions (CFO is share 0, VP-SALES share 1) but not the plan."""
    dry = run_json(store_url, "run", "train", "--dry-run", "--workers", "2")
    real = run_json(store_url, "run", "train", "--workers", "2")
    assert dry["outcomes"] == real["outcomes"] == {"in_training": 1}
    assert len(dry["errors"]) == len(real["errors"]) == 2
    assert dry["names"] == {"in_training": [str(CARL)]}  # the shares in order: CFO's first
