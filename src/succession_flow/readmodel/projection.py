"""The one projection: events in log order become rows of the read model's tables.

A batch of events is folded in memory over the rows it touches (loaded first, in a few queries),
then written back with one `executemany` per table. Catch-up, rebuild and the state `--as-of` a
past moment all run this same fold, so they cannot disagree.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any
from uuid import UUID

from succession_flow.domain.keys import pool_uuid
from succession_flow.readmodel import schema as s

Seq = int
Handler = Callable[["Batch", Seq, Any], None]
CHUNK = 500
"""Ids per `IN (...)` query: well under every driver's parameter limit."""


def event_name(event: Any) -> str:
    """`Candidate.Nominated`: stable as long as classes keep their names (stored topics do)."""
    return str(type(event).__qualname__)


def moment(event: Any) -> str:
    return str(event.timestamp.isoformat(timespec="seconds"))


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

    def load(self, events: Sequence[tuple[Seq, Any]]) -> None:
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


# --- candidates -----------------------------------------------------------------------------


def nominated(b: Batch, seq: Seq, e: Any) -> None:
    b.candidates[str(e.originator_id)] = row = {
        "id": str(e.originator_id),
        "candidate": f"{e.employee_id}@{e.position_id}",
        "employee_id": e.employee_id,
        "position_id": e.position_id,
        "echelon": e.echelon,
        "state": "",
        "readiness": "",
        "emergency": 0,
        "cycle": 1,
        "evaluation": "",
        "nominated_seq": seq,
        "updated": moment(e),
    }
    b.move(row, "nominated")


def candidate_event(change: Callable[[Batch, dict[str, Any], Any], None]) -> Handler:
    def handle(b: Batch, seq: Seq, e: Any) -> None:
        row = b.candidates[str(e.originator_id)]
        change(b, row, e)
        row["updated"] = moment(e)

    return handle


def renominated(b: Batch, row: dict[str, Any], e: Any) -> None:
    row.update(cycle=row["cycle"] + 1, readiness="", emergency=0, evaluation="")
    b.move(row, "nominated")


def evaluated(b: Batch, row: dict[str, Any], e: Any) -> None:
    row["evaluation"] = e.outcome
    b.move(row, "evaluated")


def pooled(b: Batch, row: dict[str, Any], e: Any) -> None:
    row.update(readiness=e.readiness, emergency=int(e.emergency_successor))
    b.move(row, "pooled")


def readiness_changed(b: Batch, row: dict[str, Any], e: Any) -> None:
    row.update(readiness=e.readiness, emergency=int(e.emergency_successor))


def training_started(b: Batch, row: dict[str, Any], e: Any) -> None:
    day = e.timestamp.date().isoformat()
    b.courses += [(row["id"], row["cycle"], c, row["position_id"], day) for c in e.courses]
    b.move(row, "in_training")


def training_completed(b: Batch, row: dict[str, Any], e: Any) -> None:
    if e.outcome == "passed":
        b.move(row, "trained")


def to_state(state: str) -> Callable[[Batch, dict[str, Any], Any], None]:
    def change(b: Batch, row: dict[str, Any], e: Any) -> None:
        b.move(row, state)

    return change


def touched(b: Batch, row: dict[str, Any], e: Any) -> None:
    """Events that change no column shown here still mark the candidate as updated."""


# --- pools, positions, employees --------------------------------------------------------------


def pool_opened(b: Batch, seq: Seq, e: Any) -> None:
    b.pools[e.originator_id] = e.position_id


def member_set(b: Batch, seq: Seq, e: Any) -> None:
    key = (b.position_of_pool(e.originator_id), e.employee_id)
    b.members[key] = {"readiness": e.readiness, "emergency": int(e.emergency_successor)}


def member_released(b: Batch, seq: Seq, e: Any) -> None:
    b.members[(b.position_of_pool(e.originator_id), e.employee_id)] = None


REQUIREMENTS = (
    "family",
    "min_education",
    "min_years",
    "certifications",
    "prior_posts",
    "competency_weights",
)


