"""Use cases that move a candidate through the pipeline: load, decide, apply, save once.

Each use case runs inside `Store.retrying`, so a lost race reloads and decides again; the
candidate and its position's pool are saved in one atomic save.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from succession_flow.application.people.access import require
from succession_flow.application.services import Services
from succession_flow.domain.access import Capability
from succession_flow.domain.candidate import Candidate, Override
from succession_flow.domain.decision import Decision
from succession_flow.domain.employee import Employee
from succession_flow.domain.keys import CandidateKey, employee_uuid, pool_uuid, position_uuid
from succession_flow.domain.lifecycle import State
from succession_flow.domain.pool import TalentPool
from succession_flow.domain.position import Position

if TYPE_CHECKING:  # a type only: importing the store at start-up would load its driver
    from succession_flow.adapters.event_store import Store


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


class Loaded:
    """The aggregates one step found besides its subject; the changed ones are saved with it."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.found: dict[UUID, Aggregate | None] = {}

    def find(self, aggregate_id: UUID, cls: type[A]) -> A | None:
        if aggregate_id not in self.found:
            self.found[aggregate_id] = self.store.find(aggregate_id, cls)
        found = self.found[aggregate_id]
        return found if isinstance(found, cls) else None

    def changed(self) -> list[Aggregate]:
        return [a for a in self.found.values() if a is not None and a.pending_events]


@dataclass
class Subject:
    """The aggregates one step reads and changes."""

    candidate: Candidate
    employee: Employee
    position: Position
    pool: TalentPool | None
    shared: Shared


def load_subject(services: Services, key: CandidateKey, shared: Shared | None = None) -> Subject:
    store = services.store
    candidate = store.get(key.uuid, Candidate, f"candidate {key}")
    return Subject(
        candidate=candidate,
        employee=store.get(employee_uuid(key.employee_id), Employee, f"employee {key.employee_id}"),
        position=store.get(position_uuid(key.position_id), Position, f"position {key.position_id}"),
        pool=store.find(pool_uuid(key.position_id), TalentPool),
        shared=shared or Loaded(store),
    )


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


def run_step(
    services: Services,
    key: CandidateKey,
    step: str,
    actor: str,
    apply: Callable[[Subject], tuple[str, Decision | None]],
    override: Override | None = None,
) -> StepResult:
    require(services, actor, Capability.OPERATE)

    def attempt() -> StepResult:
        shared = Loaded(services.store)
        subject = load_subject(services, key, shared)
        outcome, decision = apply(subject)
        services.store.save(
            subject.candidate, sync_pool(subject, actor), subject.position, *shared.changed()
        )
        return StepResult(
            key=str(key),
            step=step,
            outcome=outcome,
            state=subject.candidate.state.value,
            decision=decision,
            overridden=override is not None
            and decision is not None
            and override.outcome != decision.outcome,
        )

    return services.store.retrying(attempt, str(key))
