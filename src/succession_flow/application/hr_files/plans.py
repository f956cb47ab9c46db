"""Use cases for talent plans: adopt (or revise) a plan, mark a task done, find the plan in force.

Plans are few, so they are found by scanning only the plans' own adoption events.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

from succession_flow.application.audit.moments import as_of
from succession_flow.application.hr_files.course_prices import check_priced
from succession_flow.application.queries.finding import event_class
from succession_flow.application.queries.read_model import source
from succession_flow.application.services import Services
from succession_flow.domain.errors import NotFound
from succession_flow.domain.plan import TalentPlan, plan_uuid
from succession_flow.formats.planbook.loader import load_plan
from succession_flow.formats.planbook.model import TalentPlanSpec

Find = Callable[[UUID, type[TalentPlan]], TalentPlan | None]
"""How plans are loaded: from the store, or through a step's shared aggregates (to be saved)."""


def adopt_plan(
    services: Services, plan_id: str, spec: dict[str, Any], text: str, actor: str
) -> tuple[TalentPlan, str]:
    """Adopt a new plan or revise an adopted one; returns the plan and `adopted` or `revised`."""
    store = services.store

    def attempt() -> tuple[TalentPlan, str]:
        plan = store.find(plan_uuid(plan_id), TalentPlan)
        if plan is None:
            plan, what = (
                TalentPlan(
                    plan_id=plan_id,
                    spec=spec,
                    source=text,
                    actor=actor,
                    adopted_on=services.today().isoformat(),
                ),
                "adopted",
            )
            plan.count_prior_training(prior_training(services, spec), actor)
        else:
            plan.revise(spec, text, actor)
            what = "revised"
        store.save(plan)
        return plan, what

    return store.retrying(attempt, f"plan {plan_id}")


def read_plan(path: Path, anchor: date | None = None) -> tuple[TalentPlanSpec, str]:
    """The checked plan file and its text; problems as YamlProblems, each naming FILE:LINE."""
    return load_plan(path, anchor)


def adopt_plan_file(services: Services, path: Path, actor: str) -> tuple[TalentPlan, str]:
    """Adopt (or revise) the plan in a file. Relative dates (`+180d`) count from the day the
    plan was first adopted, so revising a rolling plan does not move its deadlines."""
    spec, text = read_plan(path, services.today())
    adopted = services.store.find(plan_uuid(spec.id), TalentPlan)
    if adopted is not None and adopted.adopted_on:
        spec, text = read_plan(path, date.fromisoformat(adopted.adopted_on))
    check_priced(services, path, spec, text)
    return adopt_plan(services, spec.id, spec.to_data(), text, actor)


def prior_training(services: Services, spec: dict[str, Any]) -> dict[str, int]:
    """Courses started in the plan's period before it is adopted, with how many took each."""
    period = spec["period"]
    with source(services) as db:
        rows = db.query(
            "SELECT course, COUNT(*) FROM rm_training_courses WHERE started >= ? AND started <= ? "
            "GROUP BY course ORDER BY course",
            (period["start"], period["end"]),
        )
    return {str(course): int(count) for course, count in rows}


def complete_task(
    services: Services, plan_id: str, task_id: str, actor: str, note: str
) -> TalentPlan:
    store = services.store

    def attempt() -> TalentPlan:
        plan = get_plan(services, plan_id)
        plan.complete_task(task_id, services.today().isoformat(), actor, note)
        store.save(plan)
        return plan

    return store.retrying(attempt, f"plan {plan_id}")


def get_plan(services: Services, plan_id: str) -> TalentPlan:
    return services.store.get(plan_uuid(plan_id), TalentPlan, f"plan {plan_id}")


def plans(services: Services, find: Find | None = None) -> list[TalentPlan]:
    """Every adopted plan, in order of adoption."""
    store = services.store
    load = find or store.find
    found = []
    for notification in store.notifications((event_class(TalentPlan, "Adopted"),)):
        plan = load(notification.originator_id, TalentPlan)
        if plan is not None:
            found.append(plan)
    return found


def plan_in_force(
    services: Services, plan_id: str | None = None, find: Find | None = None
) -> TalentPlan | None:
    """The named plan, else the latest adopted plan whose period covers today."""
    if plan_id is not None:
        return get_plan(services, plan_id)
    today = services.today().isoformat()
    current = [p for p in plans(services, find) if p.in_force_on(today)]
    return current[-1] if current else None


def plan_as_of(services: Services, plan: TalentPlan, moment: datetime | None) -> TalentPlan:
    """The plan as adopted (and its tasks as done) at a moment; itself when no moment."""
    return as_of(services, plan.id, TalentPlan, f"plan {plan.plan_id}", moment)


def require_plan(services: Services, plan_id: str | None) -> TalentPlan:
    """The named plan, else the one in force today, else the latest adopted."""
    plan = plan_in_force(services, plan_id)
    if plan is None:
        adopted = plans(services)
        if not adopted:
            raise NotFound(
                "no talent plan adopted; adopt one with `succession-flow plan adopt FILE`"
            )
        plan = adopted[-1]
    return plan
