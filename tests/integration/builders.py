"""Small, explicit reference data for integration tests (positions, employees)."""

from __future__ import annotations

from datetime import date
from typing import Any

from succession_flow.application.people import staffing
from succession_flow.application.services import Services

ACTOR = "tester"


def position_spec(position_id: str = "VP-SALES", **changes: Any) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "position_id": position_id,
        "title": "Vice President Sales",
        "echelon": "key-position",
        "unit": "Sales",
        "criticality": "critical",
        "target_bench": 3,
        "min_education": "bachelor",
        "min_years": 8,
        "certifications": ["Sales Leadership"],
        "prior_posts": [],
        "competency_weights": {
            "professional_quality": 0.25,
            "core_competence": 0.4,
            "psychological_quality": 0.15,
            "knowledge_quality": 0.2,
        },
        "family": "sales",
        "vacancies": 1,
    }
    spec.update(changes)
    return spec


def employee_record(
    employee_id: str = "E1001", today: date | None = None, strength: float = 4.2, **changes: Any
) -> dict[str, Any]:
    """A complete HR record; `strength` scales competencies so tests can make weak and strong."""
    year = (today or date.today()).year
    record: dict[str, Any] = {
        "employee_id": employee_id,
        "name": f"Employee {employee_id}",
        "department": "Sales",
        "hire_date": "2012-03-01",
        "education": "master",
        "years_experience": 12,
        "certifications": ["Sales Leadership"],
        "prior_posts": ["Regional Manager"],
        "ratings": {str(year - 1): "exceeds", str(year - 2): "meets"},
        "competencies": {
            "professional_quality": strength,
            "core_competence": strength,
            "psychological_quality": strength,
            "knowledge_quality": strength,
        },
        "job_match": {
            "ability_type": 80,
            "personality": 75,
            "temperament": 70,
            "career_motivation": 85,
            "career_interest": 80,
        },
        "potential": "high",
        "risk_of_loss": "medium",
        "impact_of_loss": "high",
    }
    record.update(changes)
    return record


def company(services: Services, employees: int = 3) -> None:
    staffing.define_position(services, position_spec(), ACTOR)
    for n in range(employees):
        staffing.record_employee(services, employee_record(f"E{1001 + n}", services.today()), ACTOR)
