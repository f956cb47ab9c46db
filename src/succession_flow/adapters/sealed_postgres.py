"""The sealing recorder for PostgreSQL (the chain itself: `adapters/chain.py`).

Inserts are serialised by eventsourcing's EXCLUSIVE table lock, so the log's head read after the
lock is the head the new events follow. Reading it costs a round trip; so a recorder that wrote
the last events remembers the head it left, seals against it, and inserts with a guard (`WHERE`
the log's last notification id is still the one it remembers). If another writer got in between,
the guarded insert inserts nothing and the events are sealed again against the head read under
the lock, in the same transaction.

Every write is bounded, so a stuck writer fails instead of blocking every other one: one
transaction per save (all or nothing), its INSERTs at most `INSERT_ROWS` events each, each
statement under `STATEMENT_TIMEOUT`, the wait for the table lock under the store's lock timeout
(see adapters/store_url.py). No pipeline mode: a save is a handful of statements, and psycopg's
pipeline can deadlock on large messages (psycopg issue 685). Rows go as four binary column
arrays (`columns`), not the library's composite type.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from uuid import UUID

import psycopg
from eventsourcing.persistence import OperationalError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder
from psycopg.rows import tuple_row
from psycopg.sql import SQL, Composed, Identifier

from succession_flow.adapters.sealed_recorders import (
    TAIL,
    LogRow,
    Sealing,
    as_bytes,
    hash_in,
    log_filter,
)

INSERT_ROWS = 1000
"""Events per INSERT statement: an import of 20,000 employees is ~140 statements, none large."""
STATEMENT_TIMEOUT = "60s"
"""Far above what one bounded statement takes; only a stuck one reaches it."""

Learned = list[tuple[UUID | str, int, str]]


class SealedPostgresRecorder(Sealing, PostgresApplicationRecorder):
    _head: tuple[int, str] | None = None
    """(notification id, log hash) of the last event this recorder inserted."""

    def __init__(self, datastore: Any, **kwargs: Any) -> None:
        try:
            super().__init__(datastore, **kwargs)  # the first connection is made here
        except OperationalError as error:
            datastore.close()
            raise OperationalError(connection_failure(datastore) or str(error)) from error
        datastore.enable_db_functions = False  # the database-side insert would skip the seals
        self.table = SQL("{0}.{1}").format(
            Identifier(self.datastore.schema), Identifier(self.events_table_name)
        )
        self.tail = SQL("substring(state from greatest(length(state) - {0}, 1)) AS tail").format(
            TAIL - 1
        )
        insert = (
            "INSERT INTO {table} (originator_id, originator_version, topic, state) "
            "SELECT * FROM unnest(%s::uuid[], %s::bigint[], %s::text[], %s::bytea[]) "
        )
        self.plain_insert = SQL(insert + "RETURNING notification_id").format(table=self.table)
        self.guarded_insert = SQL(
            insert + "WHERE (SELECT coalesce(max(notification_id), 0) FROM {table}) = %s "
            "RETURNING notification_id"
        ).format(table=self.table)
        self.preamble = SQL("; ").join(
            [
                SQL("SET LOCAL statement_timeout = {0}").format(STATEMENT_TIMEOUT),
                *self.lock_table_statements,
                SQL("NOTIFY {0}").format(Identifier(self.channel_name)),
            ]
        )

    def create_table(self) -> None:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(
                "SELECT to_regclass(%s) AS found",
                (f'"{self.datastore.schema}"."{self.events_table_name}"',),
            )
            row = curs.fetchone()
        if row is not None and row["found"] is not None:
            self.datastore.register_type_adapters()
            return
        super().create_table()

    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Any:
        """All the events in one transaction, sealed in log order; their notification ids."""
        if not stored_events:
            return []
        with self._writing() as curs:
            ids, sealed, learned = self._insert_sealed(curs, stored_events)
        self._learn(learned)
        self._head = (max(ids), self._last_log(sealed))
        return ids

    @contextmanager
    def _writing(self) -> Iterator[Any]:
        """A write transaction, its statements bounded and the table locked (one round trip);
        a timeout becomes one line that says what waited and that nothing was written."""
        with self.datastore.get_connection() as conn:
            try:
                with conn.transaction(), conn.cursor() as curs:
                    curs.execute(self.preamble)
                    yield curs
            except psycopg.errors.LockNotAvailable:
                raise OperationalError(
                    f"another writer held the event log for more than "
                    f"{self.datastore.lock_timeout} s (lock timeout); nothing was written"
                ) from None
            except psycopg.errors.QueryCanceled:
                raise OperationalError(
                    f"a write took more than {STATEMENT_TIMEOUT} (statement timeout); "
                    "nothing was written"
                ) from None

    def _insert_sealed(
        self, curs: Any, events: Sequence[StoredEvent]
    ) -> tuple[list[int], list[StoredEvent], Learned]:
        """Sealed against the remembered head with a guard on the first INSERT; if another
        writer moved the head, sealed again against the head read under the lock."""
        guard = self._head
        if guard is not None:
            sealed, learned = self._seal(events, guard[1], self._previous_in(curs))
            first = sealed[:INSERT_ROWS]
            curs.execute(self.guarded_insert, (*columns(first), guard[0]), binary=True)
            ids = [row["notification_id"] for row in curs.fetchall()]
            if len(ids) == len(first):
                return ids + self._insert_rows(curs, sealed[INSERT_ROWS:]), sealed, learned
        curs.execute(self._head_query())
        row = curs.fetchone()
        head = hash_in(None if row is None else as_bytes(row["tail"]), "log")
        sealed, learned = self._seal(events, head, self._previous_in(curs))
        return self._insert_rows(curs, sealed), sealed, learned

    def _insert_rows(self, curs: Any, events: Sequence[StoredEvent]) -> list[int]:
        ids: list[int] = []
        for start in range(0, len(events), INSERT_ROWS):
            rows = columns(events[start : start + INSERT_ROWS])
            curs.execute(self.plain_insert, rows, binary=True)
            ids += [row["notification_id"] for row in curs.fetchall()]
        return ids

    def _previous_in(self, curs: Any) -> Any:
        def previous_of(oid: UUID | str, version: int) -> bytes | None:
            query = SQL("SELECT {0} FROM {1} WHERE originator_id=%s AND originator_version=%s")
            curs.execute(query.format(self.tail, self.table), (oid, version))
            found = curs.fetchone()
            return None if found is None else as_bytes(found["tail"])

        return previous_of

    def _head_query(self) -> Composed:
        return SQL("SELECT {0} FROM {1} ORDER BY notification_id DESC LIMIT 1").format(
            self.tail, self.table
        )

    @staticmethod
    def _last_log(sealed: list[StoredEvent]) -> str:
        return hash_in(sealed[-1].state[-TAIL:], "log") if sealed else ""

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
        """The library's notification query as plain tuples in binary format, prepared: no dict
        per row, no hex-decoding of every state (how bench/limits.py reads the raw limit)."""
        where, params = log_filter(start, stop, topics, inclusive_of_start, "notification_id", "%s")
        statement = SQL(
            "SELECT notification_id, originator_id, originator_version, topic, state "
            "FROM {0}" + where + " ORDER BY notification_id LIMIT %s"
        ).format(self.table)
        with (
            self.datastore.get_connection() as conn,
            conn.cursor(row_factory=tuple_row, binary=True) as curs,
        ):
            curs.execute(statement, [*params, limit], prepare=True)
            return [(r[0], r[1], r[2], r[3], bytes(r[4])) for r in curs.fetchall()]


def columns(events: Sequence[StoredEvent]) -> tuple[list[Any], ...]:
    """The events as one array per column, sent in binary: the library's array of composite
    rows is dumped as text, every state escaped byte by byte in Python (most of an import's
    time on PostgreSQL); four binary arrays cost about what `executemany` of the rows does."""
    return (
        [e.originator_id for e in events],
        [e.originator_version for e in events],
        [e.topic for e in events],
        [e.state for e in events],
    )


def connection_failure(datastore: Any) -> str | None:
    """Why the server refused us (no such database, wrong port, unknown user): the connection
    pool says only "couldn't get a connection after 5.00 sec", so connect once without it."""
    kwargs = {k: v for k, v in datastore.pool.kwargs.items() if k != "row_factory"}
    try:
        psycopg.connect(**kwargs, connect_timeout=datastore.pool.timeout).close()
    except psycopg.Error as error:
        return str(error).strip().splitlines()[0]
    return None
