"""What a pipeline step works on (its subject) and what it reports, for one candidate.

A step is run by `batch.run_step` (one candidate) or `batch.run_batch` (many), both through the
one unit of work (`unit_of_work.UnitOfWork`); `sync_pool` keeps the pool agreeing with the
candidate after every step.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from succession_flow.domain.candidate import Candidate
from succession_flow.domain.decision import Decision
from succession_flow.domain.employee import Employee
from succession_flow.domain.lifecycle import State
from succession_flow.domain.pool import TalentPool
from succession_flow.domain.position import Position

if TYPE_CHECKING:  # a type only: importing the store at start-up would load its driver
    pass


@dataclass(frozen=True)
class StepResult:
    """What a step did, as the operator is told it."""

    key: str
    step: str
    outcome: str
    state: str
    decision: Decision | None = None
    overridden: bool = False


A = TypeVar("A", bound=Aggregate)


class Shared(Protocol):
    """Where a step finds other aggregates it changes (the talent plan in force), so they are
    saved in the same atomic save as the candidate: one step's, or one batch chunk's."""

    def find(self, aggregate_id: UUID, cls: type[A]) -> A | None: ...


@dataclass
class Subject:
    """The aggregates one step reads and changes."""

    candidate: Candidate
    employee: Employee
    position: Position
    pool: TalentPool | None
    shared: Shared


def sync_pool(subject: Subject, actor: str) -> TalentPool | None:
    """Make the pool agree with the candidate after a step: admit, re-grade or release."""
    cand, pool = subject.candidate, subject.pool
    member = pool.members.get(cand.employee_id) if pool else None
    in_pool_states = (State.POOLED, State.IN_TRAINING, State.TRAINED)
    if cand.state in in_pool_states:
        if pool is None:
            pool = subject.pool = TalentPool(position_id=cand.position_id, actor=actor)
        if member is None:
            pool.admit(cand.employee_id, cand.readiness, cand.emergency_successor, actor)
        elif (member["readiness"], member["emergency_successor"]) != (
            cand.readiness,
            cand.emergency_successor,
        ):
            pool.change_readiness(cand.employee_id, cand.readiness, cand.emergency_successor, actor)
    elif member is not None and pool is not None:
        pool.release(cand.employee_id, cand.state.value, actor)
    return pool
