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
from datetime import UTC, datetime
from typing import Any

from succession_flow.readmodel import history
from succession_flow.readmodel import schema as s


def stamp(moment: datetime) -> str:
    """A moment as stored text whose order is the moment's, so SQL compares stamps in place of
    reading every row into Python: UTC with every field at a fixed width (`isoformat` drops zero
    microseconds and keeps whatever offset it is given, and either would make text order differ
    from time order). A naive moment is taken as UTC."""
    utc = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return utc.isoformat(timespec="microseconds")


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
    latest events were not all stamped after it (or the floors do not reach the head).

    The floors after the last one holding an event stamped by `until` are the stretch, if they
    run without a gap up to the head. Runs are applied once each, in order, so floors never
    overlap, and their spans adding up to the stretch's length is that check in one query; the
    row-by-row walk is kept only for floors that leave a gap, which this module never writes."""
    head = db.query("SELECT last_id FROM rm_reached WHERE name = 'live'")
    top = db.query("SELECT last_id FROM rm_floors ORDER BY first_id DESC LIMIT 1")
    if not head or not top or top[0][0] != head[0][0]:
        return None
    end = int(head[0][0])
    blocker = db.query(
        "SELECT first_id FROM rm_floors WHERE earliest <= ? ORDER BY first_id DESC LIMIT 1",
        (stamp(until),),
    )
    after = int(blocker[0][0]) if blocker else -1
    start, count, span = db.query(
        "SELECT min(first_id), count(*), sum(last_id - first_id + 1) FROM rm_floors"
        " WHERE first_id > ?",
        (after,),
    )[0]
    if not count:
        return None
    if int(span) == end - int(start) + 1:
        return int(start) - 1, end
    return walked(db, after, end)


def walked(db: s.Database, after: int, end: int) -> tuple[int, int] | None:
    """`stamped_after` for floors that leave a gap: down from the head while they run on."""
    start = None
    rows = db.query(
        "SELECT first_id, last_id FROM rm_floors WHERE first_id > ? ORDER BY first_id DESC",
        (after,),
    )
    head = end
    for first_id, last_id in rows:
        if last_id != end:
            break
        start, end = int(first_id), int(first_id) - 1
    return None if start is None else (start - 1, head)


def stands_at(db: s.Database, until: datetime) -> bool:
    """Whether the live tables, just caught up, are the state as of `until`: every event they
    hold was stamped at or before it, and (caught up) they hold every event of the log."""
    latest = reached(db)
    return latest is not None and latest <= until


def nearest(db: s.Database, until: datetime) -> int:
    """The latest checkpoint whose events were all stamped at or before `until` (0: none).

    A checkpoint's `reached` is the latest stamp of all the events up to it, so it never falls
    as the checkpoints go on: the latest checkpoint reached by `until` is the last in the order
    of (reached, last_id), one probe of their index, not a scan of every checkpoint."""
    found = db.query(
        "SELECT last_id FROM rm_checkpoints WHERE reached <= ? "
        "ORDER BY reached DESC, last_id DESC LIMIT 1",
        (stamp(until),),
    )
    return int(found[0][0]) if found else 0
