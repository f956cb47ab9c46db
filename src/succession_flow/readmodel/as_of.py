"""The read model as of a past moment, read in place: views over the history, no copy.

In the live model's own connection, a temporary view of each table's name shows the rows valid
at the nearest checkpoint (readmodel/checkpoints.py), overlaid with the few rows changed by the
events after it that were stamped by the moment. Those are folded by the one projection in a
scratch database holding only the rows they touch, so the cost is the report's query over the
history plus about one mark's events, whatever the length of the log. Temporary objects are
the connection's own, made in a transaction rolled back after the read: they shadow the
tables for this read only and are never committed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any

from succession_flow.readmodel import checkpoints, history
from succession_flow.readmodel import schema as s
from succession_flow.readmodel.batch import (
    CHUNK,
    event_name,
    originators,
    positions_of_pools,
)
from succession_flow.readmodel.projection import Projection
from succession_flow.readmodel.tracking import events_skipping

if TYPE_CHECKING:  # a type only: importing the store at start-up would load its driver
    from succession_flow.adapters.event_store import Store

BY_ID = {"Candidate": s.CANDIDATES, "Position": s.POSITIONS, "Employee": s.EMPLOYEES}
"""The tables whose rows an aggregate's events change in place, by aggregate."""
MEMBER_EVENTS = {"TalentPool.MemberAdmitted", "TalentPool.MemberReadinessChanged",
                 "TalentPool.MemberReleased"}  # fmt: skip


@contextmanager
def state_as_of(
    store: Store, live: s.Database, scratch: s.Database, until: datetime
) -> Iterator[s.Database]:
    """`live` (a caught-up read model) showing its state as of `until` while in the block."""
    live.check([h.name for h in s.HISTORY])
    at = checkpoints.nearest(live, until)
    skip = checkpoints.stamped_after(live, until)
    later = list(events_skipping(store, until, None, at + 1, skip))
    changed = fold_after(live, scratch, at, later)
    with live.undone():
        for table in s.TABLES:
            overlay(live, scratch, table, int(at), changed.get(table.name, set()))
        yield live


def fold_after(
    live: s.Database, scratch: s.Database, at: int, events: list[tuple[int, Any]]
) -> dict[str, set[tuple[Any, ...]]]:
    """The events after mark `at`, folded over the rows they touch as they stood at it; the
    keys they changed beyond the rows the scratch ends with (pool members they released)."""
    s.create(scratch)
    projection = Projection(scratch, history=False)
    wanted = originators(events, (*BY_ID, "TalentPool"))
    projection.pools.update(positions_of_pools(live, wanted.pop("TalentPool")))
    with scratch.transaction():
        for kind, table in BY_ID.items():
            preload(live, scratch, table, at, sorted(wanted[kind]))
        rows = live.query(history.valid_at(s.TRANSITIONS), (at, at))
        history.insert_all(scratch, s.TRANSITIONS, rows)
        projection.apply(events)
    members = {
        (projection.pools[e.originator_id], e.employee_id)
        for _, e in events
        if event_name(e) in MEMBER_EVENTS
    }
    return {s.POOL_MEMBERS.name: members}


def preload(live: s.Database, scratch: s.Database, table: s.Table, at: int, ids: list[str]) -> None:
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        marks = ", ".join("?" for _ in chunk)
        rows = live.query(f"{history.valid_at(table)} AND id IN ({marks})", (at, at, *chunk))
        history.insert_all(scratch, table, rows)


def overlay(
    live: s.Database, scratch: s.Database, table: s.Table, at: int, more: set[tuple[Any, ...]]
) -> None:
    """A temporary view named as the table: its versions valid at `at`, but for the keys the
    later events changed, whose rows the scratch holds. The few changed rows are written into
    the view itself, so a past state costs one statement a table (each costs a round trip and
    catalog work on PostgreSQL)."""
    rows = scratch.query(f"SELECT {', '.join(table.columns)} FROM {table.name}")
    keys = {tuple(row[table.columns.index(k)] for k in table.key) for row in rows} | more
    cols, versions = ", ".join(table.columns), s.history_of(table).name
    view = f"SELECT {cols} FROM {versions} h WHERE h.valid_from <= {at} AND h.valid_to > {at}"
    if keys:
        view += f" AND ({', '.join(f'h.{k}' for k in table.key)}) NOT IN ({values(sorted(keys))})"
    if rows:
        view += f" UNION ALL {values(rows)}"
    live.execute(f"CREATE TEMP VIEW {table.name} AS {view}")


def values(rows: Iterable[tuple[Any, ...]]) -> str:
    """Rows as an SQL VALUES list of literals (a view takes no parameters)."""
    return "VALUES " + ", ".join("(" + ", ".join(map(literal, row)) + ")" for row in rows)


def literal(value: Any) -> str:
    """A read-model value as an SQL literal: NULL, a whole number, or a quoted string."""
    if value is None:
        return "NULL"
    if isinstance(value, int):
        return str(int(value))
    return "'" + str(value).replace("'", "''") + "'"
