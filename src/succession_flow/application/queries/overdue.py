"""Who has stayed too long in a stage: the workflow's due days per stage, per echelon.

A stage starts with the event that moved the candidate into it (replayed from the candidate's
own events, so a course result does not restart the clock). A training plan is due on its
own deadline; other stages are due `due_days` after they started.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from succession_flow.application.batch.runner import Scope
from succession_flow.application.hr_files.workflows import workflow_for
from succession_flow.application.queries.finding import candidates
from succession_flow.application.services import Services
from succession_flow.domain.candidate import Candidate
from succession_flow.domain.lifecycle import ACTIVE_STATES, State
from succession_flow.formats.workflow.model import Workflow


@dataclass(frozen=True)
class Overdue:
    candidate: str
    echelon: str
    stage: str
    since: date
    due: date
    days_overdue: int


def stage_since(services: Services, candidate: Candidate) -> datetime:
    """When the candidate entered its current state."""
    aggregate: Any = None
    since = candidate.created_on
    for event in services.store.events_of(candidate.id):
        before = getattr(aggregate, "state", None)
        aggregate = event.mutate(aggregate)
        if aggregate.state != before:
            since = event.timestamp
    return since


def due_date(workflow: Workflow, candidate: Candidate, since: date) -> date | None:
    if candidate.state == State.IN_TRAINING and candidate.plan.get("deadline"):
        return date.fromisoformat(candidate.plan["deadline"])
    stage = workflow.stages.get(candidate.state.value)
    return since + timedelta(days=stage.due_days) if stage else None


def overdue(services: Services, scope: Scope, stage: str | None = None) -> list[Overdue]:
    """Active candidates in scope past their stage's due date, longest overdue first."""
    today = services.today()
    workflows: dict[str, Workflow] = {}
    found = []
    for c in candidates(services, scope.position_id, ACTIVE_STATES):
        if not scope.covers(c) or stage not in (None, c.state):
            continue
        if c.echelon not in workflows:
            workflows[c.echelon] = workflow_for(services, c.echelon)
        since = stage_since(services, c).date()
        due = due_date(workflows[c.echelon], c, since)
        if due is not None and due < today:
            late = (today - due).days
            found.append(Overdue(str(c.key), c.echelon, c.state.value, since, due, late))
    return sorted(found, key=lambda o: (-o.days_overdue, o.candidate))
