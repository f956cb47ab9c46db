"""The training-budget gate: starting training is refused once the plan's budget is spent.

The train step hands the gate `plan_cost` (what the requested courses cost by the plan's
catalogue), `budget_remaining` (the plan's training budget less what the courses started in its
period already committed) and `budget_after` (their difference), with the position's echelon,
id and criticality. The published rule set of step `training-start` (`training-budget`)
decides `allow` or `refuse`; until one is published, the default below refuses whatever would
take the budget below zero.
"""

from __future__ import annotations

from typing import Any

from succession_flow.application.deciding import decide, ruleset_name
from succession_flow.application.facts import common_facts
from succession_flow.application.plans import plan_in_force
from succession_flow.application.services import Services
from succession_flow.domain.decision import Decision
from succession_flow.domain.errors import IllegalTransition
from succession_flow.domain.keys import CandidateKey, position_uuid
from succession_flow.domain.position import Position
from succession_flow.domain.ruleset import RuleSet, ruleset_uuid
from succession_flow.reports.plan_status import budget
from succession_flow.reports.report import source

STEP = "training-start"


class BudgetExhausted(IllegalTransition):
    """The plan in force has no training budget left for these courses; nothing was recorded."""


def training_budget_facts(
    services: Services, key: CandidateKey, courses: list[str]
) -> dict[str, Any] | None:
    """The facts the gate decides on; None when no plan is in force today (no budget to keep)."""
    plan = plan_in_force(services)
    if plan is None:
        return None
    position = services.store.get(
        position_uuid(key.position_id), Position, f"position {key.position_id}"
    )
    with source(services) as db:
        money = budget(db, plan.spec)
    catalogue = plan.spec["courses"]
    cost = round(sum(catalogue[c]["cost"] for c in courses if c in catalogue), 2)
    return {
        **common_facts(position),
        "plan_cost": cost,
        "budget_remaining": money["remaining"],
        "budget_after": round(money["remaining"] - cost, 2),
    }


DEFAULT = "built-in:training-budget"
"""The `ruleset` a default decision records, so an auditor sees no published rules decided."""


def default_decision(facts: dict[str, Any]) -> Decision:
    if facts["budget_after"] < 0:
        outcome, reason = "refuse", "the courses cost more than the training budget left"
    else:
        outcome, reason = "allow", "within the training budget"
    return Decision(outcome=outcome, reason=reason, ruleset=DEFAULT, facts=dict(facts))


def gate_decision(services: Services, facts: dict[str, Any]) -> Decision:
    """The published `training-budget` rule set decides; the default until one is published."""
    name = ruleset_name(services, STEP, facts)
    ruleset = services.store.find(ruleset_uuid(name), RuleSet)
    if ruleset is None or not ruleset.current:
        return default_decision(facts)
    return decide(services, STEP, facts)


def check_training_budget(
    services: Services, key: CandidateKey, courses: list[str]
) -> Decision | None:
    """Raise BudgetExhausted when the gate refuses; the decision otherwise (None: no plan)."""
    facts = training_budget_facts(services, key, courses)
    if facts is None:
        return None
    decision = gate_decision(services, facts)
    if decision.outcome == "refuse":
        plan = plan_in_force(services)
        raise BudgetExhausted(
            f"{key}: training refused by the {plan.plan_id if plan else ''} budget: "
            f"{decision.reason} (courses cost {facts['plan_cost']:g}, "
            f"{facts['budget_remaining']:g} left)"
        )
    return decision
