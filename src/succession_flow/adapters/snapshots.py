"""Snapshots: an aggregate's state at one version, kept so a load replays only what came after.

A snapshot is a cache, never the record. The events stay the only truth: a snapshot is written
after the events it sums up were committed, is used only while it provably sums them up, and is
ignored (the aggregate replayed from its first event, as without snapshots) whenever it does not:

- its seal: a MAC, with the chains' key, over the aggregate, the version, the code fingerprint,
  the *aggregate hash* of the event at that version and the snapshot's stored state. A load
  reads the snapshot's event's seal in the same query as the events after it, and uses the
  snapshot only if that event's aggregate hash is the one the snapshot was sealed with; the
  events after it are chain-checked from that hash, as every loaded event is. (`audit verify`
  also replays each snapshot's events and compares, `snapshot_findings`.)
- its fingerprint: a hash of the domain package's source and eventsourcing's version. A
  snapshot holds the state the events *gave* when it was taken; replaying them may give
  another state once the code changes, above all when an event class gains an upcast
  (`class_version`, `upcast_v1_v2`): a snapshot skips the upcast of every event it sums up. So
  any change to the domain's code retires every snapshot taken before it (they are no longer
  read; the next save of each aggregate takes a new one).
- its round trip: a snapshot is kept only if decoding it gives exactly the aggregate's state,
  types included (`same_state`: a state JSON cannot carry, an enum or a tuple for
  instance, is never snapshotted, since it would come back as a string or a list).

Snapshots are written every `SNAPSHOT_EVERY` events of an aggregate, insert-only, encoded (and
with a secret, encrypted) by the store's mapper like its events. Writing one may fail (a
read-only role, a concurrent writer creating the table): then it is simply not kept.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from uuid import UUID

import eventsourcing.domain as library_domain
import eventsourcing.persistence as library_persistence
from eventsourcing.domain import Aggregate, Snapshot
from eventsourcing.persistence import Mapper, PersistenceError, StoredEvent
from eventsourcing.utils import get_topic

from succession_flow.adapters.bulk_select import select_events_of
from succession_flow.adapters.chain import ChainKey
from succession_flow.adapters.paging import PAGE

SNAPSHOT_EVERY = 5
"""Events of an aggregate between two snapshots (an employee's HR record is about 7)."""
SNAPSHOT_FORMAT = b"succession-flow snapshot v1"
SNAPSHOT_TOPIC = get_topic(Snapshot)
IDS_PER_QUERY = 900
TRACK_LIMIT = 100_000
"""Aggregates whose snapshot version is remembered before the memory is started afresh."""


@dataclass(frozen=True)
class Kept:
    """One stored snapshot: the aggregate's state at `version`, and what seals it."""

    originator_id: UUID
    version: int
    state: bytes
    aggregate_hash: str
    fingerprint: str
    mac: str

    def stored(self) -> StoredEvent:
        return StoredEvent(self.originator_id, self.version, SNAPSHOT_TOPIC, self.state)


@cache
def fingerprint() -> str:
    """The code a snapshot's state depends on: every module of the domain, and the library's
    modules that fold events into aggregates and transcode their state (their source, not the
    distribution's version: reading that imports `importlib.metadata`, a tenth of a start-up)."""
    import succession_flow.domain as domain

    digest = hashlib.sha256(SNAPSHOT_FORMAT)
    for library in (library_domain, library_persistence):
        digest.update(Path(str(library.__file__)).read_bytes())
    for folder in domain.__path__:
        for path in sorted(Path(folder).rglob("*.py")):
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def snapshot_mac(
    key: ChainKey, oid: UUID, version: int, stamp: str, aggregate_hash: str, state: bytes
) -> str:
    """The snapshot's seal: the key's flag (`p` public, `k` keyed, as on events), then the MAC."""
    content = hashlib.sha256(state).hexdigest()
    parts = (str(oid), str(version), stamp, aggregate_hash, content)
    return key.flag + key.mac(SNAPSHOT_FORMAT, *(part.encode() for part in parts))


def sealed_with_other_key(key: ChainKey, kept: Kept) -> bool:
    """Sealed under another key (written before a secret was set, or with no secret since):
    never read, and not a finding of its own (the integrity check reports the store's key)."""
    return kept.mac[:1] != key.flag


def is_sealed(key: ChainKey, kept: Kept) -> bool:
    """Whether the snapshot is as this store sealed it (and not someone else's edit)."""
    expected = snapshot_mac(
        key, kept.originator_id, kept.version, kept.fingerprint, kept.aggregate_hash, kept.state
    )
    return expected == kept.mac


class Snapshots:
    """The snapshots of one store: which to use on a load, which to take after a save."""

    def __init__(self, recorder: Any, mapper: Mapper[UUID]) -> None:
        self.recorder, self.mapper = recorder, mapper
        self.table = snapshot_table(recorder)
        self.taken_at: dict[UUID, int] = {}

    def usable(self, ids: Iterable[UUID]) -> dict[UUID, Kept]:
        """The newest sealed snapshot of the current code for each of these aggregates."""
        if self.table is None:
            return {}
        key, stamp = self.recorder.chain_key, fingerprint()
        found = {
            kept.originator_id: kept
            for kept in self.table.newest(list(ids), stamp)
            if is_sealed(key, kept)
        }
        self._track({oid: kept.version for oid, kept in found.items()})
        return found

    def restore(self, kept: Kept) -> Aggregate:
        """The aggregate as the snapshot holds it, decoded by the store's mapper."""
        snapshot: Any = self.mapper.to_domain_event(kept.stored())
        aggregate: Aggregate = snapshot.mutate(None)
        return aggregate

    def take_due(self, aggregates: Iterable[Aggregate | None]) -> None:
        """After a committed save: a snapshot of each aggregate `SNAPSHOT_EVERY` events past
        its last one, sealed to the aggregate hash its newest event was just sealed with."""
        if self.table is None:
            return
        due = [
            a
            for a in aggregates
            if a is not None and a.version - self.taken_at.get(a.id, 0) >= SNAPSHOT_EVERY
        ]
        kept = [k for k in map(self._take, due) if k is not None]
        if not kept or self.table.insert(kept):  # one not kept is tried again 5 events on
            self._track({a.id: a.version for a in due})

    def _take(self, aggregate: Aggregate) -> Kept | None:
        agg_hash = self.recorder.aggregate_hash_at(aggregate.id, aggregate.version)
        if agg_hash is None:
            return None
        try:
            state = self.mapper.to_stored_event(Snapshot.take(aggregate)).state
            stamp = fingerprint()
            mac = snapshot_mac(
                self.recorder.chain_key, aggregate.id, aggregate.version, stamp, agg_hash, state
            )
            kept = Kept(aggregate.id, aggregate.version, state, agg_hash, stamp, mac)
            same = same_state(self.restore(kept), aggregate)
        except Exception:  # a state the mapper cannot encode or decode, whatever it raises:
            return None  # the save it follows is committed, and must not fail for a cache
        return kept if same else None  # JSON would not give this state back: not kept

    def _track(self, versions: dict[UUID, int]) -> None:
        if len(self.taken_at) > TRACK_LIMIT:
            self.taken_at = {}
        self.taken_at.update(versions)

    def borne_out(self, kept: Kept) -> bool:
        """Whether a load would use this snapshot: its event, as stored now, has the aggregate
        hash it was sealed to (the same test as the bulk load's, `select_events_of`)."""
        stale: list[UUID] = []
        anchor = {kept.originator_id: (kept.version, kept.aggregate_hash)}
        select_events_of(self.recorder, [kept.originator_id], [], anchor, stale)
        return not stale

    def every(self) -> Iterator[Kept]:
        """Every stored snapshot, whatever its code (for `audit verify`)."""
        return iter(()) if self.table is None else self.table.every()


def same_state(one: Aggregate, other: Aggregate) -> bool:
    """Whether two aggregates hold the same state, types included: the same attributes, each
    equal and of the same type at every depth, keys too, dicts in the same order (an enum is
    not its string, nor a tuple the list JSON gives back for it).

    A walk, not a comparison of two `repr` texts: the same answer for a snapshot's round trip
    at a fifth of the cost (an employee's, 8 against 41 us: bench/README "The write path's fixed
    costs")."""
    mine, theirs = vars(one), vars(other)
    if mine.keys() != theirs.keys():
        return False
    return all(_same(value, theirs[name]) for name, value in mine.items())


def _same(one: Any, other: Any) -> bool:
    kind = type(one)
    if kind is not type(other):
        return False
    if kind is dict:
        if len(one) != len(other):
            return False
        for (key, value), (their_key, their_value) in zip(one.items(), other.items(), strict=True):
            if type(key) is not type(their_key) or key != their_key:
                return False
            if not _same(value, their_value):
                return False
        return True
    if kind is list or kind is tuple:
        return len(one) == len(other) and all(map(_same, one, other))
    return bool(one == other) or repr(one) == repr(other)  # NaN is not equal to itself


def snapshot_table(recorder: Any) -> SQLiteSnapshots | PostgresSnapshots | None:
    """The snapshot table beside this recorder's events (None for a recorder that does not
    seal: with nothing to tie a snapshot to, none is taken)."""
    if not hasattr(recorder, "aggregate_hash_at"):
        return None
    sqlite_module = sys.modules.get("eventsourcing.sqlite")
    if sqlite_module is not None and isinstance(recorder, sqlite_module.SQLiteAggregateRecorder):
        return SQLiteSnapshots(recorder)
    postgres_module = sys.modules.get("eventsourcing.postgres")
    if postgres_module is not None and isinstance(
        recorder, postgres_module.PostgresAggregateRecorder
    ):
        return PostgresSnapshots(recorder)
    return None


VERSION = "originator_version"
COLUMNS = "originator_id, originator_version, state, aggregate_hash, fingerprint, mac"


def sqlite_error() -> type[Exception]:
    """The driver's error class, imported only where a SQLite store is open (start-up)."""
    import sqlite3

    return sqlite3.Error


class SQLiteSnapshots:
    def __init__(self, recorder: Any) -> None:
        self.datastore = recorder.datastore
        self.name = f"{recorder.events_table_name}_snapshots"
        self.exists = False

    def _present(self) -> bool:
        if not self.exists:
            with self.datastore.transaction(commit=False) as c:
                c.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (self.name,))
                self.exists = c.fetchone() is not None
        return self.exists

    def newest(self, ids: list[UUID], stamp: str) -> list[Kept]:
        try:
            if not self._present():
                return []
            found: list[Kept] = []
            for start in range(0, len(ids), IDS_PER_QUERY):
                found += self._newest(ids[start : start + IDS_PER_QUERY], stamp)
            return found
        except (PersistenceError, sqlite_error()):
            return []  # unreadable snapshots are no snapshots: the events are read instead

    def _newest(self, ids: list[UUID], stamp: str) -> list[Kept]:
        asked = {i.hex: i for i in ids}
        marks = ",".join("?" * len(asked))
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                f"SELECT {COLUMNS} FROM {self.name} WHERE fingerprint = ? AND originator_id IN "
                f"({marks}) ORDER BY originator_id, originator_version DESC",
                [stamp, *asked],
            )
            rows = c.fetchall()
        return newest_of(Kept(asked[r[0]], r[1], bytes(r[2]), r[3], r[4], r[5]) for r in rows)

    def insert(self, kept: list[Kept]) -> bool:
        try:
            with self.datastore.transaction(commit=True) as c:
                c.execute(
                    f"CREATE TABLE IF NOT EXISTS {self.name} (originator_id TEXT NOT NULL, "
                    "originator_version INTEGER NOT NULL, state BLOB NOT NULL, "
                    "aggregate_hash TEXT NOT NULL, fingerprint TEXT NOT NULL, mac TEXT NOT NULL, "
                    "PRIMARY KEY (originator_id, originator_version))"
                )
                c.executemany(
                    f"INSERT OR IGNORE INTO {self.name} ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
                    [(k.originator_id.hex, *row_of(k)[1:]) for k in kept],
                )
        except (PersistenceError, sqlite_error()):
            return False
        self.exists = True
        return True

    def every(self) -> Iterator[Kept]:
        if not self._present():
            return
        for r in in_pages(self._page):
            yield Kept(UUID(r[0]), r[1], bytes(r[2]), r[3], r[4], r[5])

    def _page(self, after: tuple[Any, int] | None) -> list[Any]:
        later = "" if after is None else f"WHERE (originator_id, {VERSION}) > (?, ?) "
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                f"SELECT {COLUMNS} FROM {self.name} {later}"
                f"ORDER BY originator_id, {VERSION} LIMIT {PAGE}",
                after or (),
            )
            return list(c.fetchall())


