"""The nine-box grid: performance (latest rating) against potential, with the people in each box.

Performance comes from the most recent year rated: does not meet or partially meets is low,
meets is moderate, exceeds or outstanding is high. Only people with both a rating and a
potential assessment are placed.
"""

from __future__ import annotations

from typing import Any

from succession_flow.domain.lifecycle import LEVELS
from succession_flow.readmodel.schema import Database
from succession_flow.reports.report import Report, label, person

PERFORMANCE = {
    "does-not-meet": "low",
    "partially-meets": "low",
    "meets": "moderate",
    "exceeds": "high",
    "outstanding": "high",
}
BOXES = {
    ("high", "high"): "star",
    ("moderate", "high"): "high potential",
    ("low", "high"): "rough diamond",
    ("high", "moderate"): "high performer",
    ("moderate", "moderate"): "core player",
    ("low", "moderate"): "inconsistent player",
    ("high", "low"): "trusted professional",
    ("moderate", "low"): "effective",
    ("low", "low"): "talent risk",
}
"""(performance, potential) -> the box's name, as HR teams commonly call them."""
SHOWN = 5
"""Names per box in the tables (terminal, CSV, HTML); `--format json` lists everyone."""


def population(unit: str | None, position: str | None) -> tuple[str, tuple[str, ...]]:
    """The WHERE clause of a grid for one org unit (the employees of that department) and one
    position (everyone ever nominated for it), as a talent review narrows the grid."""
    where, values = [], []
    if unit is not None:
        where.append("department = ?")
        values.append(unit)
    if position is not None:
        where.append("employee_id IN (SELECT employee_id FROM rm_candidates WHERE position_id = ?)")
        values.append(position)
    return (" WHERE " + " AND ".join(where) if where else ""), tuple(values)


def ninebox(
    db: Database, redact: bool = False, unit: str | None = None, position: str | None = None
) -> Report:
    people: dict[tuple[str, str], list[dict[str, str]]] = {box: [] for box in BOXES}
    unplaced = 0
    where, values = population(unit, position)
    for employee_id, name, rating, potential in db.query(
        "SELECT employee_id, name, latest_rating, potential FROM rm_employees"
        f"{where} ORDER BY employee_id",
        values,
    ):
        box = (PERFORMANCE.get(rating, ""), potential)
        if box in people:
            people[box].append(person(employee_id, name, redact))
        else:
            unplaced += 1
    boxes: list[dict[str, Any]] = [
        {
            "performance": perf,
            "potential": pot,
            "box": BOXES[(perf, pot)],
            "count": len(people[(perf, pot)]),
            "people": people[(perf, pot)],
        }
        for pot in reversed(LEVELS)
        for perf in LEVELS
    ]
    placed = sum(b["count"] for b in boxes)
    scope = "".join(
        f", {kind} {value}" for kind, value in (("unit", unit), ("position", position)) if value
    )
    return Report(
        kind="ninebox",
        title=f"Nine-box grid (performance x potential{scope})",
        value={
            "boxes": boxes,
            "placed": placed,
            "unplaced": unplaced,
            "unit": unit,
            "position": position,
        },
        tables=[("People by box", [table_row(b) for b in boxes])],
        notes=[f"placed: {placed}; without a rating or potential: {unplaced}"],
    )


def table_row(box: dict[str, Any]) -> dict[str, Any]:
    """A box's row in the tables: its first SHOWN names and how many more (only those shown are
    labelled: a box may hold most of the company, a third of the report's time when it was
    labelling all of them)."""
    names = [label(p) for p in box["people"][:SHOWN]]
    hidden = len(box["people"]) - SHOWN
    more = f" (+{hidden} more)" if hidden > 0 else ""
    return {
        "potential": box["potential"],
        "performance": box["performance"],
        "box": box["box"],
        "count": box["count"],
        "people": ", ".join(names) + more,
    }
