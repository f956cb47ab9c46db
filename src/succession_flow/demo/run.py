"""Take the demo company through the whole pipeline with the shipped rules.

This is what a new user sees first, so it uses the same use cases an operator would, in the
order a company would run them, and returns a summary instead of printing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from succession_flow.application import staffing, steps
from succession_flow.application.queries import candidates
from succession_flow.application.services import Services
from succession_flow.demo.company import COURSES, EmployeeSpec, PositionSpec, employees, positions
from succession_flow.domain.keys import CandidateKey
from succession_flow.domain.lifecycle import State

ACTOR = "demo"
TRAINING_DAYS = 180


@dataclass
class DemoSummary:
    positions: int = 0
    employees: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    by_state: Counter[tuple[str, str]] = field(default_factory=Counter)
    benches: list[dict[str, Any]] = field(default_factory=list)


def position_record(spec: PositionSpec) -> dict[str, Any]:
    return {
        "position_id": spec.position_id,
        "title": spec.title,
        "echelon": spec.echelon,
        "unit": spec.unit,
        "criticality": spec.criticality,
        "target_bench": spec.target_bench,
        "min_education": spec.min_education,
        "min_years": spec.min_years,
        "certifications": list(spec.certifications),
        "prior_posts": list(spec.prior_posts),
        "competency_weights": dict(spec.competency_weights),
        "family": spec.family,
        "vacancies": spec.vacancies,
    }


def employee_record(spec: EmployeeSpec, this_year: int) -> dict[str, Any]:
    """Ratings move with the calendar: the demo's newest rating is always last year's."""
    shift = this_year - 1 - max(spec.ratings)
    return {
        "employee_id": spec.employee_id,
        "name": spec.name,
        "department": spec.department,
        "hire_date": spec.hire_date,
        "education": spec.education,
        "years_experience": spec.years_experience,
        "certifications": list(spec.certifications),
        "prior_posts": list(spec.prior_posts),
        "ratings": {str(year + shift): rating for year, rating in spec.ratings.items()},
        "competencies": dict(spec.competencies),
        "job_match": dict(spec.job_match),
        "potential": spec.potential,
        "risk_of_loss": spec.risk_of_loss,
        "impact_of_loss": spec.impact_of_loss,
    }


def load_company(services: Services, summary: DemoSummary) -> None:
    for position in positions():
        staffing.define_position(services, position_record(position), ACTOR)
        summary.positions += 1
    for person in employees():
        staffing.record_employee(services, employee_record(person, services.today().year), ACTOR)
        summary.employees += 1


def run_pipeline(services: Services) -> DemoSummary:
    summary = DemoSummary()
    load_company(services, summary)
    people = {e.employee_id: e for e in employees()}
    families = {p.position_id: p.family for p in positions()}
    keys = [CandidateKey(e.employee_id, pid) for e in employees() for pid in e.nominations]
    for key in keys:
        steps.nominate(services, key, ACTOR, "nominated in the annual talent review")
    for key in keys:
        summary.outcomes["evaluate:" + steps.evaluate(services, key, ACTOR).outcome] += 1
    for key in keys:
        if _state(services, key) == State.EVALUATED:
            summary.outcomes["pool:" + steps.pool(services, key, ACTOR).outcome] += 1
    deadline = services.today() + timedelta(days=TRAINING_DAYS)
    for key in keys:
        if _state(services, key) == State.POOLED:
            courses = list(COURSES[families[key.position_id]])
            steps.train(services, key, ACTOR, courses, deadline, ["lead a cross-unit project"])
            for course in courses:
                score = people[key.employee_id].course_scores.get(course)
                if score is not None:
                    steps.record_course(services, key, ACTOR, course, score, None)
            result = steps.complete_training(services, key, ACTOR)
            summary.outcomes["training:" + result.outcome] += 1
    for key in keys:
        if _state(services, key) == State.TRAINED:
            summary.outcomes["promotion:" + steps.promote(services, key, ACTOR).outcome] += 1
    for candidate in candidates(services):
        summary.by_state[(candidate.echelon, candidate.state.value)] += 1
    return summary


def _state(services: Services, key: CandidateKey) -> State:
    from succession_flow.domain.candidate import Candidate

    return services.store.get(key.uuid, Candidate, str(key)).state
