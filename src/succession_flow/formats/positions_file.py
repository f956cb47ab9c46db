"""A positions CSV (`position import`): the header names the columns, one position a row.

Only `position_id`, `title`, `echelon` and `unit` are required; a column left out (or a cell
left empty) keeps a defined position's value and gives a new one the default of `position add`.
Lists (`certifications`, `prior_posts`) are separated by `;`, weights are written as `--weights`.
"""

from __future__ import annotations

from pathlib import Path

from succession_flow.domain.errors import InvalidInput
from succession_flow.formats.hr_exports import Row, read_csv

REQUIRED = ("position_id", "title", "echelon", "unit")
OPTIONAL = (
    "criticality",
    "target_bench",
    "min_education",
    "min_years",
    "certifications",
    "prior_posts",
    "weights",
    "family",
    "vacancies",
    "reports_to",
    "incumbent",
    "planned_departure",
    "departure_reason",
    "reason",
)
KIND = "positions"


def positions_header(path: Path, header: list[str]) -> str:
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InvalidInput(
            f"{path}:row 1: missing column {missing[0]} (needs {', '.join(REQUIRED)})"
        )
    unknown = [c for c in header if c not in (*REQUIRED, *OPTIONAL)]
    if unknown:
        raise InvalidInput(
            f"{path}:row 1: unknown column {unknown[0]!r} "
            f"(columns: {', '.join((*REQUIRED, *OPTIONAL))})"
        )
    return KIND


def read_positions(path: Path) -> list[Row]:
    if not path.exists():
        raise InvalidInput(f"{path}: no such file")
    if path.suffix.lower() != ".csv":
        raise InvalidInput(f"{path}: expected a .csv file of positions")
    return read_csv(path, positions_header)
