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

    live = open_database(store.env, store.where)
    try:
        return differences(store, live)
    finally:
        live.close()


def differences(store: Store, live: schema.Database) -> list[Difference]:
    """The live read model against a fresh fold of the same events, table by table."""
    last = applied_up_to(live)
    if last is None:
        return []
    from succession_flow.adapters.sql_database import memory_database

    scratch = memory_database()
    try:
        fold_as_of(store, scratch, up_to_id=last)
        fresh, shown = schema.dump(scratch), schema.dump(live)
    finally:
        scratch.close()
    found: list[Difference] = []
    for table in schema.TABLES:
        found.extend(table_differences(table, shown[table.name], fresh[table.name]))
    return found


def table_differences(
    table: schema.Table, shown: list[tuple[Any, ...]], fresh: list[tuple[Any, ...]]
) -> Iterator[Difference]:
    index = [table.columns.index(k) for k in table.key]

    def keyed(rows: list[tuple[Any, ...]]) -> dict[tuple[Any, ...], tuple[Any, ...]]:
        return {tuple(row[i] for i in index): tuple(row) for row in rows}

    live_rows, event_rows = keyed(shown), keyed(fresh)
    for key in sorted(set(live_rows) | set(event_rows), key=repr):
        where = f"{table.name} " + ", ".join(
            f"{k}={v}" for k, v in zip(table.key, key, strict=True)
        )
        live_row, event_row = live_rows.get(key), event_rows.get(key)
        if event_row is None:
            yield where, "row is in the read model but no event makes it (forged or left over)"
        elif live_row is None:
            yield where, "row is missing from the read model (the events make it)"
        elif live_row != event_row:
            yield where, changed_columns(table, live_row, event_row)


def changed_columns(table: schema.Table, live: tuple[Any, ...], fresh: tuple[Any, ...]) -> str:
    changed = [
        f"{column} reads {shown!r}, the events say {said!r}"
        for column, shown, said in zip(table.columns, live, fresh, strict=True)
        if shown != said
    ]
    return "; ".join(changed)
