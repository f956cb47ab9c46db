"""A company whose evaluation results differ by self-identified group, in numbers small enough
to check by hand (the arithmetic is in tests/unit/test_adverse_impact_arithmetic.py).

| group            | assessed | pass |
|------------------|----------|------|
| female / asian   | 5        | 1    |
| female / white   | 5        | 3    |
| male / asian     | 5        | 4    |
| male / white     | 5        | 4    |
| not disclosed    | 1        | 1    |  (sex not disclosed, race white)
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from succession_flow.application.people import staffing
from succession_flow.application.people.hr_import import import_rows
from succession_flow.application.pipeline import steps
from succession_flow.application.services import Services
from succession_flow.domain.keys import CandidateKey
from succession_flow.domain.values import JOB_MATCH_PARTS
from succession_flow.formats.hr_exports import read_export
from tests.integration.builders import ACTOR, employee_record, position_spec

GROUPS: tuple[tuple[str, str, int, int], ...] = (
    ("female", "asian", 5, 1),
    ("female", "white", 5, 3),
    ("male", "asian", 5, 4),
    ("male", "white", 5, 4),
    ("not-disclosed", "white", 1, 1),
)
STRONG, WEAK = 4.2, 2.5
"""Competency strengths the shipped evaluation rules pass and fail."""
GOOD_MATCH, FAIR_MATCH = 90, 75
"""Job matches the shipped rules pass (key positions need 70) and a stricter 80 fails."""


def people() -> list[tuple[str, str, str, bool]]:
    """(employee id, sex, race/ethnicity, strong enough to pass) for everyone, in id order."""
    found: list[tuple[str, str, str, bool]] = []
    for sex, race, count, passing in GROUPS:
        for n in range(count):
            found.append((f"E{len(found) + 1001}", sex, race, n < passing))
    return found


def write_demographics(folder: Path) -> Path:
    """The HR system's export (labels as EEO-1 writes them, to prove they are understood)."""
    path = folder / "demographics.csv"
    labels = {"female": "Female", "male": "Male", "not-disclosed": "not disclosed"}
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["employee_id", "sex", "race_ethnicity"])
        for eid, sex, race, _ in people():
            writer.writerow([eid, labels[sex], "Asian" if race == "asian" else "White"])
    return path


def record_of(eid: str, services: Services, strong: bool, by_job_match: bool) -> dict[str, Any]:
    """The weak ones are weak in competency, or (by_job_match) only in their job match."""
    if not by_job_match:
        return employee_record(eid, services.today(), STRONG if strong else WEAK)
    match = GOOD_MATCH if strong else FAIR_MATCH
    return employee_record(
        eid, services.today(), STRONG, job_match=dict.fromkeys(JOB_MATCH_PARTS, match)
    )


def fairness_company(
    services: Services, folder: Path, by_job_match: bool = False
) -> list[CandidateKey]:
    """Everyone recorded, their demographics imported, and nominated for VP-SALES."""
    staffing.define_position(services, position_spec(), ACTOR)
    keys = []
    for eid, _, _, strong in people():
        staffing.record_employee(services, record_of(eid, services, strong, by_job_match), ACTOR)
    import_rows(services, read_export(write_demographics(folder)), ACTOR)
    for eid, *_ in people():
        key = CandidateKey(eid, "VP-SALES")
        steps.nominate(services, key, ACTOR, "bench of successors")
        keys.append(key)
    return keys