def position_defined(b: Batch, seq: Seq, e: Any) -> None:
    b.positions[str(e.originator_id)] = {
        "id": str(e.originator_id),
        **{k: getattr(e, k) for k in ("position_id", "title", "echelon", "unit", "criticality")},
        "target_bench": e.target_bench,
        "vacancies": e.vacancies,
        "requirements": json.dumps({k: getattr(e, k) for k in REQUIREMENTS}, sort_keys=True),
        "defined_seq": seq,
    }
    b.pools[pool_uuid(e.position_id)] = e.position_id


def demand_changed(b: Batch, seq: Seq, e: Any) -> None:
    b.positions[str(e.originator_id)]["vacancies"] = e.vacancies


def registered(b: Batch, seq: Seq, e: Any) -> None:
    b.employees[str(e.originator_id)] = {
        "id": str(e.originator_id),
        "employee_id": e.employee_id,
        "name": str(e.profile.get("name", "")),
        "department": str(e.profile.get("department", "")),
        "ratings": "{}",
        "latest_year": 0,
        "latest_rating": "",
        "potential": "",
        "risk_of_loss": "",
        "impact_of_loss": "",
    }


def profile_updated(b: Batch, seq: Seq, e: Any) -> None:
    row = b.employees[str(e.originator_id)]
    row.update(name=str(e.profile.get("name", "")), department=str(e.profile.get("department", "")))


def rating_recorded(b: Batch, seq: Seq, e: Any) -> None:
    row = b.employees[str(e.originator_id)]
    ratings = json.loads(row["ratings"])
    ratings[str(e.year)] = e.rating
    latest = max(ratings, key=int)
    row.update(
        ratings=json.dumps(ratings, sort_keys=True),
        latest_year=int(latest),
        latest_rating=ratings[latest],
    )


def talent_assessed(b: Batch, seq: Seq, e: Any) -> None:
    b.employees[str(e.originator_id)].update(
        potential=e.potential, risk_of_loss=e.risk_of_loss, impact_of_loss=e.impact_of_loss
    )


HANDLERS: dict[str, Handler] = {
    "Candidate.Nominated": nominated,
    "Candidate.Renominated": candidate_event(renominated),
    "Candidate.Evaluated": candidate_event(evaluated),
    "Candidate.PoolEntryDeclined": candidate_event(touched),
    "Candidate.Pooled": candidate_event(pooled),
    "Candidate.ReadinessChanged": candidate_event(readiness_changed),
    "Candidate.TrainingStarted": candidate_event(training_started),
    "Candidate.CourseResultRecorded": candidate_event(touched),
    "Candidate.TrainingCompleted": candidate_event(training_completed),
    "Candidate.Promoted": candidate_event(to_state("promoted")),
    "Candidate.PromotionDeferred": candidate_event(touched),
    "Candidate.Exited": candidate_event(to_state("exited")),
    "Candidate.DecisionOverridden": candidate_event(touched),
    "TalentPool.Opened": pool_opened,
    "TalentPool.MemberAdmitted": member_set,
    "TalentPool.MemberReadinessChanged": member_set,
    "TalentPool.MemberReleased": member_released,
    "Position.Defined": position_defined,
    "Position.DemandChanged": demand_changed,
    "Employee.Registered": registered,
    "Employee.ProfileUpdated": profile_updated,
    "Employee.RatingRecorded": rating_recorded,
    "Employee.TalentAssessed": talent_assessed,
}
"""Every event the read model shows, by class name; any other event passes by unread."""


class Projection:
    """Applies batches of (notification id, event) to a database's read-model tables."""

    def __init__(self, db: s.Database) -> None:
        self.db = db
        self.pools: dict[UUID, str] = {}

    def apply(self, events: Iterable[tuple[Seq, Any]]) -> None:
        relevant = [(seq, e) for seq, e in events if event_name(e) in HANDLERS]
        if not relevant:
            return
        batch = Batch(self.db, self.pools)
        batch.load(relevant)
        for seq, event in relevant:
            HANDLERS[event_name(event)](batch, seq, event)
        batch.write()
