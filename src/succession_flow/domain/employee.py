"""An employee's HR record: the facts rules read, kept as events so old decisions replay."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from succession_flow.domain.demographics import RACES, SEXES
from succession_flow.domain.errors import InvalidInput
from succession_flow.domain.keys import check_code, employee_uuid
from succession_flow.domain.lifecycle import EDUCATION_LEVELS, LEVELS, RATINGS, RISK_LEVELS
from succession_flow.domain.values import (
    COMPETENCIES,
    JOB_MATCH_PARTS,
    check_choice,
    check_date,
    check_number,
    check_scores,
    check_text,
    check_texts,
)

PROFILE_FIELDS = (
    "name",
    "department",
    "hire_date",
    "education",
    "years_experience",
    "certifications",
    "prior_posts",
)


def check_profile(profile: dict[str, Any]) -> dict[str, Any]:
    missing = [f for f in PROFILE_FIELDS if f not in profile]
    if missing:
        raise InvalidInput(f"employee profile: missing {missing[0]!r}")
    check_choice("education", profile["education"], EDUCATION_LEVELS)
    check_number("years_experience", profile["years_experience"], 0, 60)
    return {
        **{f: profile[f] for f in PROFILE_FIELDS},
        "name": check_text("name", profile["name"]),
        "department": check_text("department", profile["department"]),
        "hire_date": check_date("hire_date", profile["hire_date"]).isoformat(),
        "certifications": check_texts("certifications", profile["certifications"]),
        "prior_posts": check_texts("prior_posts", profile["prior_posts"]),
    }


class Employee(Aggregate):
    """Each assessment is its own event; recording the same value again records nothing."""

    @staticmethod
    def create_id(employee_id: str) -> UUID:
        return employee_uuid(employee_id)

    @classmethod
    def register(cls, employee_id: str, profile: dict[str, Any], actor: str) -> Employee:
        check_code("employee", employee_id)
        return cls(employee_id=employee_id, profile=check_profile(profile), actor=actor)

    @event("Registered")
    def __init__(self, employee_id: str, profile: dict[str, Any], actor: str) -> None:
        self.employee_id = employee_id
        self.profile = dict(profile)
        self.ratings: dict[str, str] = {}
        self.competencies: dict[str, float] = {}
        self.job_match: dict[str, float] = {}
        self.potential = ""
        self.risk_of_loss = ""
        self.impact_of_loss = ""
        self.demographics: dict[str, str] = {}
        """Self-identified, for the fairness audit only; facts never read it."""

    @property
    def name(self) -> str:
        return str(self.profile["name"])

    def update_profile(self, profile: dict[str, Any], actor: str) -> None:
        checked = check_profile(profile)
        if checked != self.profile:
            self._update_profile(profile=checked, actor=actor)

    @event("ProfileUpdated")
    def _update_profile(self, profile: dict[str, Any], actor: str) -> None:
        self.profile = dict(profile)

    def record_rating(self, year: int, rating: str, actor: str) -> None:
        check_number("year", year, 1950, 2200)
        check_choice(f"rating {year}", rating, RATINGS)
        if self.ratings.get(str(year)) != rating:
            self._record_rating(year=year, rating=rating, actor=actor)

    @event("RatingRecorded")
    def _record_rating(self, year: int, rating: str, actor: str) -> None:
        self.ratings[str(year)] = rating

    def assess_competencies(self, scores: dict[str, float], actor: str) -> None:
        checked = check_scores("competencies", scores, COMPETENCIES, 0.0, 5.0)
        if checked != self.competencies:
            self._assess_competencies(scores=checked, actor=actor)

    @event("CompetenciesAssessed")
    def _assess_competencies(self, scores: dict[str, float], actor: str) -> None:
        self.competencies = dict(scores)

    def assess_job_match(self, scores: dict[str, float], actor: str) -> None:
        checked = check_scores("job_match", scores, JOB_MATCH_PARTS, 0.0, 100.0)
        if checked != self.job_match:
            self._assess_job_match(scores=checked, actor=actor)

    @event("JobMatchAssessed")
    def _assess_job_match(self, scores: dict[str, float], actor: str) -> None:
        self.job_match = dict(scores)

    def assess_talent(
        self, potential: str, risk_of_loss: str, impact_of_loss: str, actor: str
    ) -> None:
        check_choice("potential", potential, LEVELS)
        check_choice("risk_of_loss", risk_of_loss, RISK_LEVELS)
        check_choice("impact_of_loss", impact_of_loss, RISK_LEVELS)
        new = (potential, risk_of_loss, impact_of_loss)
        if new != (self.potential, self.risk_of_loss, self.impact_of_loss):
            self._assess_talent(
                potential=potential,
                risk_of_loss=risk_of_loss,
                impact_of_loss=impact_of_loss,
                actor=actor,
            )

    @event("TalentAssessed")
    def _assess_talent(
        self, potential: str, risk_of_loss: str, impact_of_loss: str, actor: str
    ) -> None:
        self.potential = potential
        self.risk_of_loss = risk_of_loss
        self.impact_of_loss = impact_of_loss

    def declare_demographics(self, sex: str, race_ethnicity: str, actor: str) -> None:
        """What the employee chose to disclose; declaring the same again records nothing."""
        check_choice("sex", sex, SEXES)
        check_choice("race_ethnicity", race_ethnicity, RACES)
        declared = {"sex": sex, "race_ethnicity": race_ethnicity}
        if declared != self.demographics:
            self._declare_demographics(sex=sex, race_ethnicity=race_ethnicity, actor=actor)

    @event("DemographicsDeclared")
    def _declare_demographics(self, sex: str, race_ethnicity: str, actor: str) -> None:
        self.demographics = {"sex": sex, "race_ethnicity": race_ethnicity}


def require_assessed(employee: Employee) -> None:
    """Rules need the full HR record; say which part is missing instead of deciding on gaps."""
    if not employee.competencies:
        raise InvalidInput(f"employee {employee.employee_id}: no competency scores recorded")
    if not employee.job_match:
        raise InvalidInput(f"employee {employee.employee_id}: no job-match scores recorded")
