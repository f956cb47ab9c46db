"""A talent development plan as adopted: goals, stages and budget, the tasks done since, and the
training cost committed against its budget.

The plan's whole text and its checked values are recorded when it is adopted, so its status can
be computed (and audited) later even if the file changes. A revision is its own event.

Every training started while the plan is in force commits its cost on the plan itself
(`TrainingCostCommitted`, saved in the same atomic save as the candidate's `TrainingStarted`).
So the budget's balance comes from the plan's own events, and two writers racing for the last
of the budget cannot both win: the loser's save fails on the plan's version, it reloads, sees
the winner's commitment and is decided again. Committed cost stays committed when training later
fails or the candidate leaves: the money was spent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from succession_flow.domain.decision import Decision
from succession_flow.domain.errors import IllegalTransition, InvalidInput
from succession_flow.domain.keys import NAMESPACE
from succession_flow.domain.values import check_note


def plan_uuid(plan_id: str) -> UUID:
    return uuid5(NAMESPACE, f"plan:{plan_id}")


class BudgetExhausted(IllegalTransition):
    """The plan in force has no training budget left for these courses; nothing was recorded."""


@dataclass(frozen=True)
class Price:
    """What courses cost by the plan's catalogue; courses it does not list are unpriced."""

    cost: float
    hours: float
    unpriced: tuple[str, ...]


class TalentPlan(Aggregate):
    @staticmethod
    def create_id(plan_id: str) -> UUID:
        return plan_uuid(plan_id)

    @event("Adopted")
    def __init__(
        self, plan_id: str, spec: dict[str, Any], source: str, actor: str, adopted_on: str = ""
    ) -> None:
        """`adopted_on`: the day relative dates in the file (`+180d`) count from."""
        self.plan_id = plan_id
        self.spec = dict(spec)
        self.source = source
        self.adopted_on = adopted_on
        self.done: dict[str, dict[str, str]] = {}
        self.revisions = 1
        self.committed_cost = 0.0
        self.committed_hours = 0.0
        self.trainings = 0
        self.unpriced: dict[str, int] = {}

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
        note = check_note("--note", note)
        if task_id not in self.task_ids():
            raise InvalidInput(f"plan {self.plan_id}: no task {task_id!r}")
        if task_id in self.done:
            raise IllegalTransition(f"plan {self.plan_id}: task {task_id} is already done")
        self._complete_task(task_id=task_id, day=day, actor=actor, note=note)

    @event("TaskCompleted")
    def _complete_task(self, task_id: str, day: str, actor: str, note: str) -> None:
        self.done[task_id] = {"day": day, "by": actor, "note": note}

    def in_force_on(self, day: str) -> bool:
        period = self.spec["period"]
        return bool(period["start"] <= day <= period["end"])

    @property
    def budget(self) -> float:
        return float(self.spec["safeguards"]["training_budget"])

    @property
    def remaining(self) -> float:
        return round(self.budget - self.committed_cost, 2)

    def price(self, courses: dict[str, int]) -> Price:
        """Courses (with how many participants) priced by the plan's catalogue."""
        catalogue = self.spec["courses"]
        cost = sum(catalogue[c]["cost"] * n for c, n in courses.items() if c in catalogue)
        hours = sum(catalogue[c]["hours"] * n for c, n in courses.items() if c in catalogue)
        unpriced = tuple(sorted(c for c in courses if c not in catalogue))
        return Price(round(float(cost), 2), round(float(hours), 2), unpriced)

    def count_prior_training(self, courses: dict[str, int], actor: str) -> None:
        """Training started in the plan's period before it was adopted counts against its budget
        too (recorded once, at adoption, priced by the catalogue adopted)."""
        if not courses:
            return
        price = self.price(courses)
        self._count_prior_training(
            courses=dict(sorted(courses.items())),
            cost=price.cost,
            hours=price.hours,
            actor=actor,
        )

    @event("PriorTrainingCounted")
    def _count_prior_training(
        self, courses: dict[str, int], cost: float, hours: float, actor: str
    ) -> None:
        self._add(cost, hours, {c: n for c, n in courses.items() if c not in self.spec["courses"]})

    def check_commitment(self, courses: list[str], decision: Decision) -> None:
        """Refuse, before anything changes, training the budget gate did not allow."""
        if decision.outcome != "allow":
            cost = self.price(dict.fromkeys(courses, 1)).cost
            left = decision.facts.get("budget_remaining", self.remaining)
            raise BudgetExhausted(
                f"training refused by the {self.plan_id} budget: {decision.reason} "
                f"(courses cost {cost:g}, {left:g} left)"
            )

    def commit_training_cost(
        self, candidate: str, courses: list[str], decision: Decision, actor: str
    ) -> None:
        """Commit what `candidate`'s courses cost, as the budget gate allowed."""
        self.check_commitment(courses, decision)
        price = self.price(dict.fromkeys(courses, 1))
        self._commit_training_cost(
            candidate=candidate,
            courses=list(courses),
            cost=price.cost,
            hours=price.hours,
            decision=decision.to_dict(),
            actor=actor,
        )

    @event("TrainingCostCommitted")
    def _commit_training_cost(
        self,
        candidate: str,
        courses: list[str],
        cost: float,
        hours: float,
        decision: dict[str, Any],
        actor: str,
    ) -> None:
        self.trainings += 1
        self._add(cost, hours, {c: 1 for c in courses if c not in self.spec["courses"]})

    def _add(self, cost: float, hours: float, unpriced: dict[str, int]) -> None:
        self.committed_cost = round(self.committed_cost + cost, 2)
        self.committed_hours = round(self.committed_hours + hours, 2)
        for course, count in unpriced.items():
            self.unpriced[course] = self.unpriced.get(course, 0) + count
