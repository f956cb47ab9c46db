"""The rows one batch of events touches: loaded in a few queries, changed, written in one go.

Loading only the touched rows keeps a catch-up of a few events cheap however big the tables
are; writing with one `executemany` per table keeps a rebuild of millions of events fast.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any
from uuid import UUID

from succession_flow.readmodel import history
from succession_flow.readmodel import schema as s

CHUNK = 500
"""Ids per `IN (...)` query: well under every driver's parameter limit."""


def event_name(event: Any) -> str:
    """`Candidate.Nominated`: stable as long as classes keep their names (stored topics do)."""
    return str(type(event).__qualname__)


def originators(events: Iterable[tuple[Any, Any]], kinds: Iterable[str]) -> dict[str, set[str]]:
    """The ids of the aggregates of each kind (`Candidate`, ...) that these events came from:
    the rows a fold of them touches."""
    wanted: dict[str, set[str]] = {kind: set() for kind in kinds}
    for _, event in events:
        kind = event_name(event).split(".")[0]
        if kind in wanted:
            wanted[kind].add(str(event.originator_id))
    return wanted


def positions_of_pools(db: s.Database, pool_ids: Iterable[UUID | str]) -> dict[UUID, str]:
    """The position of each of these talent pools that the read model's positions hold."""
    ids = sorted({str(pool_id) for pool_id in pool_ids})
    found: dict[UUID, str] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        for pool_id, position_id in db.query(
            f"SELECT pool_id, position_id FROM {s.POSITIONS.name} "
            f"WHERE pool_id IN ({', '.join('?' for _ in chunk)})",
            chunk,
        ):
            found[UUID(pool_id)] = position_id
    return found


ALL_TRANSITIONS = f"SELECT {', '.join(s.TRANSITIONS.columns)} FROM {s.TRANSITIONS.name}"


class Touched(dict[Any, Any]):
    """A dict that notes each key a handler reads or sets: the rows a version is due for."""

    def __init__(self) -> None:
        super().__init__()
        self.touched: set[Any] = set()

    def __getitem__(self, key: Any) -> Any:
        self.touched.add(key)
        return super().__getitem__(key)

    def __setitem__(self, key: Any, value: Any) -> None:
        self.touched.add(key)
        super().__setitem__(key, value)


class Tally(Counter[tuple[str, str, str]]):
    """The transitions counted in this batch, noting which changed (as `Touched` does)."""

    def __init__(self) -> None:
        super().__init__()
        self.touched: set[tuple[str, str, str]] = set()

    def __setitem__(self, key: tuple[str, str, str], value: int) -> None:
        self.touched.add(key)
        super().__setitem__(key, value)


class Batch:
    """The rows one batch of events touches, changed in memory, then written in one go; with
    `versions`, each row's state at each mark it was touched in, for its history."""

    def __init__(self, db: s.Database, pools: dict[UUID, str], versions: bool = True) -> None:
        self.db = db
        self.pools = pools
        self.candidates: dict[str, dict[str, Any]] = Touched()
        self.positions: dict[str, dict[str, Any]] = Touched()
        self.employees: dict[str, dict[str, Any]] = Touched()
        self.members: dict[tuple[str, str], dict[str, Any] | None] = Touched()
        self.courses: list[tuple[Any, ...]] = []
        self.transitions: Counter[tuple[str, str, str]] = Tally()
        self.versions: dict[str, dict[history.Key, list[tuple[int, history.Row]]]] | None = (
            {t.name: {} for t in s.TABLES} if versions else None
        )
        self.counted: dict[tuple[str, str, str], int] = {}
        self.courses_kept = 0

    def load(self, events: Sequence[tuple[int, Any]]) -> None:
        wanted = originators(events, ("Candidate", "Position", "Employee"))
        for table, target, kind in (
            (s.CANDIDATES, self.candidates, "Candidate"),
            (s.POSITIONS, self.positions, "Position"),
            (s.EMPLOYEES, self.employees, "Employee"),
        ):
            ids = sorted(wanted[kind])
            for start in range(0, len(ids), CHUNK):
                chunk = ids[start : start + CHUNK]
                for row in self.db.query(table.select_in("id", len(chunk)), chunk):
                    target[row[0]] = dict(zip(table.columns, row, strict=True))
        if self.versions is not None:
            self.counted = {(e, f, to): int(n) for e, f, to, n in self.db.query(ALL_TRANSITIONS)}
        for touched in (self.candidates, self.positions, self.employees):
            touched.touched.clear()  # type: ignore[attr-defined]

    def position_of_pool(self, pool_id: UUID) -> str:
        """A pool defined in this fold is known from its position's event; one defined before,
        from its position's row (`pool_id`), not by hashing every position's id again."""
        if pool_id not in self.pools:
            self.pools.update(positions_of_pools(self.db, [pool_id]))
        return self.pools[pool_id]

    def move(self, row: dict[str, Any], to_state: str) -> None:
        if row["state"] != to_state:
            self.transitions[(row["echelon"], row["state"], to_state)] += 1
            row["state"] = to_state

    def snapshot(self, at: int) -> None:
        """Each row touched since the last snapshot, as it stands at mark `at`."""
        if self.versions is None:
            return
        for table, rows in (
            (s.CANDIDATES, self.candidates),
            (s.POSITIONS, self.positions),
            (s.EMPLOYEES, self.employees),
        ):
            found = changed(rows)
            self.version(table, at, [((k,), tuple(r[c] for c in table.columns)) for k, r in found])
        members = changed(self.members)
        self.version(
            s.POOL_MEMBERS,
            at,
            [(k, None if r is None else (*k, r["readiness"], r["emergency"])) for k, r in members],
        )
        courses = self.courses[self.courses_kept :]
        self.courses_kept = len(self.courses)
        self.version(s.TRAINING_COURSES, at, [(c[:3], c) for c in courses])
        counts = [(k, self.counted.get(k, 0) + n) for k, n in changed(self.transitions)]
        self.version(s.TRANSITIONS, at, [(k, (*k, n)) for k, n in counts])

    def version(self, table: s.Table, at: int, rows: list[tuple[history.Key, history.Row]]) -> None:
        """Note each row's version at mark `at` (a later one at the same mark replaces it)."""
        assert self.versions is not None
        kept = self.versions[table.name]
        for key, row in rows:
            found = kept.setdefault(key, [])
            if found and found[-1][0] == at:
                found[-1] = (at, row)
            else:
                found.append((at, row))

    def write(self) -> None:
        db = self.db
        for table, rows in (
            (s.CANDIDATES, self.candidates),
            (s.POSITIONS, self.positions),
            (s.EMPLOYEES, self.employees),
        ):
            db.executemany(table.upsert(), ([r[c] for c in table.columns] for r in rows.values()))
        kept = [(*k, r["readiness"], r["emergency"]) for k, r in self.members.items() if r]
        db.executemany(s.POOL_MEMBERS.upsert(), kept)
        db.executemany(s.POOL_MEMBERS.delete(), [k for k, r in self.members.items() if r is None])
        db.executemany(s.TRAINING_COURSES.upsert(), self.courses)
        db.executemany(s.TRANSITIONS.upsert(), [(*k, n) for k, n in self.transitions.items()])
        for table in s.TABLES if self.versions is not None else ():
            history.write(db, table, self.versions[table.name])  # type: ignore[index]


def changed(rows: Any) -> list[tuple[Any, Any]]:
    """The keys touched since the last call with their values (read without touching them
    again), forgotten once returned."""
    found = [(k, dict.get(rows, k)) for k in sorted(rows.touched)]
    rows.touched.clear()
    return found
