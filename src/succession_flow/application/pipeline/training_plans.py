"""A training plan per pooled candidate, from the workflow of the candidate's echelon.

Courses are the workflow's required courses for the position's family; the deadline is today
plus the workflow's training period; personal development goals come from the candidate's own
weakest competency and job-match part, so each plan is tied to the person, not only the post.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

from succession_flow.application.hr_files.plans import plan_in_force
from succession_flow.application.hr_files.workflows import workflow_for
from succession_flow.application.pipeline.budget_gate import budget_decision, start_training
from succession_flow.application.pipeline.subject import Subject
from succession_flow.application.services import Services
from succession_flow.domain.decision import Decision
from succession_flow.domain.employee import Employee
from succession_flow.domain.plan import TalentPlan
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

    Which talent plan is in force is looked up once; the plan itself is loaded once per chunk
    through the chunk's unit of work, takes each allowed training's commitment, and is saved
    with the chunk (a lost race reloads it with everything else). A dry run's chunks are saved
    to memory (`Store.unsaved`), so a later chunk's plan carries the earlier commitments there
    too: a dry run refuses exactly whom the real run would.
    """

    def __init__(self, services: Services) -> None:
        self.services = services
        self.plan_id: UUID | None = None
        self.looked_up = False

    def plan(self, s: Subject) -> TalentPlan | None:
        if not self.looked_up:
            found = plan_in_force(self.services)
            self.plan_id, self.looked_up = (found.id if found else None), True
        return None if self.plan_id is None else s.shared.find(self.plan_id, TalentPlan)

    def gate(self, s: Subject, courses: list[str]) -> tuple[TalentPlan | None, Decision | None]:
        plan = self.plan(s)
        if plan is None:
            return None, None
        return plan, budget_decision(self.services, plan, s, courses)


def apply_train(
    services: Services, s: Subject, actor: str, budget: BatchBudget | None = None
) -> tuple[str, Decision | None]:
    s.candidate.check_allowed("train")
    plan = plan_for(services, s)
    budget = budget or BatchBudget(services)
    gate = budget.gate(s, plan.courses)
    start_training(s, plan.courses, plan.deadline.isoformat(), plan.goals, actor, gate)
    return "in_training", gate[1]
