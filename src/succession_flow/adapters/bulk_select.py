"""Select the events of many aggregates in one query, on SQLite or PostgreSQL.

`eventsourcing` reads one aggregate per query; a batch step needs a chunk's candidates,
employees, positions and pools at once. This reads the recorder's own table through its own
connection, so it sees exactly what the recorder wrote.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from itertools import groupby
from operator import attrgetter
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Recorder, StoredEvent

from succession_flow.domain.errors import DamagedRecord

Row = tuple[UUID, int, str, bytes]
SQLITE_IDS_PER_QUERY = 900
"""Below SQLite's smallest limit on bound parameters (999 in old builds)."""


def select_events_of(
    recorder: Recorder,
    ids: list[UUID],
    damaged: list[DamagedRecord] | None = None,
    checked: bool = True,
) -> list[StoredEvent]:
    """Every event of these aggregates, each aggregate's in version order, as the recorder's
    own `select_events` would give them (a recorder that post-processes what it reads, such as
    one that seals events, offers `stripped` and is asked to do the same here).

    With `damaged`, an aggregate whose events fail the recorder's check is left out and its
    error collected there, so one damaged record does not stop the others being read. Not
    `checked`: the seals are cut off but not checked (`audit verify` checks them itself)."""
    if _is(recorder, "eventsourcing.sqlite", "SQLiteAggregateRecorder"):
        rows: list[Row] = list(_sqlite(recorder, ids))
    elif _is(recorder, "eventsourcing.postgres", "PostgresAggregateRecorder"):
        rows = _postgres(recorder, ids)
    else:
        raise TypeError(f"no bulk select for {type(recorder).__qualname__}")
    events = [StoredEvent(*row) for row in rows]
    strip = getattr(recorder, "stripped", None)
    if strip is None:
        return events
    out: list[StoredEvent] = []
    for _, group in groupby(events, key=attrgetter("originator_id")):
        try:
            out += strip(list(group), remember=checked)
        except DamagedRecord as error:
            if damaged is None:
                raise
            damaged.append(error)
    return out


def _is(recorder: Recorder, module: str, name: str) -> bool:
    """Whether the recorder is one of that module's, without importing it: a recorder of a class
    from a module exists only once the module is loaded, and importing eventsourcing.postgres (and
    with it psycopg) would cost every SQLite command a tenth of a second at start-up."""
    loaded = sys.modules.get(module)
    return loaded is not None and isinstance(recorder, getattr(loaded, name))


def _sqlite(recorder: Any, ids: list[UUID]) -> Iterator[Row]:
    table = recorder.events_table_name
    for start in range(0, len(ids), SQLITE_IDS_PER_QUERY):
        asked = {i.hex: i for i in ids[start : start + SQLITE_IDS_PER_QUERY]}
        part = list(asked)
        marks = ",".join("?" * len(part))
        with recorder.datastore.transaction(commit=False) as cursor:
            cursor.execute(
                "SELECT originator_id, originator_version, topic, state "
                f"FROM {table} WHERE originator_id IN ({marks}) "
                "ORDER BY originator_id, originator_version",
                part,
            )
            rows = cursor.fetchall()
        for row in rows:
            yield asked[row[0]], row[1], row[2], row[3]


def _postgres(recorder: Any, ids: list[UUID]) -> list[Row]:
    from psycopg.rows import tuple_row
    from psycopg.sql import SQL, Identifier

    statement = SQL(
        "SELECT originator_id, originator_version, topic, state FROM {schema}.{table} "
        "WHERE originator_id = ANY(%s) ORDER BY originator_id, originator_version"
    ).format(
        schema=Identifier(recorder.datastore.schema), table=Identifier(recorder.events_table_name)
    )
    # plain tuples in binary format: no per-row dict, no hex-decoding of every state
    with (
        recorder.datastore.get_connection() as conn,
        conn.cursor(row_factory=tuple_row, binary=True) as cursor,
    ):
        cursor.execute(statement, [ids], prepare=True)
        return [(r[0], r[1], r[2], bytes(r[3])) for r in cursor.fetchall()]
