"""The read model as of a past moment, read in place: each table's past rows put in front of
every query that reads it, no copy and no write.

Each table's rows at the nearest checkpoint (readmodel/checkpoints.py) are a query over its
history, overlaid with the few rows changed by the events after it that were stamped by the
moment. Those are folded by the one projection in a scratch database holding only the rows they
touch, so the cost is the report's query over the history plus about one mark's events, whatever
the length of the log. The past rows reach the report's query as a `WITH` of the table's own
name, which shadows the table for that statement only: nothing is created in the database (a
temporary view a table cost a round trip and catalog writes on PostgreSQL, and made the
session's temporary schema), and the changed rows travel as the statement's parameters, never
as SQL text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
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
MAX_PARAMETERS = 30_000
"""Parameters one statement may carry: under SQLite's default limit (32,766) and PostgreSQL's
(65,535). A past state whose changed rows need more is folded from the first event instead
(`TooManyChanges`): slow, but the same answer."""
HISTORY_OF = {table.name: s.history_of(table).name for table in s.TABLES}
NAMES = re.compile(r"\b[a-z_][a-z0-9_]*\b", re.IGNORECASE)


class TooManyChanges(Exception):
    """The rows changed after the nearest checkpoint do not fit in one statement's parameters."""


class PastState:
    """The read model as of a past moment: a `query` reads each table it names as it stood then.

    Read-only: the past is not written to (`execute` refuses), and there is nothing to undo."""

    def __init__(self, live: s.Database, shadows: dict[str, tuple[str, tuple[Any, ...]]]) -> None:
        self.live = live
        self.kind = live.kind
        self.shadows = shadows

    def query(self, text: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        named = dict.fromkeys(n.lower() for n in NAMES.findall(text))
        read = [name for name in named if name in self.shadows]
        if not read:
            return self.live.query(text, params)
        ctes = ", ".join(f"{name} AS NOT MATERIALIZED ({self.shadows[name][0]})" for name in read)
        values = [v for name in read for v in self.shadows[name][1]]
        body = text.lstrip()
        if body[:4].upper() == "WITH":
            rest = body[4:].lstrip()
            recursive = rest[:9].upper() == "RECURSIVE"
            rest = rest[9:].lstrip() if recursive else rest
            text = f"WITH {'RECURSIVE ' if recursive else ''}{ctes}, {rest}"
        else:
            text = f"WITH {ctes} {body}"
        return self.live.query(text, (*values, *params))

    def execute(self, text: str, params: Sequence[Any] = ()) -> None:
        raise TypeError("a past state is read-only")

    def executemany(self, text: str, rows: Iterable[Sequence[Any]]) -> None:
        raise TypeError("a past state is read-only")

    def transaction(self) -> AbstractContextManager[None]:
        return self.live.transaction()

    def undone(self) -> AbstractContextManager[None]:
        return self.live.undone()

    def lock_row(self) -> str:
        return self.live.lock_row()

    def check(self, tables: Sequence[str]) -> None:
        """The pages a past state reads are its tables' histories'."""
        self.live.check([HISTORY_OF.get(t, t) for t in tables])

    def refresh_statistics(self, tables: Sequence[str]) -> None:
        """Nothing: the past changes no table."""

    def close(self) -> None:
        """Nothing: the live model's connection is its owner's to close."""


def state_as_of(store: Store, live: s.Database, scratch: s.Database, until: datetime) -> PastState:
    """`live` (a caught-up read model) as it stood at `until`; `TooManyChanges` when the rows
    changed since the nearest checkpoint are too many for one statement."""
    live.check([h.name for h in s.HISTORY])
    at = checkpoints.nearest(live, until)
    skip = checkpoints.stamped_after(live, until)
    later = list(events_skipping(store, until, None, at + 1, skip))
    changed = fold_after(live, scratch, at, later)
    shadows = {
        table.name: shadow(scratch, table, int(at), changed.get(table.name, set()))
        for table in s.TABLES
    }
    if sum(len(values) for _, values in shadows.values()) > MAX_PARAMETERS:
        raise TooManyChanges(f"{len(later)} events after checkpoint {at}")
    return PastState(live, shadows)


def fold_after(
    live: s.Database, scratch: s.Database, at: int, events: list[tuple[int, Any]]
) -> dict[str, set[tuple[Any, ...]]]:
    """The events after mark `at`, folded over the rows they touch as they stood at it; the
    keys they changed beyond the rows the scratch ends with (pool members they released)."""
    s.create(scratch, s.TABLES)  # the live tables alone: the fold keeps no history
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


def shadow(
    scratch: s.Database, table: s.Table, at: int, more: set[tuple[Any, ...]]
) -> tuple[str, tuple[Any, ...]]:
    """The query of `table` as it stood at mark `at` (and its parameters): its versions valid at
    `at`, but for the keys the later events changed, whose rows the scratch holds; those rows
    are part of the query itself, as parameters."""
    rows = scratch.query(f"SELECT {', '.join(table.columns)} FROM {table.name}")
    keys = sorted({tuple(row[table.columns.index(k)] for k in table.key) for row in rows} | more)
    text, values = history.valid_at(table), [at, at]
    if keys:
        text += f" AND ({', '.join(table.key)}) NOT IN ({values_list(keys)})"
        values += [v for key in keys for v in key]
    if rows:
        text += f" UNION ALL {values_list(rows)}"
        values += [v for row in rows for v in row]
    return text, tuple(values)


def values_list(rows: Sequence[tuple[Any, ...]]) -> str:
    """A VALUES list of placeholders for these rows."""
    one = "(" + ", ".join("?" for _ in rows[0]) + ")"
    return "VALUES " + ", ".join(one for _ in rows)
