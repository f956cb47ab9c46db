"""The sample HR exports as the demo imports them: ratings moved to the current calendar.

The files carry fixed years; the demo shifts them so the newest rating is always last year's,
as the evaluation rules look at the last two complete years.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from succession_flow.application.services import Services
from succession_flow.domain.candidate import Candidate
from succession_flow.domain.keys import CandidateKey
from succession_flow.domain.lifecycle import State
from succession_flow.formats.hr_exports import Row, read_export

EMPLOYEE_FILES = (
    "employees.csv",
    "ratings.csv",
    "competencies.csv",
    "job_match.csv",
    "talent.csv",
    "records.json",
    "demographics.csv",
)


def newest_year(rows: list[Row]) -> int:
    years = [int(r.values["year"]) for r in rows if r.kind == "ratings"]
    years += [int(y) for r in rows if r.kind == "record" for y in r.values.get("ratings", {})]
    return max(years)


def shifted(row: Row, shift: int) -> Row:
    if row.kind == "ratings":
        return replace(row, values={**row.values, "year": str(int(row.values["year"]) + shift)})
    if row.kind == "record" and isinstance(row.values.get("ratings"), dict):
        ratings = {str(int(y) + shift): r for y, r in row.values["ratings"].items()}
        return replace(row, values={**row.values, "ratings": ratings})
    return row


def year_shift(folder: Path, today: date) -> int:
    """Years to add to the samples' ratings so the newest is last year's."""
    rows = [row for name in EMPLOYEE_FILES for row in read_export(folder / name)]
    return today.year - 1 - newest_year(rows)


def employee_rows(folder: Path, today: date, names: tuple[str, ...] = EMPLOYEE_FILES) -> list[Row]:
    shift = year_shift(folder, today)
    return [shifted(row, shift) for name in names for row in read_export(folder / name)]


def course_rows(services: Services, rows: list[Row]) -> list[Row]:
    """Only results for candidates now in training (the others did not get that far)."""

    def in_training(row: Row) -> bool:
        key = CandidateKey(str(row.values["employee_id"]), str(row.values["position_id"]))
        found = services.store.find(key.uuid, Candidate)
        return found is not None and found.state == State.IN_TRAINING

    return [row for row in rows if in_training(row)]
