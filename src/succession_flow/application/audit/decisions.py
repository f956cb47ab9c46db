"""Every judgement the record holds, one row per candidacy and step, read from the events.

The read model keeps states, not decisions; an audit of adverse impact needs each decision
with its rule version, the rules' outcome and the outcome that took effect (they differ when an
operator overrode). One scan of the log in order gives all of them, and the employees'
self-identified categories as they stood at the report's moment.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from succession_flow.application.queries.finding import event_class
from succession_flow.application.services import Services
from succession_flow.domain.candidate import Candidate
from succession_flow.domain.decision import MANUAL
from succession_flow.domain.employee import Employee
from succession_flow.domain.pipeline_steps import OUTCOMES, STEP_OF_EVENT


@dataclass(frozen=True)
class DecisionRecord:
    """One candidacy's latest decision at one step within the period."""

    employee_id: str
    position_id: str
    echelon: str
    step: str
    ruleset: str
    version: str
    rules_outcome: str
    applied_outcome: str
    at: datetime
    facts: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    """What the rules saw, so another version can decide the same case again."""

    @property
    def overridden(self) -> bool:
        return self.rules_outcome != self.applied_outcome

    @property
    def automated(self) -> bool:
        return self.ruleset != MANUAL


@dataclass(frozen=True)
class Period:
    since: datetime | None = None
    until: datetime | None = None

    def holds(self, moment: datetime) -> bool:
        return (self.since is None or moment >= self.since) and (
            self.until is None or moment <= self.until
        )


APPLIED: dict[str, Callable[[Any], str]] = {
    "Evaluated": lambda e: str(e.outcome),
    "Pooled": lambda e: str(e.readiness),
    "PoolEntryDeclined": lambda e: "not-pooled",
    "TrainingCompleted": lambda e: str(e.outcome),
    "Promoted": lambda e: "promote",
    "PromotionDeferred": lambda e: "retain",
    "Exited": lambda e: "eliminate",
}
"""The outcome that took effect, by the event that recorded a decision."""

CANDIDATE_EVENTS = ("Nominated", "Renominated", "DecisionOverridden", *APPLIED)


def step_of(name: str, decision: dict[str, Any], overridden_step: str | None) -> str | None:
    """The step a decision event belongs to; an exit counts only when the promotion rules (or
    an override of them) eliminated the candidate: other exits are not a selection."""
    if name != "Exited":
        return STEP_OF_EVENT[name]
    promoting = overridden_step == "promote" or decision.get("outcome") in OUTCOMES["promote"]
    return "promote" if promoting else None


class Scan:
    """Folds the log's decision events; the latest per candidacy, cycle and step wins."""

    def __init__(self, period: Period) -> None:
        self.period = period
        self.candidates: dict[Any, dict[str, Any]] = {}
        self.latest: dict[tuple[Any, int, str], DecisionRecord] = {}
        self.demographics: dict[str, dict[str, str]] = {}
        self.employee_of: dict[Any, str] = {}

    def feed(self, event: Any) -> None:
        name = type(event).__qualname__.split(".")[-1]
        if name == "DemographicsDeclared":
            self.demographics[self.employee_of[event.originator_id]] = {
                "sex": event.sex,
                "race_ethnicity": event.race_ethnicity,
            }
        elif name == "Registered":
            self.employee_of[event.originator_id] = event.employee_id
        elif name == "Nominated":
            self.candidates[event.originator_id] = {
                "employee_id": event.employee_id,
                "position_id": event.position_id,
                "echelon": event.echelon,
                "cycle": 1,
                "override": None,
            }
        else:
            self.candidate_event(name, event, self.candidates[event.originator_id])

    def candidate_event(self, name: str, event: Any, c: dict[str, Any]) -> None:
        if name == "Renominated":
            c["cycle"] += 1
        elif name == "DecisionOverridden":
            c["override"] = event.step
        elif name in APPLIED:
            decision = dict(event.decision or {})
            step = step_of(name, decision, c["override"])
            c["override"] = None
            if step is not None and self.period.holds(event.timestamp):
                self.latest[(event.originator_id, c["cycle"], step)] = DecisionRecord(
                    c["employee_id"],
                    c["position_id"],
                    c["echelon"],
                    step,
                    str(decision.get("ruleset", MANUAL)),
                    str(decision.get("version", "")),
                    str(decision.get("outcome", APPLIED[name](event))),
                    APPLIED[name](event),
                    event.timestamp,
                    dict(decision.get("facts", {})),
                )


@dataclass(frozen=True)
class Record:
    decisions: list[DecisionRecord]
    demographics: dict[str, dict[str, str]]
    """Employee id to self-identified categories; an employee absent here declared none."""


def decision_record(services: Services, period: Period) -> Record:
    """Every candidacy's decisions in the period, and the categories as of its end."""
    classes = (
        *(event_class(Candidate, name) for name in CANDIDATE_EVENTS),
        event_class(Employee, "Registered"),
        event_class(Employee, "DemographicsDeclared"),
    )
    scan = Scan(period)
    store = services.store
    for notification in store.notifications(classes):
        event = store.decode(notification)
        if period.until is not None and event.timestamp > period.until:
            continue
        scan.feed(event)
    decisions = sorted(scan.latest.values(), key=lambda d: d.at)
    return Record(decisions, scan.demographics)
