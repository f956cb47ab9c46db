"""The versions of the read model's rows, each with the notification ids between which it held.

A version belongs to a checkpoint mark: the multiple of `STEP` at or after the id of the event
that made it; several events on one row within a step make one version. So the versions are a
function of the log alone, the same whichever batches a catch-up or a rebuild applied them in
(`audit verify` compares them), and the state at any mark is a query: the versions with
valid_from <= mark < valid_to. The projection records them as it folds (`Batch.snapshot`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from succession_flow.readmodel import schema as s

STEP = 128
"""Notification ids per mark: the fold after the nearest mark reads about this many events
(and the disorder of their stamps); fewer means more versions of busy rows."""

Key = tuple[Any, ...]
Row = tuple[Any, ...] | None
"""A version's values, or None: the row was deleted at that mark."""


def mark(seq: int) -> int:
    """The mark whose state first includes the event at notification id `seq`."""
    return -(-seq // STEP) * STEP


def marks_between(first_id: int, last_id: int) -> range:
    """The marks reached by applying notifications `first_id` to `last_id`."""
    return range(mark(first_id), last_id + 1, STEP)


def valid_at(table: s.Table) -> str:
    """The rows of `table` as they stood at a mark (one parameter: the mark)."""
    history = s.history_of(table)
    return (
        f"SELECT {', '.join(table.columns)} FROM {history.name} "
        "WHERE valid_from <= ? AND valid_to > ?"
    )


def write(db: s.Database, table: s.Table, versions: dict[Key, list[tuple[int, Row]]]) -> None:
    """Close each key's version that held before this batch at its first new mark, then write
    the new versions, each valid until the next (the last until `OPEN`). A deletion leaves no
    version: it only ends the one before it."""
    history = s.history_of(table)
    keys = " AND ".join(f"{k} = ?" for k in table.key)
    closes, deletes, upserts = [], [], []
    for key, found in versions.items():
        closes.append((found[0][0], *key))
        ends = [m for m, _ in found[1:]] + [s.OPEN]
        for (at, row), until in zip(found, ends, strict=True):
            if row is None:
                deletes.append((*key, at))
            else:
                upserts.append((at, until, *row))
    db.executemany(
        f"UPDATE {history.name} SET valid_to = ? WHERE {keys} "
        f"AND valid_to = {s.OPEN} AND valid_from < ?",
        ((at, *key, at) for at, *key in closes),
    )
    db.executemany(f"DELETE FROM {history.name} WHERE {keys} AND valid_from = ?", deletes)
    db.executemany(history.upsert(), upserts)


def insert_all(db: s.Database, table: s.Table, rows: Iterable[Any]) -> None:
    marks = ", ".join("?" for _ in table.columns)
    db.executemany(f"INSERT INTO {table.name} ({', '.join(table.columns)}) VALUES ({marks})", rows)
