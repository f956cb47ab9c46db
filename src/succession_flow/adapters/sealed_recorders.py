"""Event recorders that seal every event into the two hash chains (see `adapters/chain.py`).

The seal is computed inside the insert transaction, after the write lock is taken, so the log
chain follows the order the database gives notifications. The aggregate chain's previous hash
comes from a cache filled as aggregates are loaded (a save always follows a load), falling back
to one indexed read of the aggregate's previous event. So an append costs one extra small read
(the log's head) per transaction and a keyed hash per event; replay strips a fixed-length tail.

Both recorders also open an existing store without trying to create anything, so a database
role with read-only rights can read it.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar, cast
from uuid import UUID

from eventsourcing.persistence import Notification, StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor, SQLiteTransaction

from succession_flow.adapters.chain import (
    GENESIS,
    ChainKey,
    Seal,
    StaleSnapshot,
    aggregate_hash,
    attach,
    log_hash,
    opens_chain,
    split,
    strip,
)
from succession_flow.domain.errors import DamagedRecord

S = TypeVar("S", bound=StoredEvent)
TAIL = 160  # bytes that surely hold a seal and its opening marker
CACHE_LIMIT = 100_000
LogRow = tuple[int, Any, int, str, bytes]
"""(notification id, originator id, version, topic, stored state with its seal)."""


class Sealing:
    """The chain bookkeeping shared by the SQLite and PostgreSQL recorders."""

    chain_key: ChainKey = ChainKey()
    _last: dict[UUID | str, tuple[int, str]]

    def _local(self) -> threading.local:
        """Per-thread scratch: the hashes of the events being inserted, cached on commit."""
        if not hasattr(self, "_thread_local"):
            self._thread_local = threading.local()
        return self._thread_local

    def _cache(self) -> dict[UUID | str, tuple[int, str]]:
        """The newest aggregate hash known of each aggregate (read or written here)."""
        if not hasattr(self, "_last"):
            self._last = {}
        return self._last

    def _room(self) -> dict[UUID | str, tuple[int, str]]:
        """The cache, started afresh first when it holds over `CACHE_LIMIT`. Only what adds to
        it asks this, before it adds: a save's hashes are never dropped between being learned
        and the snapshots taken after the save (`aggregate_hash_at`), as they were when every
        look-up could start it afresh (found at N = 100,000 by bench.batch_floor: the
        snapshots due in the save that crossed the limit were not taken)."""
        if len(self._cache()) > CACHE_LIMIT:
            self._last = {}
        return self._last

    def _remember(
        self,
        originator_id: UUID | str,
        version: int,
        agg: str,
        cache: dict[UUID | str, tuple[int, str]] | None = None,
    ) -> None:
        cache = self._room() if cache is None else cache
        known = cache.get(originator_id)
        if known is None or known[0] < version:
            cache[originator_id] = (version, agg)

    def stripped(self, events: Sequence[S], remember: bool = False) -> list[S]:
        """The events without seals; with `remember`, cache the last one's aggregate hash
        (an aggregate's events, loaded before a save that will need it).

        Public because bulk readers that bypass `select_events` (adapters/bulk_select.py)
        must strip and remember exactly as the recorder itself does."""
        out, seals = [], []
        for e in events:
            body, seal = split(as_bytes(e.state))
            out.append(with_state(e, body))
            seals.append(seal)
        if remember:
            self.check(out, seals)
        if remember and events:  # the newest is first or last, as the query was ordered
            for e, seal in ((events[0], seals[0]), (events[-1], seals[-1])):
                if seal is not None:
                    self._remember(e.originator_id, e.originator_version, seal.aggregate_hash)
        return out

    def stripped_from(self, events: Sequence[S], anchor: tuple[int, str]) -> list[S]:
        """The events after a snapshot's, without seals and checked from its aggregate hash.

        `events` begin with the snapshot's own event (version, aggregate hash = `anchor`): only
        its seal is read, and the events after it are chained from it. An anchor the events do
        not bear out raises `StaleSnapshot`: the caller reads the aggregate from its first event.
        """
        version, agg = anchor
        seal = split(as_bytes(events[0].state))[1] if events else None
        if (
            seal is None
            or events[0].originator_version != version
            or seal.aggregate_hash != agg
            or seal.flag != self.chain_key.flag
        ):
            raise StaleSnapshot(events[0].originator_id if events else None)
        later, seals = [], []
        for e in events[1:]:
            body, sealed = split(as_bytes(e.state))
            later.append(with_state(e, body))
            seals.append(sealed)
        oid = events[0].originator_id
        if later and later[0].originator_version != version + 1:
            raise DamagedRecord(str(oid), version + 1, "a version is missing before it", oid)
        self.check(later, seals, previous=agg)
        if not later:
            self._remember(oid, version, agg)
        elif seals[-1] is not None:
            self._remember(oid, later[-1].originator_version, seals[-1].aggregate_hash)
        return later

    def aggregate_hash_at(self, originator_id: UUID, version: int) -> str | None:
        """The aggregate hash sealed into this aggregate's event at `version`, if this recorder
        has just read or written it (what a snapshot taken after a save is sealed to)."""
        known = self._cache().get(originator_id)
        return known[1] if known is not None and known[0] == version else None

    def check(
        self,
        events: Sequence[StoredEvent],
        seals: Sequence[Seal | None],
        previous: str | None = None,
    ) -> None:
        """Refuse one aggregate's events, read in version order, whose versions have a gap or
        whose seals do not match their bodies (recomputed from where the chain opens, with our
        key): an aggregate is never rebuilt from a record someone changed outside the
        application. `previous` is the aggregate hash the first event follows, when it does not
        open the chain and the hash is known (a snapshot's)."""
        key = self.chain_key
        for i, (e, seal) in enumerate(zip(events, seals, strict=True)):
            oid, version = e.originator_id, e.originator_version
            if i and version != events[i - 1].originator_version + 1:
                raise DamagedRecord(str(oid), version, "a version is missing before it", oid)
            if opens_chain(version):
                previous = GENESIS
            if previous is None or seal is None or seal.flag != key.flag:
                previous = None  # not ours to recompute: `audit verify` reports it
                continue
            previous = aggregate_hash(key, previous, oid, version, e.topic, as_bytes(e.state))
            if previous != seal.aggregate_hash:
                raise DamagedRecord(str(oid), version, "does not match its seal", oid)

    def unchecked(self, originator_id: UUID) -> list[StoredEvent]:
        """An aggregate's events without their seals and unchecked: to name a damaged record."""
        return self.stripped(cast(Any, super()).select_events(originator_id))

    def log_rows(
        self,
        start: int | None,
        limit: int,
        stop: int | None = None,
        topics: Sequence[str] = (),
        inclusive_of_start: bool = True,
    ) -> list[LogRow]:
        """A page of the log as plain rows, read the fastest way the driver reads (each
        recorder its own query)."""
        raise NotImplementedError

    def select_notifications(
        self,
        start: int | None,
        limit: int,
        stop: int | None = None,
        topics: Sequence[str] = (),
        *,
        inclusive_of_start: bool = True,
    ) -> list[Notification]:
        """The library's notifications, without seals: every replay, catch-up and fold of the
        log reads through here, so each event is read as one plain row and built once (the
        library's page builds a notification per row, and stripping it built another)."""
        rows = self.log_rows(start, limit, stop, topics, inclusive_of_start)
        return [notification(i, oid, v, topic, strip(state)) for i, oid, v, topic, state in rows]

    def select_sealed(self, start: int, limit: int) -> list[LogRow]:
        """The same page with the seals kept, for `audit verify` and exports."""
        return self.log_rows(start, limit)

    def _seal(
        self,
        events: Sequence[StoredEvent],
        last_log: str,
        previous_of: Callable[[UUID | str, int], bytes | None],
    ) -> tuple[list[StoredEvent], list[tuple[UUID | str, int, str]]]:
        """The events with their seals (the log continuing from `last_log`), and the aggregate
        hashes to cache once committed."""
        key = self.chain_key
        cache = self._cache()
        local: dict[UUID | str, tuple[int, str]] = {}
        sealed, learned = [], []
        for e in events:
            oid, version = e.originator_id, e.originator_version
            known = local.get(oid) or cache.get(oid)
            if opens_chain(version):
                previous = GENESIS
            elif known is not None and known[0] == version - 1:
                previous = known[1]
            else:
                previous = hash_in(previous_of(oid, version - 1), "aggregate")
            agg = aggregate_hash(key, previous, oid, version, e.topic, e.state)
            last_log = log_hash(key, last_log, agg)
            sealed.append(with_state(e, attach(e.state, Seal(key.flag, agg, last_log))))
            local[oid] = (version, agg)
            learned.append((oid, version, agg))
        return sealed, learned

    def _learn(self, learned: list[tuple[UUID | str, int, str]]) -> None:
        """Cache a committed save's hashes, all of them (`_room`)."""
        cache = self._room()
        for oid, version, agg in learned:
            self._remember(oid, version, agg, cache)


def hash_in(tail: bytes | None, which: str) -> str:
    """A hash from the tail of a stored state; the genesis hash when it carries no seal."""
    if tail is None:
        return GENESIS
    _, seal = split(bytes(tail))
    if seal is None:
        return GENESIS
    return seal.log_hash if which == "log" else seal.aggregate_hash


class _Immediate(SQLiteTransaction):
    """A write transaction that holds the database's write lock from its BEGIN, so the log's
    head read inside it is still the head when the new events are inserted.

    BEGIN IMMEDIATE is where a locked database fails; the library's own BEGIN cannot, so its
    error translation sits only in `__exit__`. A failed BEGIN goes through that same `__exit__`
    (which rolls back and re-raises as the library's OperationalError and kin), so callers see
    the library's errors whichever statement failed."""

    def __enter__(self) -> SQLiteCursor:
        cursor = self.connection.cursor()
        try:
            cursor.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            self.__exit__(type(error), error, error.__traceback__)
            raise  # unreachable: `__exit__` re-raises the error translated
        return cursor


class SealedSQLiteRecorder(Sealing, SQLiteApplicationRecorder):
    def create_table(self) -> None:
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?",
                (self.events_table_name,),
            )
            if c.fetchone() is not None:
                return
        super().create_table()

    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Any:
        self._local().pending = []
        with (
            self.datastore.get_connection(commit=True) as conn,
            _Immediate(conn, commit=True) as c,
            c,
        ):
            result = self._insert_events(c, stored_events, **kwargs)
        self._learn(self._local().pending)
        return result

    def _insert_events(self, c: Any, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Any:
        table = self.events_table_name
        c.execute(f"SELECT substr(state, -{TAIL}) AS tail FROM {table} ORDER BY rowid DESC LIMIT 1")
        row = c.fetchone()

        def previous_of(oid: UUID | str, version: int) -> bytes | None:
            c.execute(
                f"SELECT substr(state, -{TAIL}) AS tail FROM {table} "
                "WHERE originator_id=? AND originator_version=?",
                (oid.hex if isinstance(oid, UUID) else oid, version),
            )
            found = c.fetchone()
            return None if found is None else as_bytes(found["tail"])

        head = hash_in(None if row is None else as_bytes(row["tail"]), "log")
        sealed, self._local().pending = self._seal(stored_events, head, previous_of)
        return super()._insert_events(c, sealed, **kwargs)

    def select_events(self, originator_id: UUID | str, **kwargs: Any) -> Sequence[StoredEvent]:
        return self.stripped(super().select_events(originator_id, **kwargs), remember=True)

    def log_rows(
        self,
        start: int | None,
        limit: int,
        stop: int | None = None,
        topics: Sequence[str] = (),
        inclusive_of_start: bool = True,
    ) -> list[LogRow]:
        """The library's notification query, each aggregate's id made a UUID once, not once
        per event."""
        where, params = log_filter(start, stop, topics, inclusive_of_start, "rowid", "?")
        statement = (
            f"SELECT rowid, originator_id, originator_version, topic, state "
            f"FROM {self.events_table_name}{where} ORDER BY rowid LIMIT ?"
        )
        with self.datastore.transaction(commit=False) as c:
            c.execute(statement, [*params, limit])
            rows = c.fetchall()
        ids = self._ids()
        return [(r[0], ids(r[1]), r[2], r[3], as_bytes(r[4])) for r in rows]

    def _ids(self) -> Callable[[str], Any]:
        """Stored id text to the id the library would give (a UUID, unless the datastore keeps
        text ids), remembered: a replay meets each aggregate's id once per event."""
        if self.datastore.originator_id_type != "uuid":
            return str
        if not hasattr(self, "_uuids") or len(self._uuids) > CACHE_LIMIT:
            self._uuids: dict[str, UUID] = {}
        known = self._uuids

        def uuid_of(text: str) -> UUID:
            found = known.get(text)
            if found is None:
                found = known[text] = UUID(text)
            return found

        return uuid_of


def log_filter(
    start: int | None, stop: int | None, topics: Sequence[str], inclusive: bool, id_: str, mark: str
) -> tuple[str, list[Any]]:
    """The WHERE clause of a log page, as the library's `select_notifications` builds it."""
    where: list[str] = []
    params: list[Any] = []
    if start is not None:
        where.append(f"{id_}{'>=' if inclusive else '>'}{mark}")
        params.append(start)
    if stop is not None:
        where.append(f"{id_}<={mark}")
        params.append(stop)
    if topics:
        where.append(f"topic IN ({','.join(mark for _ in topics)})")
        params += list(topics)
    return (" WHERE " + " AND ".join(where) if where else ""), params


def notification(id_: int, originator_id: Any, version: int, topic: str, state: bytes) -> Any:
    """A `Notification`, built as the library builds a domain event (its fields set at
    once): the frozen dataclass's `__init__` sets each field through `object.__setattr__`, a few
    microseconds an event on a replay of the whole log."""
    made = _new(Notification)
    _set(
        made,
        "__dict__",
        {
            "originator_id": originator_id,
            "originator_version": version,
            "topic": topic,
            "state": state,
            "id": id_,
        },
    )
    return made


_new, _set = object.__new__, object.__setattr__


def as_bytes(state: bytes | str) -> bytes:
    """Stored state as bytes, even where raw SQL has turned it into text."""
    return state.encode() if isinstance(state, str) else bytes(state)


def with_state(event: S, state: bytes) -> S:
    """The same stored event or notification with another state (cheaper than `replace`)."""
    if isinstance(event, Notification):
        return Notification(  # type: ignore[return-value]
            id=event.id,
            originator_id=event.originator_id,
            originator_version=event.originator_version,
            topic=event.topic,
            state=state,
        )
    return StoredEvent(  # type: ignore[return-value]
        originator_id=event.originator_id,
        originator_version=event.originator_version,
        topic=event.topic,
        state=state,
    )
