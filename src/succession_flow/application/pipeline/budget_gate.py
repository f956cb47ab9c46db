"""The training-budget gate: starting training is refused once the plan's budget is spent.

The train step hands the gate `plan_cost` (what the requested courses cost by the plan's
catalogue), `budget_remaining` (the plan's training budget less the cost already committed on
the plan) and `budget_after` (their difference), with the position's echelon, id and
criticality. The published rule set of step `training-start` (`training-budget`) decides `allow`
or `refuse`; until one is published, the default below refuses whatever would take the budget
below zero.

The balance is read from the plan aggregate itself, loaded with the step's other aggregates, and
an allowed training commits its cost on that plan (`TalentPlan.commit_training_cost`) in the same
atomic save as the candidate's `TrainingStarted`. A writer that raced another for the last of
the budget fails its save, reloads the plan with the winner's commitment, and is decided again.
"""

from __future__ import annotations

from typing import Any

from succession_flow.application.hr_files.plans import plan_in_force
from succession_flow.application.pipeline.deciding import cited, decide, ruleset_name
from succession_flow.application.pipeline.facts import common_facts
from succession_flow.application.pipeline.subject import Subject
from succession_flow.application.services import Services
from succession_flow.domain.decision import Decision
from succession_flow.domain.fact_rounding import rounded
from succession_flow.domain.keys import CandidateKey, position_uuid
from succession_flow.domain.plan import BudgetExhausted, TalentPlan
from succession_flow.domain.position import Position
from succession_flow.domain.ruleset import RuleSet, ruleset_uuid

STEP = "training-start"
__all__ = ["BudgetExhausted", "budget_decision", "start_training", "training_budget_facts"]


def budget_facts(plan: TalentPlan, position: Position, courses: list[str]) -> dict[str, Any]:
    cost = plan.price(dict.fromkeys(courses, 1)).cost
    remaining = rounded("budget_remaining", plan.remaining)
    return {
        **common_facts(position),
        "plan_cost": cost,
        "budget_remaining": remaining,
        "budget_after": rounded("budget_after", remaining - cost),
    }


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
    return budget_facts(plan, position, courses)


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


def budget_decision(
    services: Services, plan: TalentPlan, s: Subject, courses: list[str]
) -> Decision:
    """The gate's decision on these courses; BudgetExhausted (nothing changed) when it refuses."""
    decision = cited(gate_decision(services, budget_facts(plan, s.position, courses)), s)
    plan.check_commitment(courses, decision)
    return decision


def start_training(
    s: Subject,
    courses: list[str],
    deadline: str,
    goals: list[str],
    actor: str,
    gate: tuple[TalentPlan | None, Decision | None],
) -> None:
    """Start the candidate's training and commit its cost on the plan, both or neither."""
    plan, decision = gate
    s.candidate.start_training(courses, deadline, goals, actor, decision)
    if plan is not None and decision is not None:
        plan.commit_training_cost(str(s.candidate.key), courses, decision, actor)
