"""What every report is: a title, plain values for JSON, and named tables for people.

Reports compute from the read model only; rendering (text, CSV, HTML, SVG) lives apart, so the
same figures reach the terminal, a spreadsheet and the HTML page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Rows = list[dict[str, Any]]


@dataclass
class Report:
    kind: str
    title: str
    value: dict[str, Any]
    tables: list[tuple[str, Rows]] = field(default_factory=list)
    """(caption, rows); the first is the report's main table (the one CSV export writes)."""
    notes: list[str] = field(default_factory=list)
    """One-line figures shown above the tables (coverage, totals)."""


def person(employee_id: str, name: str, redact: bool) -> dict[str, str]:
    """Someone in a report: always the id; the name unless `--redact` asked to drop names."""
    return {"employee": employee_id} if redact else {"employee": employee_id, "name": name}


def label(someone: dict[str, str]) -> str:
    return someone.get("name") or someone["employee"]


def share(part: int, whole: int) -> float:
    """A ratio rounded for people (0.0 when there is nothing to divide)."""
    return round(part / whole, 3) if whole else 0.0


def percent(ratio: float) -> str:
    """Whole percent, but never 100% short of all, nor 0% above none."""
    whole = round(ratio * 100)
    if whole == 100 and ratio < 1:
        return "99%"
    if whole == 0 and ratio > 0:
        return "<1%"
    return f"{whole}%"
