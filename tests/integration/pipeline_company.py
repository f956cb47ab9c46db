"""A small company with published workflows, for the batch-step tests (no rules needed)."""

from __future__ import annotations

from typing import Any

from succession_flow.application.hr_files.workflows import publish_workflows
from succession_flow.application.people import staffing
from succession_flow.application.services import Services
from succession_flow.data import SHIPPED_WORKFLOWS
from tests.integration.builders import ACTOR, employee_record, position_spec

PEOPLE: dict[str, dict[str, Any]] = {
    "E1": {"strength": 4.6},
    "E2": {"strength": 4.4},
    "E3": {"strength": 4.2},
    "E4": {"strength": 4.0},
    "E5": {"strength": 4.5, "latest": "meets"},  # below the key-position rating criterion
    "E6": {"strength": 4.5, "potential": "moderate"},  # not high potential
    "E7": {"strength": 3.9},  # fifth in line: the key position takes four
    "E8": {"strength": 4.8, "education": "bachelor"},  # below VP-SALES's education
}


def reserve_track(position_id: str = "RESERVE-MGMT") -> dict[str, Any]:
    return position_spec(
        position_id,
        title="Management talent reserve",
        echelon="reserve",
        min_education="bachelor",
        min_years=3,
        certifications=[],
        family="general",
        target_bench=0,
        vacancies=0,
    )


def build(services: Services) -> None:
    today = services.today()
    staffing.define_position(services, position_spec(min_education="master"), ACTOR)
    staffing.define_position(services, reserve_track(), ACTOR)
    for employee_id, traits in PEOPLE.items():
        record = employee_record(employee_id, today, traits["strength"])
        record["ratings"][str(today.year - 1)] = traits.get("latest", "exceeds")
        record["potential"] = traits.get("potential", "high")
        record["education"] = traits.get("education", "master")
        staffing.record_employee(services, record, ACTOR)
    publish_workflows(services, SHIPPED_WORKFLOWS, None, ACTOR, "the shipped workflows")
