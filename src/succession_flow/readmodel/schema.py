"""The read model's tables: what reports and `list` read instead of replaying every aggregate.

Plain SQL that runs unchanged on SQLite and PostgreSQL. The tables are derived data: dropping
them loses nothing, `readmodel rebuild` makes them again from the events.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol

SCHEMA_VERSION = 7
"""Raise when a table changes: a store with older tables is rebuilt on its next catch-up."""


class Database(Protocol):
    """What the read model needs from a SQL connection (adapters/sql_database.py)."""

    kind: str

    def execute(self, text: str, params: Sequence[Any] = ()) -> None: ...
    def executemany(self, text: str, rows: Iterable[Sequence[Any]]) -> None: ...
    def query(self, text: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...
    def transaction(self) -> AbstractContextManager[None]: ...
    def undone(self) -> AbstractContextManager[None]: ...
    def lock_row(self) -> str: ...
    def check(self, tables: Sequence[str]) -> None: ...
    def refresh_statistics(self, tables: Sequence[str]) -> None: ...
    def close(self) -> None: ...


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]
    key: tuple[str, ...]
    types: dict[str, str]

    def ddl(self) -> str:
        cols = ", ".join(f"{c} {self.types.get(c, 'TEXT NOT NULL')}" for c in self.columns)
        return (
            f"CREATE TABLE IF NOT EXISTS {self.name} ({cols}, PRIMARY KEY ({', '.join(self.key)}))"
        )

    def upsert(self) -> str:
        """Insert or replace by key; `counts` tables add instead (see ADDING)."""
        marks = ", ".join("?" for _ in self.columns)
        rest = [c for c in self.columns if c not in self.key]
        if self.name in ADDING:
            sets = ", ".join(f"{c} = {self.name}.{c} + excluded.{c}" for c in rest)
        else:
            sets = ", ".join(f"{c} = excluded.{c}" for c in rest)
        return (
            f"INSERT INTO {self.name} ({', '.join(self.columns)}) VALUES ({marks}) "
            f"ON CONFLICT ({', '.join(self.key)}) DO UPDATE SET {sets}"
        )

    def delete(self) -> str:
        return f"DELETE FROM {self.name} WHERE " + " AND ".join(f"{k} = ?" for k in self.key)

    def select_in(self, column: str, count: int) -> str:
        marks = ", ".join("?" for _ in range(count))
        return f"SELECT {', '.join(self.columns)} FROM {self.name} WHERE {column} IN ({marks})"


INT = "INTEGER NOT NULL"
BIG = "BIGINT NOT NULL"

CANDIDATES = Table(
    "rm_candidates",
    (
        "id",
        "candidate",
        "employee_id",
        "position_id",
        "echelon",
        "state",
        "readiness",
        "emergency",
        "cycle",
        "evaluation",
        "nominated_seq",
        "updated",
    ),
    ("id",),
    {"emergency": INT, "cycle": INT, "nominated_seq": BIG},
)
POOL_MEMBERS = Table(
    "rm_pool_members",
    ("position_id", "employee_id", "readiness", "emergency"),
    ("position_id", "employee_id"),
    {"emergency": INT},
)
POSITIONS = Table(
    "rm_positions",
    (
        "id",
        "position_id",
        "title",
        "echelon",
        "unit",
        "criticality",
        "target_bench",
        "vacancies",
        "requirements",
        "defined_seq",
        "reports_to",
        "incumbent",
        "planned_departure",
        "departure_reason",
        "pool_id",
    ),
    ("id",),
    {
        "target_bench": INT,
        "vacancies": INT,
        "defined_seq": BIG,
        **dict.fromkeys(
            ("reports_to", "incumbent", "planned_departure", "departure_reason", "pool_id"),
            "TEXT",
        ),
    },
)
EMPLOYEES = Table(
    "rm_employees",
    (
        "id",
        "employee_id",
        "name",
        "department",
        "ratings",
        "latest_year",
        "latest_rating",
        "potential",
        "risk_of_loss",
        "impact_of_loss",
    ),
    ("id",),
    {"latest_year": INT},
)
TRANSITIONS = Table(
    "rm_transitions",
    ("echelon", "from_state", "to_state", "count"),
    ("echelon", "from_state", "to_state"),
    {"count": BIG},
)
TRAINING_COURSES = Table(
    "rm_training_courses",
    ("candidate_id", "cycle", "course", "position_id", "started"),
    ("candidate_id", "cycle", "course"),
    {"cycle": INT},
)
TRACKING = Table(
    "rm_tracking",
    ("name", "last_id", "version"),
    ("name",),
    {"last_id": BIG, "version": INT},
)

ADDING = {TRANSITIONS.name}
TABLES = (CANDIDATES, POOL_MEMBERS, POSITIONS, EMPLOYEES, TRANSITIONS, TRAINING_COURSES)


OPEN = 2**62
"""The `valid_to` of a version that still holds (a number, so `valid_to > ?` needs no NULL)."""


def history_of(table: Table) -> Table:
    """The same table with the notification ids between which each version held: a version
    is valid at id c when valid_from <= c < valid_to (readmodel/history.py writes them)."""
    return Table(
        "rm_hist_" + table.name.removeprefix("rm_"),
        ("valid_from", "valid_to", *table.columns),
        (*table.key, "valid_from"),
        {**table.types, "valid_from": BIG, "valid_to": BIG},
    )


HISTORY = tuple(history_of(t) for t in TABLES)
"""Every version of every row, so the state at a checkpoint is a query, not a copy."""
RETIRED = tuple("rm_kept_" + t.name.removeprefix("rm_") for t in TABLES)
"""Tables of older schema versions (whole copies at checkpoints), dropped on a rebuild."""
CHECKPOINTS = Table("rm_checkpoints", ("last_id", "reached"), ("last_id",), {"last_id": BIG})
"""One row per checkpoint: the versions valid at last_id hold events 1..last_id, all stamped at
or before reached."""
REACHED = Table("rm_reached", ("name", "last_id", "reached"), ("name",), {"last_id": BIG})
"""The latest timestamp among the events the live tables hold (events are not stamped in order)."""
FLOORS = Table(
    "rm_floors",
    ("first_id", "last_id", "earliest"),
    ("first_id",),
    {"first_id": BIG, "last_id": BIG},
)
"""The earliest stamp among the events of each run of notification ids the live tables applied,
so a fold `--as-of` a moment skips the runs stamped wholly after it."""
DERIVED = (*TABLES, *HISTORY, CHECKPOINTS, REACHED, FLOORS)
CURRENT = (*TABLES, TRACKING, CHECKPOINTS, REACHED, FLOORS)
"""What a read of the state now reads (the history only a read as of a past moment)."""
INDEXES = {
    "rm_candidates": (
        "CREATE INDEX IF NOT EXISTS rm_candidates_position ON rm_candidates (position_id)",
        "CREATE INDEX IF NOT EXISTS rm_candidates_seq ON rm_candidates (nominated_seq)",
    ),
    "rm_employees": ("CREATE INDEX IF NOT EXISTS rm_employees_key ON rm_employees (employee_id)",),
    "rm_positions": ("CREATE INDEX IF NOT EXISTS rm_positions_pool ON rm_positions (pool_id)",),
    "rm_checkpoints": (  # the nearest checkpoint is one index probe (readmodel/checkpoints.py)
        "CREATE INDEX IF NOT EXISTS rm_checkpoints_reached ON rm_checkpoints (reached, last_id)",
    ),
}
"""Each table's indexes, by table name: made with it."""


def create(db: Database, tables: Sequence[Table] = (*DERIVED, TRACKING)) -> None:
    """These tables (all of them by default), each with its indexes."""
    for table in tables:
        db.execute(table.ddl())
        for index in INDEXES.get(table.name, ()):
            db.execute(index)


def drop(db: Database) -> None:
    for name in (*(t.name for t in DERIVED), *RETIRED):
        db.execute(f"DROP TABLE IF EXISTS {name}")


def dump(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table in key order: two read models are equal when their dumps are."""
    return {
        t.name: db.query(f"SELECT {', '.join(t.columns)} FROM {t.name} ORDER BY {', '.join(t.key)}")
        for t in TABLES
    }


def rows_of(
    db: Database, table: Table, where: str = "", params: Sequence[Any] = ()
) -> Iterator[dict[str, Any]]:
    sql = f"SELECT {', '.join(table.columns)} FROM {table.name} {where}"
    for row in db.query(sql, params):
        yield dict(zip(table.columns, row, strict=True))
