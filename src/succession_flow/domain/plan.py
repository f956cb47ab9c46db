"""A talent development plan as adopted: goals, stages and budget, and the tasks done since.

The plan's whole text and its checked values are recorded when it is adopted, so its status can
be computed (and audited) later even if the file changes. A revision is its own event.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from succession_flow.domain.errors import IllegalTransition, InvalidInput
from succession_flow.domain.keys import NAMESPACE


def plan_uuid(plan_id: str) -> UUID:
    return uuid5(NAMESPACE, f"plan:{plan_id}")


class TalentPlan(Aggregate):
    @staticmethod
    def create_id(plan_id: str) -> UUID:
        return plan_uuid(plan_id)

    @event("Adopted")
    def __init__(self, plan_id: str, spec: dict[str, Any], source: str, actor: str) -> None:
        self.plan_id = plan_id
        self.spec = dict(spec)
        self.source = source
        self.done: dict[str, dict[str, str]] = {}
        self.revisions = 1

    def revise(self, spec: dict[str, Any], source: str, actor: str) -> None:
        if spec == self.spec:
            raise IllegalTransition(f"plan {self.plan_id}: this version is already adopted")
        self._revise(spec=spec, source=source, actor=actor)

    @event("Revised")
    def _revise(self, spec: dict[str, Any], source: str, actor: str) -> None:
        self.spec = dict(spec)
        self.source = source
        self.revisions += 1

    def task_ids(self) -> list[str]:
        return [task["id"] for stage in self.spec["stages"] for task in stage["tasks"]]

    def complete_task(self, task_id: str, day: str, actor: str, note: str) -> None:
        if task_id not in self.task_ids():
            raise InvalidInput(f"plan {self.plan_id}: no task {task_id!r}")
        if task_id in self.done:
            raise IllegalTransition(f"plan {self.plan_id}: task {task_id} is already done")
        self._complete_task(task_id=task_id, day=day, actor=actor, note=note)

    @event("TaskCompleted")
    def _complete_task(self, task_id: str, day: str, actor: str, note: str) -> None:
        self.done[task_id] = {"day": day, "by": actor, "note": note}
