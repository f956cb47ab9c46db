"""The floors' access to a store: its own driver, raw rows, and a table of their own.

`bench.batch_floor` and `bench.import_floor` strip a step to what it cannot skip. Both read the
store's rows by the store's own driver (`sqlite3`, psycopg), with no code of ours in between,
and write their events into a table of the events table's shape, dropped after, so the store
the real step then runs on is as it was.
"""

from __future__ import annotations

import sqlite3
from typing import Any
from uuid import UUID

from bench import limits
from succession_flow.adapters.sealed_postgres import INSERT_ROWS
from succession_flow.adapters.sealed_recorders import hash_in

COLUMNS = "(originator_id, originator_version, topic, state)"


class FloorTable:
    """One store's connection, its tables' names, and the floor's own table.

    Ids are as each store keeps them: hex text in SQLite, `uuid` in PostgreSQL (`key`)."""

    def __init__(self, url: str) -> None:
        self.sqlite = url.startswith("sqlite")
        if self.sqlite:
            self.connection: Any = sqlite3.connect(url.removeprefix("sqlite:///"))
            self.events = limits.SQLITE_TABLE
            self.floor, self.order, self.mark = "floor_events", "rowid", "?"
        else:
            import psycopg

            server, schema = limits.pg_parts(url)
            self.connection = psycopg.connect(server)
            self.events = f'"{schema}".{limits.PG_TABLE}'
            self.floor, self.order, self.mark = f'"{schema}".floor_events', "notification_id", "%s"
        self.snapshots = f"{self.events}_snapshots"

    def key(self, uid: UUID) -> Any:
        """An aggregate id as this store keeps it."""
        return uid.hex if self.sqlite else uid

    def uuid(self, stored: Any) -> UUID:
        """An aggregate id as this store returned it, as a UUID (`key` the other way round)."""
        return UUID(stored) if self.sqlite else stored

    def marks(self, count: int) -> str:
        """`count` parameter marks in this driver's style."""
        return ",".join([self.mark] * count)

    def rows(self, query: str, params: list[Any]) -> list[Any]:
        return list(self.connection.execute(query, params).fetchall())

    def head(self) -> str:
        """The log hash the next event continues from (the genesis of an empty log)."""
        query = f"SELECT state FROM {self.events} ORDER BY {self.order} DESC LIMIT 1"
        found = self.connection.execute(query).fetchone()
        return hash_in(None if found is None else bytes(found[0]), "log")

    def create(self) -> None:
        """The floor's table, made afresh in the events table's shape."""
        self.connection.execute(f"DROP TABLE IF EXISTS {self.floor}")
        if self.sqlite:
            columns = "originator_id TEXT, originator_version INTEGER, topic TEXT, state BLOB"
        else:
            columns = (
                "originator_id uuid NOT NULL, originator_version bigint NOT NULL, topic text, "
                "state bytea, notification_id bigserial UNIQUE"
            )
        key = "PRIMARY KEY (originator_id, originator_version)"
        self.connection.execute(f"CREATE TABLE {self.floor} ({columns}, {key})")
        self.connection.commit()

    def write(self, rows: list[limits.Row]) -> None:
        """The rows in one transaction, the fastest way the store takes them: `executemany` on
        SQLite, binary COPY in statements of the recorder's size on PostgreSQL (what the
        recorder does)."""
        if self.sqlite:
            self.connection.executemany(f"INSERT INTO {self.floor} VALUES (?, ?, ?, ?)", rows)
        else:
            statement = f"COPY {self.floor} {COLUMNS} FROM STDIN (FORMAT BINARY)"
            with self.connection.cursor() as cursor:
                for start in range(0, len(rows), INSERT_ROWS):
                    with cursor.copy(statement) as copy:
                        copy.set_types(["uuid", "int8", "text", "bytea"])
                        for row in rows[start : start + INSERT_ROWS]:
                            copy.write_row(row)
        self.connection.commit()

    def drop(self) -> None:
        """The floor's table dropped, and the connection closed: also after a failed run, so
        whatever it left uncommitted is rolled back first (a failed statement leaves a
        PostgreSQL transaction refusing every other)."""
        try:
            self.connection.rollback()
            self.connection.execute(f"DROP TABLE IF EXISTS {self.floor}")
            self.connection.commit()
        finally:
            self.close()

    def close(self) -> None:
        self.connection.close()
