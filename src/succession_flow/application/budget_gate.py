"""The training-budget gate: starting training is refused once the plan's budget is spent.

The train step hands two facts to the gate, `plan_cost` (what the requested courses cost by the
plan's catalogue) and `budget_remaining` (the plan's training budget less what courses started
in its period already committed), plus `budget_after`, their difference. The published rule set
`training-budget` (step `training-start`) decides `allow` or `refuse`; until one is published,
the default below applies: refuse whatever would take the budget below zero.
"""

from __future__ import annotations

from typing import Any

from succession_flow.application.plans import plan_in_force
from succession_flow.application.services import Services
from succession_flow.domain.decision import Decision
from succession_flow.domain.errors import IllegalTransition
from succession_flow.domain.keys import CandidateKey
from succession_flow.domain.ruleset import RuleSet, ruleset_uuid
from succession_flow.reports.plan_status import budget
from succession_flow.reports.report import source

STEP = "training-start"
RULESET = "training-budget"


class BudgetExhausted(IllegalTransition):
    """The plan in force has no training budget left for these courses; nothing was recorded."""


def training_budget_facts(services: Services, courses: list[str]) -> dict[str, Any] | None:
    """None when no plan is in force today: then there is no budget to keep."""
    plan = plan_in_force(services)
    if plan is None:
        return None
    with source(services) as db:
        money = budget(db, plan.spec)
    catalogue = plan.spec["courses"]
    cost = round(sum(catalogue[c]["cost"] for c in courses if c in catalogue), 2)
    return {
        "plan": plan.plan_id,
        "plan_cost": cost,
        "budget_remaining": money["remaining"],
        "budget_after": round(money["remaining"] - cost, 2),
        "unpriced_courses": sorted(c for c in courses if c not in catalogue),
    }


def default_decision(facts: dict[str, Any]) -> Decision:
    if facts["budget_after"] < 0:
        return Decision.manual("refuse", "the courses cost more than the training budget left")
    return Decision.manual("allow", "within the training budget")


def gate_decision(services: Services, facts: dict[str, Any]) -> Decision:
    name = services.step_rulesets.get(STEP, RULESET)
    ruleset = services.store.find(ruleset_uuid(name), RuleSet)
    if ruleset is None or not ruleset.current:
        return default_decision(facts)
    rule_facts = {
        k: v for k, v in facts.items() if k in ("plan_cost", "budget_remaining", "budget_after")
    }
    return services.engine.decide(ruleset.current_source, rule_facts)


def check_training_budget(
    services: Services, key: CandidateKey, courses: list[str]
) -> Decision | None:
    """Raise BudgetExhausted when the gate refuses; the decision otherwise (None: no plan)."""
    facts = training_budget_facts(services, courses)
    if facts is None:
        return None
    decision = gate_decision(services, facts)
    if decision.outcome == "refuse":
        raise BudgetExhausted(
            f"{key}: training refused by the {facts['plan']} budget: {decision.reason} "
            f"(courses cost {facts['plan_cost']:g}, {facts['budget_remaining']:g} left)"
        )
    return decision
