"""Checkpoints of the read model, so a state `--as-of` a moment folds only the events after one.

As the live read model catches up it copies its tables at notification ids spaced ever wider
apart (every `EVERY` events at first, then an eighth of the log), with the latest timestamp
among the events it then held. Events are not stamped in log order (a chunk is stamped before
it is saved, workers interleave), so a checkpoint may answer for a moment only when every event
it holds was stamped at or before that moment; the fold then goes on from the next id, skipping
later-stamped events exactly as a full fold does. A checkpoint is derived data: a rebuild drops
them all and makes them again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from succession_flow.readmodel import schema as s

EVERY = 10_000
"""Fewest events between two checkpoints; the gap grows with the log (see `due`)."""
SPREAD = 8
"""A checkpoint at most every 1/SPREAD of the log: copies stay a few times the tables' size."""


def due(last_kept: int, last_id: int) -> bool:
    """Whether the live tables at `last_id` should be copied, the last copy being at
    `last_kept`: the fold after the nearest checkpoint stays under an eighth of the log."""
    return last_id - last_kept >= max(EVERY, last_id // SPREAD)


def stamp(moment: datetime) -> str:
    return moment.isoformat()


def reached(db: s.Database) -> tuple[int, datetime | None]:
    """The live tables' latest event timestamp, and the id of the latest checkpoint."""
    head = db.query("SELECT reached FROM rm_reached WHERE name = 'live'")
    kept = db.query("SELECT MAX(last_id) FROM rm_checkpoints")
    latest = datetime.fromisoformat(head[0][0]) if head else None
    return int(kept[0][0] or 0), latest


def advance(db: s.Database, last_id: int, latest: datetime) -> None:
    """Record that the live tables now hold events up to `last_id`, stamped up to `latest`."""
    db.execute(s.REACHED.upsert(), ("live", last_id, stamp(latest)))


def keep(db: s.Database, last_id: int, latest: datetime) -> None:
    """Copy every live table as the checkpoint at `last_id`, in the caller's transaction."""
    for table, kept in zip(s.TABLES, s.KEPT, strict=True):
        columns = ", ".join(table.columns)
        db.execute(
            f"INSERT INTO {kept.name} ({', '.join(kept.columns)}) "
            f"SELECT ?, {columns} FROM {table.name}",
            (last_id,),
        )
    db.execute(s.CHECKPOINTS.upsert(), (last_id, stamp(latest)))


SPAN = 2000
"""Notification ids a floor row covers before the next one starts (catch-ups of a few events
each add to the last row instead of one each)."""


def floor(db: s.Database, first_id: int, last_id: int, earliest: datetime) -> None:
    """Note that the events the live tables applied from `first_id` to `last_id` were all
    stamped at or after `earliest`."""
    found = db.query(
        "SELECT first_id, last_id, earliest FROM rm_floors ORDER BY first_id DESC LIMIT 1"
    )
    if found and found[0][1] == first_id - 1 and found[0][1] - found[0][0] < SPAN:
        first_id = int(found[0][0])
        earliest = min(earliest, datetime.fromisoformat(found[0][2]))
    db.execute(s.FLOORS.upsert(), (first_id, last_id, stamp(earliest)))


def stamped_after(db: s.Database, until: datetime) -> tuple[int, int] | None:
    """(a, b) when every event from notification id a + 1 to b, the last the live tables
    applied, was stamped after `until`: a fold to `until` reads nothing there. None when the
    latest events were not all stamped after it (or the floors do not reach the head)."""
    head = db.query("SELECT last_id FROM rm_reached WHERE name = 'live'")
    rows = db.query("SELECT first_id, last_id, earliest FROM rm_floors ORDER BY first_id DESC")
    if not head or not rows or rows[0][1] != head[0][0]:
        return None
    start, end = None, int(head[0][0])
    for first_id, last_id, earliest in rows:
        if last_id != end or datetime.fromisoformat(earliest) <= until:
            break
        start, end = int(first_id), int(first_id) - 1
    return None if start is None else (start - 1, int(head[0][0]))


def stands_at(db: s.Database, until: datetime) -> bool:
    """Whether the live tables, just caught up, are the state as of `until`: every event they
    hold was stamped at or before it, and (caught up) they hold every event of the log."""
    _, latest = reached(db)
    return latest is not None and latest <= until


def nearest(db: s.Database, until: datetime) -> int:
    """The latest checkpoint whose events were all stamped at or before `until` (0: none)."""
    found = [
        int(last_id)
        for last_id, latest in db.query("SELECT last_id, reached FROM rm_checkpoints")
        if datetime.fromisoformat(latest) <= until
    ]
    return max(found, default=0)


def restore(source: s.Database, target: s.Database, checkpoint: int) -> None:
    """Fill the target's (empty) tables with the checkpoint's copy from the source."""
    for table, kept in zip(s.TABLES, s.KEPT, strict=True):
        rows: list[tuple[Any, ...]] = source.query(
            f"SELECT {', '.join(table.columns)} FROM {kept.name} WHERE checkpoint = ?",
            (checkpoint,),
        )
        marks = ", ".join("?" for _ in table.columns)
        target.executemany(
            f"INSERT INTO {table.name} ({', '.join(table.columns)}) VALUES ({marks})", rows
        )
