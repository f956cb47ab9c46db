"""The event store as the use cases see it: load, save atomically, retry on a lost race.

Wraps an `eventsourcing` Application so that database failures arrive as our named errors
(store unavailable, permission denied, conflict) instead of driver exceptions.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate, OriginatorVersionError
from eventsourcing.persistence import IntegrityError, PersistenceError, StoredEvent
from eventsourcing.utils import get_topic

from succession_flow.adapters.at_rest import AtRestMapper
from succession_flow.adapters.bulk_select import select_events_of
from succession_flow.adapters.chain import SealedLog
from succession_flow.adapters.collector import collected_by_hand
from succession_flow.adapters.paging import PAGE
from succession_flow.adapters.snapshots import Kept, Snapshots
from succession_flow.adapters.unsaved import Unsaved
from succession_flow.domain.errors import (
    Conflict,
    DamagedRecord,
    NotFound,
    PermissionDenied,
    StoreUnavailable,
)
from succession_flow.domain.keys import creation_label

T = TypeVar("T")
A = TypeVar("A", bound=Aggregate)
MAX_ATTEMPTS = 5
OPEN_ATTEMPTS = 5


class EventLog(Application[UUID]):
    """All aggregates of one succession store share this application's event log."""

    name = "SuccessionFlow"
    log_section_size = PAGE


