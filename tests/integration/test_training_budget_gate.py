"""The training-budget gate decided by the shipped rule set `training-budget` on durable_rules.

Same company and plan as test_plans.py: 4,000 of the 10,000 budget is left, LEAD-101 costs
3,000. With the rule set published, the real engine decides the gate.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from succession_flow.application.hr_files import plans
from succession_flow.application.hr_files.rule_publishing import publish
from succession_flow.application.pipeline import steps
from succession_flow.application.pipeline.budget_gate import BudgetExhausted, training_budget_facts
from succession_flow.application.services import Services
from succession_flow.domain.keys import CandidateKey
from succession_flow.formats.planbook.loader import parse_plan
from tests.integration.builders import ACTOR
from tests.integration.test_plans import PLAN
from tests.integration.world import build_world

RULES = Path(__file__).parents[2] / "rules"
DEADLINE = date(2027, 12, 31)


def gated_world(services: Services) -> None:
    """The hand-checked world under the test plan, with the shipped rules published."""
    build_world(services)
    spec = parse_plan(PLAN, "plans/test-plan.yaml")
    plans.adopt_plan(services, spec.id, spec.to_data(), PLAN, ACTOR)
    publish(services, RULES, ACTOR, "gate test")


pytestmark = pytest.mark.company(
    build=gated_world, clock=lambda: datetime(2027, 5, 1, 9, 0, tzinfo=UTC)
)


def test_the_gate_hands_the_rules_the_cost_and_the_budget_left(services: Services) -> None:
    facts = training_budget_facts(services, CandidateKey("E7", "HEAD-HR"), ["LEAD-101", "X-1"])
    assert facts == {
        "echelon": "management",
        "position_id": "HEAD-HR",
        "criticality": "critical",
        "plan_cost": 3000,
        "budget_remaining": 4000.0,
        "budget_after": 1000.0,
    }


def test_the_published_rules_allow_within_the_budget_and_refuse_beyond_it(
    services: Services,
) -> None:
    ada = CandidateKey("E1", "VP-SALES")
    steps.train(services, ada, ACTOR, ["LEAD-101"], DEADLINE, [])
    started = services.store.events_of(ada.uuid)[-1].decision
    assert (started["ruleset"], started["outcome"], started["matched"]) == (
        "training-budget",
        "allow",
        [],
    )
    assert (started["facts"]["plan_cost"], started["facts"]["budget_after"]) == (3000, 1000.0)
    before = services.store.event_count()
    with pytest.raises(
        BudgetExhausted, match="the courses cost more than the training budget left"
    ):
        steps.train(services, CandidateKey("E7", "HEAD-HR"), ACTOR, ["LEAD-101"], DEADLINE, [])
    assert services.store.event_count() == before


def test_a_fresh_rule_set_whose_first_fact_matches_no_rule_decides_its_default() -> None:
    """durable_rules once crashed the process here; a child process keeps a crash visible."""
    program = (
        "from pathlib import Path\n"
        "from succession_flow.adapters.durable_engine import DurableRulesEngine\n"
        f"source = Path({str(RULES / 'training-budget.yaml')!r}).read_text() + '\\n# fresh\\n'\n"
        "facts = {'echelon': 'management', 'plan_cost': 1, 'budget_remaining': 9, "
        "'budget_after': 8}\n"
        "print(DurableRulesEngine().decide(source, facts).outcome)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=60
    )
    assert (done.returncode, done.stdout) == (0, "allow\n")
