"""Raw SQL access to a store's events table, as someone bypassing the application would have.

Used by the tamper tests: edit, delete, move and insert rows, or rewrite every seal.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlparse
from uuid import UUID

from succession_flow.adapters.chain import (
    GENESIS,
    ChainKey,
    Seal,
    aggregate_hash,
    attach,
    log_hash,
    opens_chain,
    split,
)

PUBLIC = ChainKey()


@dataclass(frozen=True)
class Row:
    position: int
    originator_id: UUID
    version: int
    topic: str
    state: bytes


class RawStore:
    def __init__(self, url: str) -> None:
        self.url = url
        parsed = urlparse(url)
        self.sqlite = parsed.scheme == "sqlite"
        if self.sqlite:
            self.table, self.order = "stored_events", "rowid"
        else:
            schema = parse_qs(parsed.query)["schema"][0]
            self.table, self.order = f'"{schema}".successionflow_events', "notification_id"

    def execute(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        sql = sql.format(table=self.table, order=self.order)
        if self.sqlite:
            conn = sqlite3.connect(urlparse(self.url).path[1:])
            try:
                rows = conn.execute(sql, params).fetchall()
                conn.commit()
                return rows
            finally:
                conn.close()
        import psycopg

        with psycopg.connect(self.url.split("?")[0], autocommit=True) as pg:
            cursor = pg.execute(sql.replace("?", "%s"), params)
            return cursor.fetchall() if cursor.description else []

    def oid(self, originator_id: UUID) -> Any:
        return originator_id.hex if self.sqlite else originator_id

    def rows(self) -> list[Row]:
        found = self.execute(
            "SELECT {order}, originator_id, originator_version, topic, state "
            "FROM {table} ORDER BY {order}"
        )
        return [Row(r[0], UUID(str(r[1])), r[2], r[3], bytes(r[4])) for r in found]

    def row_states(self) -> bytes:
        return b"".join(row.state for row in self.rows())

    def row(self, originator_id: UUID, version: int) -> Row:
        return next(
            r for r in self.rows() if (r.originator_id, r.version) == (originator_id, version)
        )

    def set_state(self, originator_id: UUID, version: int, state: bytes) -> None:
        self.execute(
            "UPDATE {table} SET state=? WHERE originator_id=? AND originator_version=?",
            (state, self.oid(originator_id), version),
        )

    def update(self, originator_id: UUID, version: int, column: str, value: Any) -> None:
        """Set one stored field of one event: originator_id, originator_version, topic, state,
        or "position" (its notification id, so its place in the log)."""
        column = "{order}" if column == "position" else column
        if column == "originator_id":
            value = self.oid(value)
        self.execute(
            f"UPDATE {{table}} SET {column}=? WHERE originator_id=? AND originator_version=?",
            (value, self.oid(originator_id), version),
        )

    def delete(self, originator_id: UUID, version: int) -> None:
        self.execute(
            "DELETE FROM {table} WHERE originator_id=? AND originator_version=?",
            (self.oid(originator_id), version),
        )

    def insert(self, originator_id: UUID, version: int, topic: str, state: bytes) -> None:
        self.execute(
            "INSERT INTO {table} (originator_id, originator_version, topic, state) "
            "VALUES (?, ?, ?, ?)",
            (self.oid(originator_id), version, topic, state),
        )

    def swap_positions(self, a: int, b: int) -> None:
        """Exchange two events' places in the log (their notification ids)."""
        for old, new in ((a, -1), (b, a), (-1, b)):
            self.execute("UPDATE {table} SET {order}=? WHERE {order}=?", (new, old))

    def rewrite(self, change: Callable[[Row, bytes], bytes], key: ChainKey = PUBLIC) -> None:
        """Change bodies and recompute every seal, as a forger who knows the scheme would."""
        last_agg: dict[UUID, str] = {}
        head = GENESIS
        for row in self.rows():
            body, _ = split(row.state)
            body = change(row, body)
            previous = GENESIS if opens_chain(row.version) else last_agg[row.originator_id]
            agg = aggregate_hash(key, previous, row.originator_id, row.version, row.topic, body)
            head = log_hash(key, head, agg)
            last_agg[row.originator_id] = agg
            self.set_state(row.originator_id, row.version, attach(body, Seal(key.flag, agg, head)))