class PostgresSnapshots:
    def __init__(self, recorder: Any) -> None:
        from psycopg.sql import SQL, Identifier

        self.datastore = recorder.datastore
        self.regclass = f'"{self.datastore.schema}"."{recorder.events_table_name}_snapshots"'
        self.table = SQL("{0}.{1}").format(
            Identifier(self.datastore.schema), Identifier(f"{recorder.events_table_name}_snapshots")
        )
        self.exists = False

    def _present(self, cursor: Any) -> bool:
        if not self.exists:
            cursor.execute("SELECT to_regclass(%s) IS NOT NULL AS found", (self.regclass,))
            row = cursor.fetchone()  # a tuple or a dict, as the cursor's rows are made
            self.exists = bool(row["found"] if isinstance(row, dict) else row[0])
        return self.exists

    def newest(self, ids: list[UUID], stamp: str) -> list[Kept]:
        import psycopg
        from psycopg.rows import tuple_row
        from psycopg.sql import SQL

        query = SQL(
            "SELECT {0} FROM {1} WHERE fingerprint = %s AND originator_id = ANY(%s) "
            "ORDER BY originator_id, originator_version DESC"
        ).format(SQL(COLUMNS), self.table)
        try:
            with (
                self.datastore.get_connection() as conn,
                conn.cursor(row_factory=tuple_row, binary=True) as cursor,
            ):
                if not self._present(cursor):
                    return []
                cursor.execute(query, [stamp, ids])
                rows = cursor.fetchall()
        except (PersistenceError, psycopg.Error):
            return []  # unreadable snapshots are no snapshots: the events are read instead
        return newest_of(Kept(r[0], r[1], bytes(r[2]), r[3], r[4], r[5]) for r in rows)

    def insert(self, kept: list[Kept]) -> bool:
        import psycopg
        from psycopg.sql import SQL

        create = SQL(
            "CREATE TABLE IF NOT EXISTS {0} (originator_id uuid NOT NULL, "
            "originator_version bigint NOT NULL, state bytea NOT NULL, "
            "aggregate_hash text NOT NULL, fingerprint text NOT NULL, mac text NOT NULL, "
            "PRIMARY KEY (originator_id, originator_version))"
        ).format(self.table)
        insert = SQL(
            "INSERT INTO {0} ({1}) VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING"
        ).format(self.table, SQL(COLUMNS))
        try:
            with self.datastore.transaction(commit=True) as cursor:
                if not self._present(cursor):
                    cursor.execute(create)
                cursor.executemany(insert, [row_of(k) for k in kept])
        except (PersistenceError, psycopg.Error):
            self.exists = False
            return False
        self.exists = True
        return True

    def every(self) -> Iterator[Kept]:
        for r in in_pages(self._page):
            yield Kept(r[0], r[1], bytes(r[2]), r[3], r[4], r[5])

    def _page(self, after: tuple[Any, int] | None) -> list[Any]:
        from psycopg.rows import tuple_row
        from psycopg.sql import SQL, Literal

        later = SQL("WHERE (originator_id, originator_version) > (%s, %s) " if after else "")
        query = SQL(
            "SELECT {0} FROM {1} {2}ORDER BY originator_id, originator_version LIMIT {3}"
        ).format(SQL(COLUMNS), self.table, later, Literal(PAGE))
        with (
            self.datastore.get_connection() as conn,
            conn.cursor(row_factory=tuple_row, binary=True) as cursor,
        ):
            if not self._present(cursor):
                return []
            cursor.execute(query, after or ())
            return list(cursor.fetchall())


def in_pages(read: Callable[[tuple[Any, int] | None], list[Any]]) -> Iterator[Any]:
    """Every snapshot row in key order, `PAGE` rows a query, each page after the last one's
    (aggregate, version): a store's snapshots (~0.9 KB each, one per aggregate and five
    events) read whole held ~90 MB at N = 100,000, twice that through psycopg's result."""
    after = None
    while True:
        rows = read(after)
        yield from rows
        if len(rows) < PAGE:
            return
        after = (rows[-1][0], rows[-1][1])


def row_of(kept: Kept) -> tuple[Any, ...]:
    return (
        kept.originator_id, kept.version, kept.state, kept.aggregate_hash, kept.fingerprint,
        kept.mac,
    )  # fmt: skip


def newest_of(rows: Iterable[Kept]) -> list[Kept]:
    """The first (newest) of each aggregate's rows, read newest first."""
    seen: dict[UUID, Kept] = {}
    for kept in rows:
        seen.setdefault(kept.originator_id, kept)
    return list(seen.values())
