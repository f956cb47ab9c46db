"""Run one step over many candidates: chunked saves, idempotent, resumable, dry-run capable.

Each chunk is loaded, decided and saved in one transaction (many aggregates per save), so a
crash or Ctrl-C leaves every candidate either fully stepped or untouched; a re-run only picks
candidates still waiting for the step, so nothing is applied twice.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from succession_flow.application.access import require
from succession_flow.application.pipeline import A, Subject, sync_pool
from succession_flow.application.services import Services
from succession_flow.application.workflows import pinned
from succession_flow.domain.access import Capability
from succession_flow.domain.candidate import Candidate
from succession_flow.domain.employee import Employee
from succession_flow.domain.errors import SuccessionError
from succession_flow.domain.keys import CandidateKey, employee_uuid, pool_uuid, position_uuid
from succession_flow.domain.pool import TalentPool
from succession_flow.domain.position import Position

CHUNK = 500


@dataclass(frozen=True)
class Scope:
    """Which candidates a batch covers: one position, one echelon, or all (both None)."""

    position_id: str | None = None
    echelon: str | None = None

    def covers(self, candidate: Candidate) -> bool:
        return self.covers_position(candidate.position_id, candidate.echelon)

    def covers_position(self, position_id: str, echelon: str) -> bool:
        return self.position_id in (None, position_id) and self.echelon in (None, echelon)


@dataclass
class BatchReport:
    step: str
    dry_run: bool
    considered: int = 0
    applied: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    events: int = 0
    interrupted: bool = False

    def add(self, part: BatchReport) -> None:
        self.interrupted |= part.interrupted
        self.considered += part.considered
        self.applied += part.applied
        self.outcomes.update(part.outcomes)
        self.errors += part.errors
        self.events += part.events


class UnitOfWork:
    """Aggregates of one chunk: shared positions and pools, so one save holds them all."""

    def __init__(self, services: Services, loaded: Mapping[UUID, Aggregate] | None = None) -> None:
        self.services = services
        self.cache: dict[UUID, Aggregate] = dict(loaded or {})

    def load(self, uid: UUID, cls: type[Any], label: str) -> Any:
        if uid not in self.cache:
            self.cache[uid] = self.services.store.get(uid, cls, label)
        return self.cache[uid]

    def find(self, uid: UUID, cls: type[A]) -> A | None:
        """Another aggregate the chunk changes (the talent plan): loaded once, saved with it."""
        if uid not in self.cache:
            found = self.services.store.find(uid, cls)
            if found is None:
                return None
            self.cache[uid] = found
        cached = self.cache[uid]
        return cached if isinstance(cached, cls) else None

    def subject(self, key: CandidateKey) -> Subject:
        pool_id = pool_uuid(key.position_id)
        if pool_id not in self.cache:
            found = self.services.store.find(pool_id, TalentPool)
            if found is not None:
                self.cache[pool_id] = found
        pool = self.cache.get(pool_id)
        return Subject(
            candidate=self.load(key.uuid, Candidate, f"candidate {key}"),
            employee=self.load(
                employee_uuid(key.employee_id), Employee, f"employee {key.employee_id}"
            ),
            position=self.load(
                position_uuid(key.position_id), Position, f"position {key.position_id}"
            ),
            pool=pool if isinstance(pool, TalentPool) else None,
            shared=self,
        )

    def settle(self, subject: Subject, actor: str) -> None:
        pool = sync_pool(subject, actor)
        if pool is not None:
            self.cache[pool.id] = pool

    def changed(self) -> list[Aggregate]:
        return [a for a in self.cache.values() if a.pending_events]


Apply = Callable[[Subject], tuple[str, Any]]
"""Apply the step to one subject; returns the outcome (and the decision, if any)."""


T = TypeVar("T")


def chunks(items: list[T], size: int) -> Iterator[list[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@contextmanager
def interruptible(report: BatchReport) -> Iterator[None]:
    """Ctrl-C stops the batch: the chunk in progress is rolled back, the chunks saved stay, and
    the report says so (the same command run again finishes the work)."""
    try:
        yield
    except KeyboardInterrupt:
        report.interrupted = True


def first_then_fresh(
    run: Callable[[dict[UUID, Aggregate]], BatchReport], first: dict[UUID, Aggregate]
) -> Callable[[], BatchReport]:
    """The first attempt reuses aggregates already loaded; a retry after a lost race reloads."""
    pending = [first]

    def attempt() -> BatchReport:
        return run(pending.pop() if pending else {})

    return attempt


def run_batch(
    services: Services,
    step: str,
    keys: Iterable[CandidateKey],
    eligible: Callable[[Subject], bool],
    apply: Apply,
    actor: str,
    dry_run: bool = False,
    progress: Callable[[int], None] = lambda n: None,
    chunk_size: int = CHUNK,
    loaded: Mapping[UUID, Aggregate] | None = None,
) -> BatchReport:
    """`loaded`: candidates just read to find who is waiting; a chunk's first attempt uses them
    (a concurrent change fails its save, and the retry reloads everything)."""
    require(services, actor, Capability.OPERATE)
    report = BatchReport(step=step, dry_run=dry_run)
    with pinned(services), interruptible(report):
        for chunk in chunks(list(keys), chunk_size):
            first = {k.uuid: loaded[k.uuid] for k in chunk if loaded and k.uuid in loaded}
            run = partial(_run_chunk, services, step, chunk, eligible, apply, actor, dry_run)
            report.add(services.store.retrying(first_then_fresh(run, first), f"{step} batch"))
            progress(len(chunk))
    return report


def _run_chunk(
    services: Services,
    step: str,
    chunk: list[CandidateKey],
    eligible: Callable[[Subject], bool],
    apply: Apply,
    actor: str,
    dry_run: bool,
    loaded: dict[UUID, Aggregate],
) -> BatchReport:
    uow, part = UnitOfWork(services, loaded), BatchReport(step=step, dry_run=dry_run)
    for key in chunk:
        try:
            subject = uow.subject(key)
            if not eligible(subject):
                continue
            part.considered += 1
            outcome, _ = apply(subject)
            uow.settle(subject, actor)
        except SuccessionError as error:
            part.errors.append(f"{key}: {error}")
            continue
        part.applied += 1
        part.outcomes[outcome] += 1
    changed = uow.changed()
    part.events = sum(len(a.pending_events) for a in changed)
    if not dry_run and changed:
        services.store.save(*changed)
    return part
