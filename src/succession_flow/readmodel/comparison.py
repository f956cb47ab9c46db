"""Is the read model what the events say? Every report and `list` reads it, not the events, so a
row edited in the database would change what reviewers are shown while the sealed record stays
intact. `audit verify` folds the events again into a scratch database, up to the notification
the live model says it has applied, and names each row that differs, is missing or is extra."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from succession_flow.domain.errors import StoreUnavailable
from succession_flow.readmodel import schema
from succession_flow.readmodel.tracking import NAME, fold_as_of

if TYPE_CHECKING:  # a type only: importing the store at start-up would load its driver
    from succession_flow.adapters.event_store import Store

Difference = tuple[str, str]
"""(where: table and key, what differs)."""


def applied_up_to(live: schema.Database) -> int | None:
    """The last notification the live tables have applied; None when there are no tables of
    this schema version yet (nothing to compare: the next catch-up builds them)."""
    try:
        found = live.query("SELECT last_id, version FROM rm_tracking WHERE name = ?", (NAME,))
    except StoreUnavailable:  # no rm_tracking table: no read model was ever built here
        return None
    if not found or found[0][1] != schema.SCHEMA_VERSION:
        return None
    return int(found[0][0])


def read_model_differences(store: Store) -> list[Difference]:
    """The store's read model, read as it is (no catch-up, so nothing is written and a
    read-only reviewer's role can run it), against the events."""
    from succession_flow.adapters.sql_database import open_database  # the driver, when used

    compared = (*schema.CURRENT, *schema.HISTORY)
    live = open_database(store.env, store.where, checked=[t.name for t in compared])
    try:
        return differences(store, live)
    finally:
        live.close()


def differences(store: Store, live: schema.Database) -> list[Difference]:
    """The live read model against a fresh fold of the same events, table by table, page by
    page: a scratch database on disk and pages of `PAGE` rows keep memory flat however large
    the read model (it held both whole in memory, twice over, before)."""
    last = applied_up_to(live)
    if last is None:
        return []
    from succession_flow.adapters.sql_database import scratch_database

    scratch = scratch_database()
    try:
        fold_as_of(store, scratch, up_to_id=last)
        found: list[Difference] = []
        for table in (*schema.TABLES, *schema.HISTORY):
            found.extend(table_differences(table, live, scratch))
        return found
    finally:
        scratch.close()


PAGE = 1000
"""Rows compared per query."""


def table_differences(
    table: schema.Table, live: schema.Database, fresh: schema.Database
) -> Iterator[Difference]:
    """Each row the live table shows, against the row of the same key the events make (looked
    up a page at a time), then each row the events make that the live table lacks."""
    matched = 0
    for page in pages(live, table):
        made = rows_by_key(fresh, table, [key_of(table, row) for row in page])
        matched += len(made)
        for row in page:
            event_row = made.get(key_of(table, row))
            if event_row is None:
                yield (
                    where(table, row),
                    ("row is in the read model but no event makes it (forged or left over)"),
                )
            elif tuple(row) != event_row:
                yield where(table, row), changed_columns(table, tuple(row), event_row)
    if count(fresh, table) == matched:
        return
    for page in pages(fresh, table):
        shown = rows_by_key(live, table, [key_of(table, row) for row in page])
        for row in page:
            if key_of(table, row) not in shown:
                yield where(table, row), "row is missing from the read model (the events make it)"


def pages(db: schema.Database, table: schema.Table) -> Iterator[list[tuple[Any, ...]]]:
    """The table in key order, `PAGE` rows at a time (each page after the last one's key)."""
    columns, key = ", ".join(table.columns), ", ".join(table.key)
    after: tuple[Any, ...] | None = None
    while True:
        later = "" if after is None else f"WHERE ({key}) > ({', '.join('?' for _ in after)}) "
        page = db.query(
            f"SELECT {columns} FROM {table.name} {later}ORDER BY {key} LIMIT {PAGE}", after or ()
        )
        if page:
            yield page
        if len(page) < PAGE:
            return
        after = key_of(table, page[-1])


def rows_by_key(
    db: schema.Database, table: schema.Table, keys: list[tuple[Any, ...]]
) -> dict[tuple[Any, ...], tuple[Any, ...]]:
    """The rows of these keys, by key."""
    if not keys:
        return {}
    one = "(" + ", ".join("?" for _ in table.key) + ")"
    rows = db.query(
        f"SELECT {', '.join(table.columns)} FROM {table.name} "
        f"WHERE ({', '.join(table.key)}) IN (VALUES {', '.join(one for _ in keys)})",
        [value for key in keys for value in key],
    )
    return {key_of(table, row): tuple(row) for row in rows}


def count(db: schema.Database, table: schema.Table) -> int:
    return int(db.query(f"SELECT COUNT(*) FROM {table.name}")[0][0])


def key_of(table: schema.Table, row: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(row[table.columns.index(k)] for k in table.key)


def where(table: schema.Table, row: tuple[Any, ...]) -> str:
    key = key_of(table, row)
    return f"{table.name} " + ", ".join(f"{k}={v}" for k, v in zip(table.key, key, strict=True))


def changed_columns(table: schema.Table, live: tuple[Any, ...], fresh: tuple[Any, ...]) -> str:
    changed = [
        f"{column} reads {shown!r}, the events say {said!r}"
        for column, shown, said in zip(table.columns, live, fresh, strict=True)
        if shown != said
    ]
    return "; ".join(changed)
