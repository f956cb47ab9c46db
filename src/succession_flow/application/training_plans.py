"""A training plan per pooled candidate, from the workflow of the candidate's echelon.

Courses are the workflow's required courses for the position's family; the deadline is today
plus the workflow's training period; personal development goals come from the candidate's own
weakest competency and job-match part, so each plan is tied to the person, not only the post.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from succession_flow.application.pipeline import Subject
from succession_flow.application.services import Services
from succession_flow.application.workflows import workflow_for
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


def apply_train(services: Services, s: Subject, actor: str) -> tuple[str, None]:
    s.candidate.check_allowed("train")
    plan = plan_for(services, s)
    s.candidate.start_training(plan.courses, plan.deadline.isoformat(), plan.goals, actor)
    return "in_training", None
