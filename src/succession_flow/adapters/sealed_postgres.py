"""The sealing recorder for PostgreSQL (the chain itself: `adapters/chain.py`).

Inserts are serialised by eventsourcing's EXCLUSIVE table lock, so the log's head read after the
lock is the head the new events follow. Reading it costs a round trip; so a recorder that wrote
the last events remembers the head it left, seals against it, and inserts with a guard (`WHERE`
the log's last notification id is still the one it remembers) in the same round trip as the lock.
If another writer got in between, the guarded insert inserts nothing and the save is redone the
careful way, reading the head under the lock.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Notification, StoredEvent
from eventsourcing.postgres import PostgresAggregateRecorder, PostgresApplicationRecorder
from psycopg.sql import SQL, Composed, Identifier

from succession_flow.adapters.sealed_recorders import TAIL, Sealing, as_bytes, hash_in, rows_of


class SealedPostgresRecorder(Sealing, PostgresApplicationRecorder):
    _head: tuple[int, str] | None = None
    """(notification id, log hash) of the last event this recorder inserted."""

    def __init__(self, datastore: Any, **kwargs: Any) -> None:
        super().__init__(datastore, **kwargs)
        datastore.enable_db_functions = False  # the database-side insert would skip the seals
        self.table = SQL("{0}.{1}").format(
            Identifier(self.datastore.schema), Identifier(self.events_table_name)
        )
        self.tail = SQL("substring(state from greatest(length(state) - {0}, 1)) AS tail").format(
            TAIL - 1
        )
        self.guarded_insert = SQL(
            "INSERT INTO {table} (originator_id, originator_version, topic, state) "
            "SELECT originator_id, originator_version, topic, state "
            "FROM unnest(%s::{schema}.{type}[]) "
            "WHERE (SELECT coalesce(max(notification_id), 0) FROM {table}) = %s "
            "RETURNING notification_id"
        ).format(
            table=self.table,
            schema=Identifier(self.datastore.schema),
            type=Identifier(self.stored_event_type_name),
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
        local = self._local()
        local.pending, local.guard = [], self._head
        ids = super().insert_events(stored_events, **kwargs)
        if local.guard is not None and len(ids or []) != len(stored_events):
            local.pending, local.guard = [], None  # another writer moved the head: redo
            ids = super().insert_events(stored_events, **kwargs)
        self._learn(local.pending)
        if ids:
            self._head = (max(ids), local.last_log)
        return ids

    def _insert_stored_events(
        self, curs: Any, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> None:
        self._lock_table(curs)
        self._notify_channel(curs)
        local = self._local()

        def previous_of(oid: UUID | str, version: int) -> bytes | None:
            query = SQL("SELECT {0} FROM {1} WHERE originator_id=%s AND originator_version=%s")
            curs.execute(query.format(self.tail, self.table), (oid, version))
            found = curs.fetchone()
            return None if found is None else as_bytes(found["tail"])

        guard = local.guard
        if guard is not None:
            sealed, local.pending = self._seal(stored_events, guard[1], previous_of)
            local.last_log = self._last_log(sealed)
            rows = [self._pg_row(e) for e in sealed]
            curs.execute(self.guarded_insert, (rows, guard[0]))
            return
        curs.execute(self._head_query())
        row = curs.fetchone()
        head = hash_in(None if row is None else as_bytes(row["tail"]), "log")
        sealed, local.pending = self._seal(stored_events, head, previous_of)
        local.last_log = self._last_log(sealed)
        PostgresAggregateRecorder._insert_stored_events(self, curs, sealed, **kwargs)

    def _head_query(self) -> Composed:
        return SQL("SELECT {0} FROM {1} ORDER BY notification_id DESC LIMIT 1").format(
            self.tail, self.table
        )

    def _pg_row(self, e: StoredEvent) -> Any:
        return self.construct_pg_stored_event(
            e.originator_id, e.originator_version, e.topic, e.state
        )

    @staticmethod
    def _last_log(sealed: list[StoredEvent]) -> str:
        return hash_in(sealed[-1].state[-TAIL:], "log") if sealed else ""

    def select_events(self, originator_id: UUID | str, **kwargs: Any) -> Sequence[StoredEvent]:
        return self.stripped(super().select_events(originator_id, **kwargs), remember=True)

    def select_notifications(self, *args: Any, **kwargs: Any) -> Sequence[Notification]:
        return self.stripped(super().select_notifications(*args, **kwargs))

    def select_sealed(self, start: int, limit: int) -> list[tuple[int, UUID, int, str, bytes]]:
        return rows_of(PostgresApplicationRecorder.select_notifications(self, start, limit))
