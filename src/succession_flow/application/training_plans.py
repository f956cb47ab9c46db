"""A training plan per pooled candidate, from the workflow of the candidate's echelon.

Courses are the workflow's required courses for the position's family; the deadline is today
plus the workflow's training period; personal development goals come from the candidate's own
weakest competency and job-match part, so each plan is tied to the person, not only the post.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

from succession_flow.application.budget_gate import (
    BudgetExhausted,
    gate_decision,
    training_budget_facts,
)
from succession_flow.application.pipeline import Subject
from succession_flow.application.plans import plan_in_force
from succession_flow.application.services import Services
from succession_flow.application.workflows import workflow_for
from succession_flow.domain.candidate import Candidate
from succession_flow.domain.decision import Decision
from succession_flow.domain.employee import Employee
from succession_flow.domain.position import Position


@dataclass(frozen=True)
class Plan:
    courses: list[str]
    deadline: date
    goals: list[str]


def words(name: str) -> str:
    return name.replace("_", " ")


def development_goals(employee: Employee, position: Position) -> list[str]:
    goals = [f"prepare to take up the post of {position.title}"]
    if employee.competencies:
        weakest = min(sorted(employee.competencies), key=lambda k: employee.competencies[k])
        goals.append(
            f"raise {words(weakest)} from {employee.competencies[weakest]:g} to at least "
            f"{min(5.0, employee.competencies[weakest] + 0.5):g}"
        )
    if employee.job_match:
        part = min(sorted(employee.job_match), key=lambda k: employee.job_match[k])
        goals.append(f"work on {words(part)} (job match {employee.job_match[part]:g}/100)")
    return goals


def plan_for(services: Services, s: Subject) -> Plan:
    workflow = workflow_for(services, s.position.echelon)
    return Plan(
        courses=workflow.training.courses_for(s.position.family),
        deadline=services.today() + timedelta(days=workflow.training.period_days),
        goals=development_goals(s.employee, s.position),
    )


class BatchBudget:
    """The training-budget gate across one batch of plans.

    The talent plan in force is looked up once. Plans this batch started but has not saved yet
    (its chunk is still open, or a dry run saves nothing) count against the budget like saved
    ones, so a batch never spends more than one plan at a time would.
    """

    def __init__(self, services: Services) -> None:
        self.services = services
        self.plan_checked = False
        self.has_plan = False
        self.started: dict[UUID, tuple[Candidate, float]] = {}

    def unsaved(self, candidate: Candidate) -> float:
        return sum(
            cost
            for other, cost in self.started.values()
            if other.pending_events and other.id != candidate.id
        )

    def gate(self, s: Subject, courses: list[str]) -> Decision | None:
        if not self.plan_checked:
            self.has_plan = plan_in_force(self.services) is not None
            self.plan_checked = True
        if not self.has_plan:
            return None
        facts = training_budget_facts(self.services, s.candidate.key, courses)
        if facts is None:
            return None
        pending = self.unsaved(s.candidate)
        facts["budget_remaining"] = round(facts["budget_remaining"] - pending, 2)
        facts["budget_after"] = round(facts["budget_after"] - pending, 2)
        decision = gate_decision(self.services, facts)
        if decision.outcome == "refuse":
            raise BudgetExhausted(
                f"training refused by the budget: {decision.reason} "
                f"(courses cost {facts['plan_cost']:g}, {facts['budget_remaining']:g} left)"
            )
        self.started[s.candidate.id] = (s.candidate, facts["plan_cost"])
        return decision


def apply_train(
    services: Services, s: Subject, actor: str, budget: BatchBudget | None = None
) -> tuple[str, Decision | None]:
    s.candidate.check_allowed("train")
    plan = plan_for(services, s)
    gate = (budget or BatchBudget(services)).gate(s, plan.courses)
    s.candidate.start_training(plan.courses, plan.deadline.isoformat(), plan.goals, actor, gate)
    return "in_training", gate