class Store:
    def __init__(self, env: dict[str, str], where: str) -> None:
        self.where = where
        self.env = dict(env)
        self.app = self._open(env)
        self._identity: dict[UUID, Aggregate | None] | None = None
        self._unsaved: Unsaved | None = None
        self.os_user: str | None = None
        """Who is at the terminal, when the command names another actor: stamped on every
        event this store saves (`os_user`), so a typed `--actor` never hides who typed it."""
        self._snapshots: Snapshots | None = None

    def _open(self, env: dict[str, str]) -> EventLog:
        """Open the log, creating its tables if needed.

        Several workers or hosts starting at once on one PostgreSQL race to create the tables and
        functions ("tuple concurrently updated"); the losers simply open again.
        """
        for attempt in range(1, OPEN_ATTEMPTS + 1):
            try:
                with self.translated():
                    return EventLog(env=env)
            except StoreUnavailable as error:
                if "concurrently" not in str(error) or attempt == OPEN_ATTEMPTS:
                    raise
                time.sleep(0.05 * attempt)
        raise AssertionError("unreachable")

    @contextmanager
    def identity_map(self, loaded: dict[UUID, Aggregate | None]) -> Iterator[None]:
        """Within the block, `find` answers from (and adds to) `loaded`: one unit of work sees
        each aggregate once, as it was loaded or as the work has changed it since."""
        previous, self._identity = self._identity, loaded
        try:
            yield
        finally:
            self._identity = previous

    @contextmanager
    def unsaved(self) -> Iterator[None]:
        """A dry run: within the block `save` keeps the events in memory instead of writing
        them, and every load and scan reads them back on top of the log (see `Unsaved`).

        A nested block shares the outer one's events, so `select --dry-run` followed by its
        replenishment report sees what the selection would have changed."""
        if self._unsaved is not None:
            yield
            return
        self._unsaved = Unsaved()
        try:
            yield
        finally:
            self._unsaved = None

    def load_many(
        self, ids: Iterable[UUID], damaged: dict[UUID, DamagedRecord] | None = None
    ) -> dict[UUID, Aggregate | None]:
        """Many aggregates in one query each few hundred ids, instead of a query per aggregate.

        Missing ids map to None, so a caller can tell "not there" from "not asked". A damaged
        aggregate raises `DamagedRecord`; with `damaged`, it is left out (None) and named there.
        """
        found: dict[UUID, Aggregate | None] = dict.fromkeys(ids)
        refused: list[DamagedRecord] = []
        with self.translated(), self.checked():
            kept, stored = self._from_snapshots(list(found), refused)
        for oid, snapshot in kept.items():
            found[oid] = self.snapshots.restore(snapshot)
        if self._unsaved is not None:
            stored += self._unsaved.of(found)
        for error in refused:
            found[cast(UUID, error.originator_id)] = None
            if damaged is None:
                raise self.named(error)
            damaged[cast(UUID, error.originator_id)] = self.named(error)
        for one in stored:
            event: Any = self.decode(one)
            if event.originator_id in (damaged or ()):
                continue
            try:
                found[event.originator_id] = event.mutate(found[event.originator_id])
            except (OriginatorVersionError, AttributeError) as failure:
                error = self.named(
                    out_of_order(event.originator_id, event.originator_version, failure)
                )
                if damaged is None:
                    raise error from None
                damaged[event.originator_id], found[event.originator_id] = error, None
        return found

    def _from_snapshots(
        self, ids: list[UUID], refused: list[DamagedRecord]
    ) -> tuple[dict[UUID, Kept], list[StoredEvent]]:
        """The usable snapshots of these aggregates and the stored events after them (all the
        events of an aggregate without one, or whose snapshot its events do not bear out)."""
        recorder = self.app.recorder
        kept = self.snapshots.usable(ids)
        anchors = {oid: (k.version, k.aggregate_hash) for oid, k in kept.items()}
        stale: list[UUID] = []
        stored = select_events_of(recorder, ids, refused, anchors, stale)
        if stale:
            stored += select_events_of(recorder, stale, refused)
        unusable = set(stale) | {cast(UUID, error.originator_id) for error in refused}
        return {oid: k for oid, k in kept.items() if oid not in unusable}, stored

    @property
    def snapshots(self) -> Snapshots:
        if self._snapshots is None:
            self._snapshots = Snapshots(self.app.recorder, self.app.mapper)
        return self._snapshots

    def find_many(self, ids: Iterable[UUID]) -> dict[UUID, Aggregate | None]:
        """`find` for many ids: inside an identity map, what the unit of work holds (as it has
        changed them), and the rest in one bulk read, added to it."""
        wanted = list(ids)
        identity = self._identity
        if identity is None:
            return self.load_many(wanted)
        missing = [uid for uid in wanted if uid not in identity]
        if missing:
            identity.update(self.load_many(missing))
        return {uid: identity[uid] for uid in wanted}

    @contextmanager
    def checked(self, aggregate_id: UUID | None = None) -> Iterator[None]:
        """A damaged aggregate read inside the block is named (E@P, or its id) in the error."""
        try:
            yield
        except DamagedRecord as error:
            raise self.named(error) from None
        except OriginatorVersionError as error:
            raise self.named(out_of_order(aggregate_id, 0, error)) from None

    def replay_unchecked_many(self, ids: list[UUID]) -> dict[UUID, Exception]:
        """Rebuild aggregates without the seal and version check, whatever they raise, for
        `audit verify` (which reports seals itself and asks only whether the events replay),
        in one bulk read (`select_events_of`): what each that does not rebuild raised. One
        aggregate at a time in memory after its read, so `audit verify` replays a whole store
        chunk by chunk, not a query per aggregate."""
        with self.translated():
            stored = select_events_of(self.app.recorder, ids, checked=False)
        rebuilt: dict[UUID, Any] = dict.fromkeys(ids)
        failed: dict[UUID, Exception] = {}
        for one in stored:
            oid = cast(UUID, one.originator_id)
            if oid in failed:
                continue
            try:
                rebuilt[oid] = self.decode(one).mutate(rebuilt[oid])
            except Exception as error:  # a broken record, whatever it raises
                failed[oid] = error
        return failed

    def named(self, error: DamagedRecord) -> DamagedRecord:
        """The error with the aggregate's name, read from its first event (unchecked).

        Decoding it also tells a wrong secret from damage: with another secret every seal
        mismatches, and the mapper's refusal (`PermissionDenied`) is the truer message."""
        recorder: Any = self.app.recorder
        oid = error.originator_id
        if not isinstance(oid, UUID) or not hasattr(recorder, "unchecked"):
            return error
        with self.translated():
            first = recorder.unchecked(oid)[:1]
        if not first or first[0].originator_version != 1:
            return error
        return error.named(creation_label(self.decode(first[0])))

    @contextmanager
    def translated(self) -> Iterator[None]:
        """Turn driver errors into one-line errors that say which store failed."""
        try:
            yield
        except IntegrityError:
            raise
        except (PersistenceError, sqlite3.Error, OSError) as error:
            text = (
                str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            )
            if "permission denied" in text.lower() or "readonly" in text.lower().replace("-", ""):
                raise PermissionDenied(f"{self.where}: {text}") from error
            raise StoreUnavailable(f"{self.where}: {text}") from error

    def get(self, aggregate_id: UUID, cls: type[A], label: str) -> A:
        found = self.find(aggregate_id, cls)
        if found is None:
            raise NotFound(f"{label} not found")
        return found

    def find(self, aggregate_id: UUID, cls: type[A], version: int | None = None) -> A | None:
        identity = self._identity if version is None else None
        if identity is not None:
            known = self.find_many([aggregate_id])[aggregate_id]
            return known if isinstance(known, cls) else None
        if version is None and self._unsaved is not None and self._unsaved.holds(aggregate_id):
            unsaved = self.load_many([aggregate_id])[aggregate_id]
            return unsaved if isinstance(unsaved, cls) else None
        with self.translated(), self.checked(aggregate_id):
            try:
                aggregate: Aggregate = self.app.repository.get(aggregate_id, version=version)
            except AggregateNotFoundError:
                return None
        if not isinstance(aggregate, cls):
            return None
        return aggregate

    def save(self, *aggregates: Aggregate | None) -> None:
        """Append the pending events of all these aggregates in one transaction.

        Collects the events itself and puts them in the event store: `Application.save` does the
        same after two runtime Protocol checks per object, which on Python 3.11 cost about as much
        as writing the event; what else it adds (snapshots, an aggregate cache, followers) is not
        configured here. Inside `unsaved()` (a dry run) they are encoded the same way and kept.
        """
        events = [e for a in aggregates if a is not None for e in a.collect_events()]
        if self.os_user is not None:
            for e in events:  # an extra field: stored and shown, ignored when applied
                e.__dict__["os_user"] = self.os_user
        if events and self._unsaved is not None:
            self._unsaved.put(self.app.mapper.to_stored_event(e) for e in events)
        elif events:
            with self.translated():
                self.app.events.put(events)
            self.snapshots.take_due(aggregates)

    def retrying(self, attempt: Callable[[], T], label: str) -> T:
        """Run load-decide-save again when another writer got there first.

        Each attempt reloads, so the domain re-checks its rules against the winner's state;
        an event is never lost or written twice.
        """
        for _ in range(MAX_ATTEMPTS):
            try:
                return attempt()
            except IntegrityError:
                continue
        raise Conflict(f"{label}: changed by another writer {MAX_ATTEMPTS} times; try again")

    def events_of(self, aggregate_id: UUID) -> list[Any]:
        with self.translated():
            return list(self.app.events.get(aggregate_id))

    def notifications(
        self,
        event_classes: tuple[type[Any], ...] = (),
        page: int = PAGE,
        start: int = 1,
        stop: int | None = None,
    ) -> Iterator[Any]:
        """Every stored event from notification id `start` (to `stop`, inclusive) in log order,
        page by page (the recorder caps each page); a stop spares reading the page past it.

        The cyclic collector runs between pages, not inside them (`collected_by_hand`): a
        replay of the whole log would otherwise walk every object in the process again and
        again as the ids it remembers grow."""
        topics = [get_topic(cls) for cls in event_classes]
        with collected_by_hand() as page_read:
            while stop is None or start <= stop:
                with self.translated():
                    rows = self.app.recorder.select_notifications(
                        start=start, limit=page, stop=stop, topics=topics
                    )
                yield from rows
                page_read()
                if rows:
                    start = rows[-1].id + 1
                if len(rows) < page:
                    break
        if self._unsaved is not None:
            unsaved = self._unsaved.notifications(topics, after=start)
            yield from (n for n in unsaved if stop is None or n.id <= stop)

    def decode(self, notification: Any) -> Any:
        """A stored event or notification as its domain event, through the store's mapper only,
        so decryption, decompression and a refused secret are handled the same everywhere."""
        return self.app.mapper.to_domain_event(notification)

    def check_secret(self) -> None:
        """Refuse (PermissionDenied, exit 7) a store whose latest event the configured secret
        cannot read: writing under another key would leave events under two keys."""
        with self.translated():
            last = self.app.recorder.max_notification_id()
            rows = self.app.recorder.select_notifications(start=last, limit=1) if last else []
        if rows:
            cast(AtRestMapper, self.app.mapper).check_readable(rows[0])

    def event_count(self) -> int:
        """How many events are stored (counted, not the last id: ids may have gaps)."""
        return sum(1 for _ in self.notifications())

    def sealed_log(self) -> SealedLog:
        """The event log with each event's seal intact, for `audit verify` and exports."""
        recorder = self.app.recorder
        if not hasattr(recorder, "select_sealed"):
            raise StoreUnavailable(f"{self.where}: this store's recorder does not seal events")
        return cast(SealedLog, recorder)

    def close(self) -> None:
        self.app.close()


def out_of_order(aggregate_id: UUID | None, version: int, failure: Exception) -> DamagedRecord:
    """The one way an aggregate whose events do not follow each other is named (version 0:
    the library found it without saying at which version)."""
    subject = str(aggregate_id or "an aggregate")
    return DamagedRecord(subject, version, f"out of order ({failure})", aggregate_id)
