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

from succession_flow.adapters.chain import StaleSnapshot
from succession_flow.domain.errors import DamagedRecord

Row = tuple[UUID, int, str, bytes]
SQLITE_IDS_PER_QUERY = 900
"""Below SQLite's smallest limit on bound parameters (999 in old builds)."""


def select_events_of(
    recorder: Recorder,
    ids: list[UUID],
    damaged: list[DamagedRecord] | None = None,
    anchors: dict[UUID, tuple[int, str]] | None = None,
    stale: list[UUID] | None = None,
    checked: bool = True,
) -> list[StoredEvent]:
    """Every event of these aggregates, each aggregate's in version order, as the recorder's
    own `select_events` would give them (a recorder that post-processes what it reads, such as
    one that seals events, offers `stripped` and is asked to do the same here).

    With `damaged`, an aggregate whose events fail the recorder's check is left out and its
    error collected there, so one damaged record does not stop the others being read. Not
    `checked`: the seals are cut off but not checked (`audit verify` checks them itself).

    With `anchors` (aggregate -> version and aggregate hash of its snapshot), only the events
    after the snapshot's are given, checked from its hash (`stripped_from`); an aggregate whose
    events do not bear its snapshot out is left out and named in `stale`, to be read whole."""
    anchors = anchors or {}
    since = {uid: anchors[uid][0] if uid in anchors else 0 for uid in ids}
    if _is(recorder, "eventsourcing.sqlite", "SQLiteAggregateRecorder"):
        rows: list[Row] = list(_sqlite(recorder, since))
    elif _is(recorder, "eventsourcing.postgres", "PostgresAggregateRecorder"):
        rows = _postgres(recorder, since)
    else:
        raise TypeError(f"no bulk select for {type(recorder).__qualname__}")
    events = [StoredEvent(*row) for row in rows]
    strip = getattr(recorder, "stripped", None)
    if strip is None:
        return events
    out: list[StoredEvent] = []
    unseen = set(anchors)
    for oid, group in groupby(events, key=attrgetter("originator_id")):
        unseen.discard(oid)
        try:
            if oid in anchors:
                out += recorder.stripped_from(list(group), anchors[oid])  # type: ignore[attr-defined]
            else:
                out += strip(list(group), remember=checked)
        except StaleSnapshot:
            if stale is None:
                raise
            stale.append(oid)
        except DamagedRecord as error:
            if damaged is None:
                raise
            damaged.append(error)
    if unseen and stale is None:
        raise StaleSnapshot(next(iter(unseen)))
    if stale is not None:
        stale += [uid for uid in ids if uid in unseen]
    return out


def _is(recorder: Recorder, module: str, name: str) -> bool:
    """Whether the recorder is one of that module's, without importing it: a recorder of a class
    from a module exists only once the module is loaded, and importing eventsourcing.postgres (and
    with it psycopg) would cost every SQLite command a tenth of a second at start-up."""
    loaded = sys.modules.get(module)
    return loaded is not None and isinstance(recorder, getattr(loaded, name))


def _sqlite(recorder: Any, since: dict[UUID, int]) -> Iterator[Row]:
    """Each aggregate's events from its version in `since` (0: all), a few hundred at a time."""
    table = recorder.events_table_name
    ids = list(since)
    for start in range(0, len(ids), SQLITE_IDS_PER_QUERY // 2):
        asked = {i.hex: i for i in ids[start : start + SQLITE_IDS_PER_QUERY // 2]}
        values = ",".join(["(?, ?)"] * len(asked))
        with recorder.datastore.transaction(commit=False) as cursor:
            cursor.execute(
                f"WITH asked(id, since) AS (VALUES {values}) "
                "SELECT e.originator_id, e.originator_version, e.topic, e.state "
                f"FROM asked JOIN {table} AS e ON e.originator_id = asked.id "
                "AND e.originator_version >= asked.since "
                "ORDER BY e.originator_id, e.originator_version",
                [part for hexed, uid in asked.items() for part in (hexed, since[uid])],
            )
            rows = cursor.fetchall()
        for row in rows:
            yield asked[row[0]], row[1], row[2], row[3]


def _postgres(recorder: Any, since: dict[UUID, int]) -> list[Row]:
    from psycopg.rows import tuple_row
    from psycopg.sql import SQL, Identifier

    statement = SQL(
        "SELECT e.originator_id, e.originator_version, e.topic, e.state "
        "FROM unnest(%s::uuid[], %s::bigint[]) AS asked(id, since) "
        "JOIN {schema}.{table} AS e ON e.originator_id = asked.id "
        "AND e.originator_version >= asked.since ORDER BY e.originator_id, e.originator_version"
    ).format(
        schema=Identifier(recorder.datastore.schema), table=Identifier(recorder.events_table_name)
    )
    # plain tuples in binary format: no per-row dict, no hex-decoding of every state
    with (
        recorder.datastore.get_connection() as conn,
        conn.cursor(row_factory=tuple_row, binary=True) as cursor,
    ):
        cursor.execute(statement, [list(since), list(since.values())], prepare=True)
        return [(r[0], r[1], r[2], bytes(r[3])) for r in cursor.fetchall()]
