"""The candidate lifecycle as a table: which command is legal from which state.

Kept apart from the aggregate so the table can be read (and tested) as the domain states it.
"""

from __future__ import annotations

from enum import StrEnum


class State(StrEnum):
    PROPOSED = "proposed"
    """Nominated under a workflow that requires approval; waiting for an approver."""
    NOMINATED = "nominated"
    EVALUATED = "evaluated"
    POOLED = "pooled"
    IN_TRAINING = "in_training"
    TRAINED = "trained"
    PROMOTED = "promoted"
    EXITED = "exited"


ACTIVE_STATES = frozenset(
    {
        State.PROPOSED,
        State.NOMINATED,
        State.EVALUATED,
        State.POOLED,
        State.IN_TRAINING,
        State.TRAINED,
    }
)

ALLOWED_FROM: dict[str, frozenset[State]] = {
    "approve": frozenset({State.PROPOSED}),
    "reject": frozenset({State.PROPOSED}),
    "evaluate": frozenset({State.NOMINATED, State.EVALUATED}),
    "pool": frozenset({State.EVALUATED}),
    "change-readiness": frozenset({State.POOLED, State.IN_TRAINING, State.TRAINED}),
    "train": frozenset({State.POOLED}),
    "record-course": frozenset({State.IN_TRAINING}),
    "complete-training": frozenset({State.IN_TRAINING}),
    "promote": frozenset({State.TRAINED}),
    "exit": ACTIVE_STATES,
}
"""Every state-changing command and the states it may start from."""

STATE_AFTER = {
    "Nominated": State.NOMINATED,
    "Renominated": State.NOMINATED,
    "ApprovalRequested": State.PROPOSED,
    "NominationApproved": State.NOMINATED,
    "NominationRejected": State.EXITED,
    "Evaluated": State.EVALUATED,
    "Pooled": State.POOLED,
    "TrainingStarted": State.IN_TRAINING,
    "TrainingCompleted": State.TRAINED,
    "Promoted": State.PROMOTED,
    "Exited": State.EXITED,
}
"""The state a candidate is in after each event that changes it.

`TrainingCompleted` of a failed training is always followed by `Exited` in the same save, so
reading it as `trained` is corrected by the next event. Likewise `Nominated` under a workflow
that requires approval is followed in the same save by `ApprovalRequested`; a rejected
nomination ends the cycle like an exit (a new nomination may follow).
"""


class Readiness(StrEnum):
    """Stable codes, never ordinals, so the scale can change without rewriting history."""

    READY_NOW = "ready-now"
    READY_1_2_YEARS = "ready-1-2-years"
    READY_3_5_YEARS = "ready-3-5-years"


class Echelon(StrEnum):
    KEY_POSITION = "key-position"
    MANAGEMENT = "management"
    RESERVE = "reserve"


RATINGS = ("does-not-meet", "partially-meets", "meets", "exceeds", "outstanding")
"""The five-point performance scale, lowest first."""

EDUCATION_LEVELS = ("secondary", "bachelor", "master", "doctorate")
CRITICALITIES = ("low", "medium", "high", "critical")
LEVELS = ("low", "moderate", "high")
RISK_LEVELS = ("low", "medium", "high")

ORGANISATION = {
    "reports_to": None,
    "incumbent": None,
    "planned_departure": None,
    "departure_reason": None,
}
"""Who holds the post, when they are expected to leave and why, and the post it reports to:
all optional, so a position defined before these existed reads as having none. Here, not with
the aggregate, so the read model's projection reads them without loading `Position`."""
