"""A succession position (or reserve track): what a successor must bring, and how many we want."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from succession_flow.domain import values
from succession_flow.domain.errors import IllegalTransition, InvalidInput
from succession_flow.domain.keys import check_code, position_uuid
from succession_flow.domain.lifecycle import CRITICALITIES, EDUCATION_LEVELS, ORGANISATION, Echelon
from succession_flow.domain.values import (
    COMPETENCIES,
    check_choice,
    check_date,
    check_number,
    check_scores,
    check_text,
    check_texts,
)

DEFAULT_WEIGHTS = {
    "professional_quality": 0.25,
    "core_competence": 0.4,
    "psychological_quality": 0.15,
    "knowledge_quality": 0.2,
}


def check_weights(weights: dict[str, float]) -> dict[str, float]:
    """Core competence weighs highest, as the evaluation model requires; the weights sum to 1."""
    checked = check_scores("competency_weights", weights, COMPETENCIES, 0.0, 1.0)
    if abs(sum(checked.values()) - 1.0) > 1e-6:
        raise InvalidInput(f"competency_weights: sum to {sum(checked.values()):.3f}, not 1")
    core = checked["core_competence"]
    if any(value > core for key, value in checked.items() if key != "core_competence"):
        raise InvalidInput("competency_weights: core_competence must weigh the most")
    return checked


NEW_POSITION = {
    "criticality": "high",
    "target_bench": 2,
    "min_education": "bachelor",
    "min_years": 0,
    "certifications": [],
    "prior_posts": [],
    "competency_weights": DEFAULT_WEIGHTS,
    "family": "general",
    "vacancies": 0,
}
"""What a new position has unless told otherwise (`position add`'s defaults, and a positions
file's empty cells)."""


def parse_weights(text: str | None) -> dict[str, float]:
    """`core_competence=0.4,professional_quality=0.25,...` (the defaults when not given), as
    `--weights` and a positions file's `weights` column write them."""
    if not text:
        return dict(DEFAULT_WEIGHTS)
    weights = {}
    for part in text.split(","):
        name, sep, value = part.partition("=")
        try:
            weights[name.strip()] = float(value)
        except ValueError:
            raise InvalidInput(f"--weights: {part!r} is not NAME=NUMBER") from None
        if not sep:
            raise InvalidInput(f"--weights: {part!r} is not NAME=NUMBER")
    return weights


REVISABLE = (
    "title",
    "unit",
    "criticality",
    "target_bench",
    "min_education",
    "min_years",
    "certifications",
    "prior_posts",
    "competency_weights",
    "family",
    "reports_to",
    "incumbent",
    "planned_departure",
    "departure_reason",
)
"""What `position update` may change. The id and the echelon stay: candidates, pools and the
workflow in force are keyed by them, so a new echelon is a new position."""


DEPARTURE_REASONS = ("retirement", "resignation", "transfer", "promotion", "other")


def check_organisation(spec: dict[str, Any]) -> None:
    if spec["reports_to"] is not None:
        check_code("reports_to position", spec["reports_to"])
        if spec["reports_to"] == spec["position_id"]:
            raise InvalidInput(f"position {spec['position_id']} cannot report to itself")
    if spec["incumbent"] is not None:
        check_code("incumbent employee", spec["incumbent"])
    departure, reason = spec["planned_departure"], spec["departure_reason"]
    if departure is not None:
        check_date("planned_departure", departure)
        if spec["incumbent"] is None:
            raise InvalidInput("planned_departure: the position has no incumbent to leave")
    if reason is not None:
        check_choice("departure_reason", reason, DEPARTURE_REASONS)
        if departure is None:
            raise InvalidInput("departure_reason: give the planned departure date too")


def check_reason(reason: str, why: str) -> str:
    """A reason is kept in the record and shown in history: said, and printable."""
    return values.check_reason("--reason", reason, f"--reason: say why {why}")


def check_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """One check of a whole position description, for a definition and for every revision."""
    spec = {**ORGANISATION, **spec}
    check_organisation(spec)
    check_choice("echelon", spec["echelon"], [e.value for e in Echelon])
    check_choice("criticality", spec["criticality"], CRITICALITIES)
    check_choice("min_education", spec["min_education"], EDUCATION_LEVELS)
    check_number("min_years", spec["min_years"], 0, 60)
    check_number("target_bench", spec["target_bench"], 0, 1000)
    check_number("vacancies", spec["vacancies"], 0, 1000)
    return {
        **spec,
        **{name: check_text(name, spec[name]) for name in ("title", "unit", "family")},
        "certifications": check_texts("certifications", spec["certifications"]),
        "prior_posts": check_texts("prior_posts", spec["prior_posts"]),
        "competency_weights": check_weights(dict(spec["competency_weights"])),
    }


class Position(Aggregate):
    """Defined once; demand (vacancies) changes over time as events."""

    @staticmethod
    def create_id(position_id: str) -> UUID:
        return position_uuid(position_id)

    @classmethod
    def define(cls, spec: dict[str, Any], actor: str) -> Position:
        """Check a whole position description before any event exists."""
        check_code("position", spec["position_id"])
        return cls(**{**check_spec(spec), "actor": actor})

    @event("Defined")
    def __init__(
        self,
        position_id: str,
        title: str,
        echelon: str,
        unit: str,
        criticality: str,
        target_bench: int,
        min_education: str,
        min_years: int,
        certifications: list[str],
        prior_posts: list[str],
        competency_weights: dict[str, float],
        family: str,
        vacancies: int,
        actor: str,
        reports_to: str | None = None,
        incumbent: str | None = None,
        planned_departure: str | None = None,
        departure_reason: str | None = None,
    ) -> None:
        self.position_id = position_id
        self.title = title
        self.echelon = echelon
        self.unit = unit
        self.criticality = criticality
        self.target_bench = target_bench
        self.min_education = min_education
        self.min_years = min_years
        self.certifications = list(certifications)
        self.prior_posts = list(prior_posts)
        self.competency_weights = dict(competency_weights)
        self.family = family
        self.vacancies = vacancies
        self.demand_changes = 0
        """How many times the demand was changed (by HR or by a promotion filling a vacancy)."""
        self.defined_by = actor
        self.retired = False
        self.reports_to = reports_to
        self.incumbent = incumbent
        self.planned_departure = planned_departure
        self.departure_reason = departure_reason

    def spec(self) -> dict[str, Any]:
        """The position's description as `define` takes it."""
        return {
            "position_id": self.position_id,
            "echelon": self.echelon,
            "vacancies": self.vacancies,
            **{name: getattr(self, name) for name in REVISABLE},
        }

    def revise(self, changes: dict[str, Any], actor: str, reason: str) -> dict[str, Any]:
        """Change any of REVISABLE with a reason; returns what really changed (maybe nothing)."""
        self.check_open()
        fixed = sorted(set(changes) - set(REVISABLE))
        if fixed:
            raise InvalidInput(
                f"position {self.position_id}: {', '.join(fixed)} cannot change "
                "(retire the position and define a new one)"
            )
        reason = check_reason(reason, "the position changes")
        revised = check_spec({**self.spec(), **changes})
        changed = {k: revised[k] for k in changes if revised[k] != getattr(self, k)}
        if changed:
            self._revise(changes=changed, actor=actor, reason=reason)
        return changed

    @event("Revised")
    def _revise(self, changes: dict[str, Any], actor: str, reason: str) -> None:
        for name, value in changes.items():
            setattr(self, name, value)

    def retire(self, actor: str, reason: str) -> None:
        """No new nominations from now on; who is in the pipeline stays, as recorded."""
        self.check_open()
        self._retire(actor=actor, reason=check_reason(reason, "the position is retired"))

    @event("Retired")
    def _retire(self, actor: str, reason: str) -> None:
        self.retired = True

    def check_open(self) -> None:
        if self.retired:
            raise IllegalTransition(f"position {self.position_id} is retired")

    def change_demand(self, vacancies: int, actor: str, reason: str) -> None:
        check_number("vacancies", vacancies, 0, 1000)
        reason = check_reason(reason, "the demand changes")
        if vacancies != self.vacancies:
            self._change_demand(vacancies=vacancies, actor=actor, reason=reason)

    def fill_vacancy(self, employee_id: str, actor: str, reason: str) -> None:
        """A promotion takes one vacancy (never below zero: overrides may exceed demand), and
        the promoted person holds the post from now on (a reserve track is a pool, not a post)."""
        self.change_demand(max(0, self.vacancies - 1), actor, reason)
        if self.echelon == Echelon.RESERVE.value or self.incumbent == employee_id:
            return
        handover = {"incumbent": employee_id, "planned_departure": None, "departure_reason": None}
        changes = {k: v for k, v in handover.items() if getattr(self, k) != v}
        self._revise(changes=changes, actor=actor, reason=reason)

    @event("DemandChanged")
    def _change_demand(self, vacancies: int, actor: str, reason: str) -> None:
        self.vacancies = vacancies
        self.demand_changes += 1
