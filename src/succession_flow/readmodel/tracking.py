"""Keeping the read model in step with the event log: catch up, rebuild, or fold to a moment.

The tracking row (the last notification id applied) is written in the same transaction as the
rows that notification changed, so a crash or a concurrent catch-up can never apply an event
twice or skip one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from typing import TYPE_CHECKING, Any

from succession_flow.adapters.collector import collected_by_hand
from succession_flow.domain.errors import StoreUnavailable
from succession_flow.readmodel import checkpoints, history, schema
from succession_flow.readmodel.projection import Projection

if TYPE_CHECKING:  # a type only: importing the store at start-up would load its driver
    from succession_flow.adapters.event_store import Store

BATCH = 2000
"""Notifications per transaction: big enough for fast writes, small enough to keep locks short."""
STATISTICS_AFTER = 1000
"""Fewer events than this never refresh the statistics (a small store is read whole anyway)."""
NAME = "succession-flow"


@dataclass
class CatchUp:
    events: int
    last_id: int


class ReadModel:
    """The read model of one store, in that store's own database."""

    def __init__(self, store: Store, db: schema.Database) -> None:
        self.store = store
        self.db = db
        self.projection = Projection(db)
        if self._version() != schema.SCHEMA_VERSION:
            self._reset()

    def _version(self) -> int | None:
        """The schema version of the tables here; None before any. Asked before creating
        anything: a reset creates every table of a version at once, so tables of this version
        exist (and each open spares a round trip per table on PostgreSQL)."""
        try:
            found = self.db.query("SELECT version FROM rm_tracking WHERE name = ?", (NAME,))
        except StoreUnavailable:  # no rm_tracking table: no read model was ever built here
            return None
        return int(found[0][0]) if found else None

    def _reset(self) -> None:
        """Empty tables at position 0; the row exists first so catch-ups can lock it."""
        with self.db.transaction():
            schema.drop(self.db)
            schema.create(self.db)
            self.db.execute(
                "INSERT INTO rm_tracking (name, last_id, version) VALUES (?, 0, ?) "
                "ON CONFLICT (name) DO UPDATE SET last_id = 0, version = excluded.version",
                (NAME, schema.SCHEMA_VERSION),
            )
        self.projection = Projection(self.db)

    def last_id(self, lock: bool = False) -> int:
        sql = "SELECT last_id FROM rm_tracking WHERE name = ?" + (
            self.db.lock_row() if lock else ""
        )
        found = self.db.query(sql, (NAME,))
        return int(found[0][0]) if found else 0

    def catch_up(self) -> CatchUp:
        """Apply every notification recorded since the last catch-up, batch by batch; when
        that at least doubled what the tables held (a rebuild, a first build, a bulk load),
        refresh the database's statistics of them, which no longer describe them. The cyclic
        collector runs between batches (`collected_by_hand`), as in every long read."""
        applied, held = 0, None
        with collected_by_hand() as batch_read:
            while True:
                with self.db.transaction():
                    last = self.last_id(lock=True)
                    held = last if held is None else held
                    with self.store.translated():
                        page = self.store.app.recorder.select_notifications(
                            start=last + 1, limit=BATCH
                        )
                    if not page:
                        break
                    events = [(n.id, self.store.decode(n)) for n in page]
                    self.projection.apply(events)
                    self.db.execute(
                        "UPDATE rm_tracking SET last_id = ? WHERE name = ?", (page[-1].id, NAME)
                    )
                    self._checkpoint(last + 1, page[-1].id, events)
                applied += len(page)
                batch_read()
        if applied > max(held, STATISTICS_AFTER):
            self.db.refresh_statistics([table.name for table in schema.DERIVED])
        return CatchUp(applied, last)

    def _checkpoint(self, first_id: int, last_id: int, events: list[tuple[int, Any]]) -> None:
        """Note how late the events the tables now hold were stamped, and how early each run
        of a mark's events was; keep a checkpoint at each mark reached."""
        before = checkpoints.reached(self.db)
        stamps = [event.timestamp for _, event in events]
        latest = max(stamps) if before is None else max(before, *stamps)
        checkpoints.advance(self.db, last_id, latest)
        runs = [list(run) for _, run in groupby(events, key=lambda item: history.mark(item[0]))]
        start = first_id
        for index, run in enumerate(runs):
            end = last_id if index == len(runs) - 1 else run[-1][0]
            checkpoints.floor(self.db, start, end, min(e.timestamp for _, e in run))
            start = end + 1
        checkpoints.keep(self.db, first_id, last_id, events, before)

    def rebuild(self) -> CatchUp:
        """Forget every row and fold the whole event log again."""
        self._reset()
        return self.catch_up()

    def close(self) -> None:
        self.db.close()


def events_until(
    store: Store, until: datetime | None, up_to_id: int | None = None, start: int = 1
) -> Iterator[tuple[int, Any]]:
    """Every event recorded at or before the moment (and notification `up_to_id`), in log
    order, from notification `start`."""
    for notification in store.notifications(start=start, stop=up_to_id):
        event = store.decode(notification)
        if until is None or event.timestamp <= until:
            yield notification.id, event


def events_skipping(
    store: Store,
    until: datetime | None,
    up_to_id: int | None,
    start: int,
    skip: tuple[int, int] | None,
) -> Iterator[tuple[int, Any]]:
    """`events_until`, without reading the notification ids in `skip` (a, b]: every event
    there was stamped after `until`, so a fold to `until` would pass them all by."""
    if skip is None:
        yield from events_until(store, until, up_to_id, start)
        return
    before, after = skip
    stop = before if up_to_id is None else min(up_to_id, before)
    yield from events_until(store, until, stop, start)
    if up_to_id is None or up_to_id > after:
        yield from events_until(store, until, up_to_id, max(start, after + 1))


def fold_as_of(
    store: Store,
    db: schema.Database,
    until: datetime | None = None,
    up_to_id: int | None = None,
) -> None:
    """The read model as it stood at a moment (or after a notification), folded from the first
    event into a scratch database: what `audit verify` compares the live model with, and what
    a connection without a read model of its own reads as of a moment. A caught-up model reads
    its past in place instead (readmodel/as_of.py); both give the same rows
    (tests/integration/test_as_of_checkpoints.py)."""
    schema.create(db)
    projection = Projection(db, history=until is None)
    chunk: list[tuple[int, Any]] = []
    with db.transaction():
        for item in events_until(store, until, up_to_id):
            chunk.append(item)
            if len(chunk) >= BATCH:
                projection.apply(chunk)
                chunk = []
        projection.apply(chunk)
