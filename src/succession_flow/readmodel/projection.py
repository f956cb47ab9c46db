"""The one projection: events in log order become rows of the read model's tables.

A batch of events is folded in memory over the rows it touches (loaded first, in a few queries),
then written back with one `executemany` per table. Catch-up, rebuild and the state `--as-of` a
past moment all run this same fold, so they cannot disagree.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any
from uuid import UUID

from succession_flow.domain.keys import pool_uuid
from succession_flow.domain.lifecycle import ORGANISATION, STATE_AFTER
from succession_flow.readmodel import schema as s
from succession_flow.readmodel.batch import Batch, event_name
from succession_flow.readmodel.history import mark

Seq = int
Handler = Callable[[Batch, Seq, Any], None]


def moment(event: Any) -> str:
    return str(event.timestamp.isoformat(timespec="seconds"))


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
        **{k: getattr(e, k, None) for k in ORGANISATION},
        "pool_id": str(pool_uuid(e.position_id)),
    }
    b.pools[pool_uuid(e.position_id)] = e.position_id


def demand_changed(b: Batch, seq: Seq, e: Any) -> None:
    b.positions[str(e.originator_id)]["vacancies"] = e.vacancies


def position_revised(b: Batch, seq: Seq, e: Any) -> None:
    row = b.positions[str(e.originator_id)]
    shown = ("title", "unit", "criticality", *ORGANISATION)
    row.update({k: v for k, v in e.changes.items() if k in shown})
    if "target_bench" in e.changes:
        row["target_bench"] = e.changes["target_bench"]
    requirements = json.loads(row["requirements"])
    requirements.update({k: v for k, v in e.changes.items() if k in REQUIREMENTS})
    row["requirements"] = json.dumps(requirements, sort_keys=True)


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
    "Candidate.ApprovalRequested": candidate_event(to_state(STATE_AFTER["ApprovalRequested"])),
    "Candidate.NominationApproved": candidate_event(to_state(STATE_AFTER["NominationApproved"])),
    "Candidate.NominationRejected": candidate_event(to_state(STATE_AFTER["NominationRejected"])),
    "Candidate.Evaluated": candidate_event(evaluated),
    "Candidate.PoolEntryDeclined": candidate_event(touched),
    "Candidate.Pooled": candidate_event(pooled),
    "Candidate.ReadinessChanged": candidate_event(readiness_changed),
    "Candidate.TrainingStarted": candidate_event(training_started),
    "Candidate.CourseResultRecorded": candidate_event(touched),
    "Candidate.TrainingCompleted": candidate_event(training_completed),
    "Candidate.Promoted": candidate_event(to_state(STATE_AFTER["Promoted"])),
    "Candidate.PromotionDeferred": candidate_event(touched),
    "Candidate.Exited": candidate_event(to_state(STATE_AFTER["Exited"])),
    "Candidate.DecisionOverridden": candidate_event(touched),
    "TalentPool.Opened": pool_opened,
    "TalentPool.MemberAdmitted": member_set,
    "TalentPool.MemberReadinessChanged": member_set,
    "TalentPool.MemberReleased": member_released,
    "Position.Defined": position_defined,
    "Position.DemandChanged": demand_changed,
    "Position.Revised": position_revised,
    "Employee.Registered": registered,
    "Employee.ProfileUpdated": profile_updated,
    "Employee.RatingRecorded": rating_recorded,
    "Employee.TalentAssessed": talent_assessed,
}
"""Every event the read model shows, by class name; any other event passes by unread."""


class Projection:
    """Applies batches of (notification id, event) to a database's read-model tables; with
    `history`, also to their versions (readmodel/history.py), noted at each mark the batch
    crosses. A fold to a moment skips later-stamped events, so its state is no mark's and
    keeps no history."""

    def __init__(self, db: s.Database, history: bool = True) -> None:
        self.db = db
        self.history = history
        self.pools: dict[UUID, str] = {}

    def apply(self, events: Iterable[tuple[Seq, Any]]) -> None:
        relevant = [(seq, e) for seq, e in events if event_name(e) in HANDLERS]
        if not relevant:
            return
        batch = Batch(self.db, self.pools, versions=self.history)
        batch.load(relevant)
        at = mark(relevant[0][0])
        for seq, event in relevant:
            if mark(seq) != at:
                batch.snapshot(at)
                at = mark(seq)
            HANDLERS[event_name(event)](batch, seq, event)
        batch.snapshot(at)
        batch.write()
