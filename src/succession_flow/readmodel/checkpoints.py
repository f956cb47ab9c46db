"""Checkpoints of the read model, so a state `--as-of` a moment folds only the events after one.

A checkpoint is a mark (readmodel/history.py): the rows valid at it are the state after
notifications 1..mark, a query over the versions rather than a copy, so there is one every
`history.STEP` ids and the fold after the nearest reads about that many events, however long
the log. Events are not stamped in log order (a chunk is stamped before it is saved, workers
interleave), so a checkpoint may answer for a moment only when every event it holds was
stamped at or before that moment (its `reached`, the latest stamp up to it); the fold then goes
on from the next id, skipping later-stamped events exactly as a full fold does. Checkpoints are
derived data: a rebuild drops them all and makes them again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from succession_flow.readmodel import history
from succession_flow.readmodel import schema as s


def stamp(moment: datetime) -> str:
    return moment.isoformat()


def reached(db: s.Database) -> datetime | None:
    """The latest event timestamp among the events the live tables hold."""
    head = db.query("SELECT reached FROM rm_reached WHERE name = 'live'")
    return datetime.fromisoformat(head[0][0]) if head else None


def advance(db: s.Database, last_id: int, latest: datetime) -> None:
    """Record that the live tables now hold events up to `last_id`, stamped up to `latest`."""
    db.execute(s.REACHED.upsert(), ("live", last_id, stamp(latest)))


def keep(
    db: s.Database,
    first_id: int,
    last_id: int,
    events: Sequence[tuple[int, Any]],
    before: datetime | None,
) -> None:
    """A checkpoint at each mark that applying notifications `first_id` to `last_id` (these
    events, in log order) reached, with the latest stamp up to it; `before`, the latest stamp
    of the events applied earlier."""
    marks = list(history.marks_between(first_id, last_id))
    rows, latest, passed = [], before, 0
    for seq, event in events:
        while passed < len(marks) and marks[passed] < seq:
            rows.append((marks[passed], latest))
            passed += 1
        latest = event.timestamp if latest is None else max(latest, event.timestamp)
    rows += [(m, latest) for m in marks[passed:]]
    db.executemany(s.CHECKPOINTS.upsert(), [(m, stamp(t)) for m, t in rows if t is not None])


SPAN = history.STEP
"""Notification ids a floor row covers before the next one starts (catch-ups of a few events
each add to the last row instead of one each): about a mark's, so a fold to a moment reads
about one mark's events past the nearest checkpoint before it may skip the rest."""


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
    latest = reached(db)
    return latest is not None and latest <= until


def nearest(db: s.Database, until: datetime) -> int:
    """The latest checkpoint whose events were all stamped at or before `until` (0: none)."""
    found = [
        int(last_id)
        for last_id, latest in db.query("SELECT last_id, reached FROM rm_checkpoints")
        if datetime.fromisoformat(latest) <= until
    ]
    return max(found, default=0)
