"""The rows one batch of events touches: loaded in a few queries, changed, written in one go.

Loading only the touched rows keeps a catch-up of a few events cheap however big the tables
are; writing with one `executemany` per table keeps a rebuild of millions of events fast.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from succession_flow.domain.keys import pool_uuid
from succession_flow.readmodel import schema as s

CHUNK = 500
"""Ids per `IN (...)` query: well under every driver's parameter limit."""


def event_name(event: Any) -> str:
    """`Candidate.Nominated`: stable as long as classes keep their names (stored topics do)."""
    return str(type(event).__qualname__)


class Batch:
    """The rows one batch of events touches, changed in memory, then written in one go."""

    def __init__(self, db: s.Database, pools: dict[UUID, str]) -> None:
        self.db = db
        self.pools = pools
        self.candidates: dict[str, dict[str, Any]] = {}
        self.positions: dict[str, dict[str, Any]] = {}
        self.employees: dict[str, dict[str, Any]] = {}
        self.members: dict[tuple[str, str], dict[str, Any] | None] = {}
        self.courses: list[tuple[Any, ...]] = []
        self.transitions: Counter[tuple[str, str, str]] = Counter()

    def load(self, events: Sequence[tuple[int, Any]]) -> None:
        wanted: dict[str, set[str]] = {"Candidate": set(), "Position": set(), "Employee": set()}
        for _, event in events:
            kind = event_name(event).split(".")[0]
            if kind in wanted:
                wanted[kind].add(str(event.originator_id))
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

    def position_of_pool(self, pool_id: UUID) -> str:
        if pool_id not in self.pools:
            for (position_id,) in self.db.query("SELECT position_id FROM rm_positions"):
                self.pools[pool_uuid(position_id)] = position_id
            for row in self.positions.values():
                self.pools[pool_uuid(row["position_id"])] = row["position_id"]
        return self.pools[pool_id]

    def move(self, row: dict[str, Any], to_state: str) -> None:
        if row["state"] != to_state:
            self.transitions[(row["echelon"], row["state"], to_state)] += 1
            row["state"] = to_state

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
