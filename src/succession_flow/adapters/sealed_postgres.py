"""The sealing recorder for PostgreSQL (the chain itself: `adapters/chain.py`).

Inserts are serialised by eventsourcing's EXCLUSIVE table lock, so the log's head read after the
lock is the head the new events follow. The lock, the NOTIFY and the head's read go in one round
trip (`preamble`); the sealed rows then go by binary COPY, and their notification ids are read
back in one indexed query: under the lock, the ids after the head are exactly ours, in the order
sent. COPY costs ~3 us of CPU a row where the library's INSERT of an array of composite rows
cost ~50 (psycopg dumps each composite in Python; measured, bench/README.md).

Every write is bounded, so a stuck writer fails instead of blocking every other one: one
transaction per save (all or nothing), its COPYs at most `INSERT_ROWS` events each, each
statement under `STATEMENT_TIMEOUT`, the wait for the table lock under the store's lock timeout
(see adapters/store_url.py). No pipeline mode: psycopg's pipeline can deadlock on large messages
(psycopg issue 685).
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
from psycopg.sql import SQL, Identifier

from succession_flow.adapters.sealed_recorders import (
    TAIL,
    LogRow,
    Sealing,
    as_bytes,
    hash_in,
    log_filter,
)

INSERT_ROWS = 1000
"""Events per COPY statement: an import of 20,000 employees is ~140 statements, none large."""
STATEMENT_TIMEOUT = "60s"
"""Far above what one bounded statement takes; only a stuck one reaches it."""


class SealedPostgresRecorder(Sealing, PostgresApplicationRecorder):
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
        self.preamble = SQL("; ").join(
            [
                SQL("SET LOCAL statement_timeout = {0}").format(STATEMENT_TIMEOUT),
                *self.lock_table_statements,
                SQL("NOTIFY {0}").format(Identifier(self.channel_name)),
                SQL(
                    "SELECT notification_id, {0} FROM {1} ORDER BY notification_id DESC LIMIT 1"
                ).format(self.tail, self.table),
            ]
        )
        self.copy_rows = SQL(
            "COPY {0} (originator_id, originator_version, topic, state) FROM STDIN (FORMAT BINARY)"
        ).format(self.table)
        self.copy_types = [self.datastore.originator_id_type, "int8", "text", "bytea"]
        self.ids_after = SQL(
            "SELECT notification_id FROM {0} WHERE notification_id > %s ORDER BY notification_id"
        ).format(self.table)

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
        with self._writing() as (curs, head):
            last_id, last_log = head
            sealed, learned = self._seal(stored_events, last_log, self._previous_in(curs))
            for start in range(0, len(sealed), INSERT_ROWS):
                self._copy(curs, sealed[start : start + INSERT_ROWS])
            curs.execute(self.ids_after, (last_id,), prepare=True)
            ids = [row["notification_id"] for row in curs.fetchall()]
            if len(ids) != len(sealed):  # the lock makes this impossible; never trust it blind
                raise OperationalError(f"{len(sealed)} events sent, {len(ids)} recorded")
        self._learn(learned)
        return ids

    @contextmanager
    def _writing(self) -> Iterator[tuple[Any, tuple[int, str]]]:
        """A write transaction, its statements bounded and the table locked, with the log's head
        (notification id, log hash) read under the lock, all in one round trip; a timeout
        becomes one line that says what waited and that nothing was written."""
        with self.datastore.get_connection() as conn:
            try:
                with conn.transaction(), conn.cursor() as curs:
                    curs.execute(self.preamble)
                    while curs.nextset():  # to the last statement's answer: the head
                        pass
                    row = curs.fetchone()
                    tail = None if row is None else as_bytes(row["tail"])
                    yield curs, (0 if row is None else row["notification_id"], hash_in(tail, "log"))
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

    def _copy(self, curs: Any, events: Sequence[StoredEvent]) -> None:
        """One bounded COPY of sealed rows, in the order their notification ids are to follow."""
        with curs.copy(self.copy_rows) as copy:
            copy.set_types(self.copy_types)
            for e in events:
                copy.write_row((e.originator_id, e.originator_version, e.topic, e.state))

    def _previous_in(self, curs: Any) -> Any:
        def previous_of(oid: UUID | str, version: int) -> bytes | None:
            query = SQL("SELECT {0} FROM {1} WHERE originator_id=%s AND originator_version=%s")
            curs.execute(query.format(self.tail, self.table), (oid, version))
            found = curs.fetchone()
            return None if found is None else as_bytes(found["tail"])

        return previous_of

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


def connection_failure(datastore: Any) -> str | None:
    """Why the server refused us (no such database, wrong port, unknown user): the connection
    pool says only "couldn't get a connection after 5.00 sec", so connect once without it."""
    kwargs = {k: v for k, v in datastore.pool.kwargs.items() if k != "row_factory"}
    try:
        psycopg.connect(**kwargs, connect_timeout=datastore.pool.timeout).close()
    except psycopg.Error as error:
        return str(error).strip().splitlines()[0]
    return None
