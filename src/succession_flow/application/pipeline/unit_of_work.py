"""The one unit of work: what a step, a batch chunk or an import reads and changes, saved once.

A single-candidate command is a chunk of one, so it loads, decides and saves exactly as a batch
does: its subjects (candidate, employee, position, pool) in one bulk query, any other aggregate
it changes (the talent plan in force) loaded once, and every changed aggregate in one atomic
save. Inside `Store.unsaved()` (a dry run) that save is kept in memory instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from succession_flow.application.pipeline.subject import A, Subject, sync_pool
from succession_flow.application.services import Services
from succession_flow.domain.candidate import Candidate
from succession_flow.domain.employee import Employee
from succession_flow.domain.errors import DamagedRecord, NotFound
from succession_flow.domain.keys import CandidateKey, employee_uuid, pool_uuid, position_uuid
from succession_flow.domain.pool import TalentPool
from succession_flow.domain.position import Position

SubjectIds = tuple[UUID, UUID, UUID, UUID]
"""Candidate, employee, position and pool."""


def subject_ids(key: CandidateKey) -> SubjectIds:
    return key.uuid, employee_uuid(key.employee_id), *_post(key.position_id)


@lru_cache(maxsize=8192)
def _post(position_id: str) -> tuple[UUID, UUID]:
    """A post's position and pool ids, asked for once per candidate of a chunk: cached."""
    return position_uuid(position_id), pool_uuid(position_id)


class UnitOfWork:
    """Aggregates loaded together (one query for a chunk instead of four per candidate) and
    shared (one position, one pool per post), so one save holds everything they changed."""

    def __init__(self, services: Services, keys: Iterable[CandidateKey] = ()) -> None:
        self.services = services
        self.cache: dict[UUID, Aggregate | None] = {}
        self.damaged: dict[UUID, DamagedRecord] = {}
        self.ids: dict[CandidateKey, SubjectIds] = {}
        self.ahead: dict[UUID, Aggregate | None] = {}
        self.preload(keys)

    def preload(self, keys: Iterable[CandidateKey]) -> None:
        """Load these candidates' subjects in one bulk read (what is cached already stays)."""
        fresh = {key: subject_ids(key) for key in keys if key not in self.ids}
        self.ids.update(fresh)
        # in key order, so what the work creates is saved (and listed later) in that order
        wanted = dict.fromkeys(
            uid for four in fresh.values() for uid in four if uid not in self.cache
        )
        if wanted:
            self.cache.update(self.services.store.load_many(wanted, self.damaged))

    def read_ahead(self, ids: Iterable[UUID]) -> None:
        """Load these aggregates in one bulk read for `find` to take when it is first asked
        (an import names every employee it touches up front). Taken, not cached now, so the
        work still holds its aggregates, and saves their events, in the order it touched them."""
        wanted = dict.fromkeys(uid for uid in ids if uid not in self.cache)
        if wanted:
            self.ahead.update(self.services.store.load_many(wanted, self.damaged))

    @contextmanager
    def open(self) -> Iterator[UnitOfWork]:
        """Within the block every `Store.find` answers from this unit of work's aggregates."""
        with self.services.store.identity_map(self.cache):
            yield self

    def load(self, uid: UUID, cls: type[Any], kind: str, ident: object) -> Any:
        if uid in self.damaged:  # a batch skips and names it; the rest of the chunk goes on
            raise self.damaged[uid]
        found = self.cache.get(uid)
        if not isinstance(found, cls):
            raise NotFound(f"{kind} {ident} not found")
        return found

    def find(self, uid: UUID, cls: type[A]) -> A | None:
        """Another aggregate the work changes (the talent plan): loaded once, saved with it."""
        if uid in self.damaged:
            raise self.damaged[uid]
        if uid in self.ahead:
            self.cache.setdefault(uid, self.ahead.pop(uid))
        elif uid not in self.cache:
            self.cache[uid] = self.services.store.find(uid, cls)
        cached = self.cache[uid]
        return cached if isinstance(cached, cls) else None

    def add(self, aggregate: Aggregate) -> None:
        """A new aggregate (or one loaded elsewhere), saved with the rest."""
        self.cache[aggregate.id] = aggregate

    def subject(self, key: CandidateKey) -> Subject:
        self.preload([key])
        candidate_id, employee_id, position_id, pool_id = self.ids[key]
        pool = self.cache.get(pool_id)
        return Subject(
            candidate=self.load(candidate_id, Candidate, "candidate", key),
            employee=self.load(employee_id, Employee, "employee", key.employee_id),
            position=self.load(position_id, Position, "position", key.position_id),
            pool=pool if isinstance(pool, TalentPool) else None,
            shared=self,
        )

    def settle(self, subject: Subject, actor: str) -> None:
        """The pool made to agree with the candidate after a step, kept for the next subject."""
        pool = sync_pool(subject, actor)
        if pool is not None:
            self.cache[pool.id] = pool

    def changed(self) -> list[Aggregate]:
        return [a for a in self.cache.values() if a is not None and a.pending_events]

    def save(self) -> int:
        """Every changed aggregate in one atomic save (none when nothing changed); returns how
        many events it held."""
        changed = self.changed()
        events = sum(len(a.pending_events) for a in changed)
        if changed:
            self.services.store.save(*changed)
        return events
