"""Bench strength: for each key position, successors by readiness, and the share covered.

Coverage is the share of key positions with at least one ready-now successor in the pool; the
bench is compared with the position's target (two to three successors is the usual aim).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from succession_flow.application.hr_files.workflows import effective_target
from succession_flow.domain.lifecycle import Readiness
from succession_flow.readmodel.schema import Database
from succession_flow.reports.report import Report, label, percent, person, share

READINESS = [r.value for r in Readiness]


def bench(
    db: Database,
    echelon: str = "key-position",
    redact: bool = False,
    reserve_needs: Mapping[str, int] | None = None,
    unit: str | None = None,
) -> Report:
    """`reserve_needs` (echelon -> the workflow's need, `workflows.reserve_needs`) gives the
    effective target of positions without one of their own; `unit` narrows the positions, and
    so the coverage, to one org unit."""
    need = (reserve_needs or {}).get(echelon, 0)
    in_unit, params = (" AND unit = ?", (echelon, unit)) if unit else ("", (echelon,))
    positions = db.query(
        "SELECT position_id, title, target_bench FROM rm_positions WHERE echelon = ?"
        f"{in_unit} ORDER BY position_id",
        params,
    )
    counts: dict[tuple[str, str], int] = {}
    for position_id, readiness, count in db.query(
        "SELECT m.position_id, m.readiness, COUNT(*) FROM rm_pool_members m "
        "JOIN rm_positions p ON p.position_id = m.position_id WHERE p.echelon = ? "
        "GROUP BY m.position_id, m.readiness",
        (echelon,),
    ):
        counts[(position_id, readiness)] = int(count)
    emergency: dict[str, list[dict[str, str]]] = {}
    for position_id, employee_id, name in db.query(
        "SELECT m.position_id, m.employee_id, COALESCE(e.name, '') FROM rm_pool_members m "
        "JOIN rm_positions p ON p.position_id = m.position_id "
        "LEFT JOIN rm_employees e ON e.employee_id = m.employee_id "
        "WHERE p.echelon = ? AND m.emergency = 1 ORDER BY m.position_id, m.employee_id",
        (echelon,),
    ):
        emergency.setdefault(position_id, []).append(person(employee_id, name, redact))
    rows = [row(p, counts, emergency.get(p[0], []), need) for p in positions]
    covered = sum(1 for r in rows if r["ready-now"] > 0)
    on_target = sum(1 for r in rows if r["successors"] >= r["target"])
    coverage = share(covered, len(rows))
    summary = {
        "positions": len(rows),
        "with_ready_now": covered,
        "coverage": coverage,
        "meeting_target": on_target,
        "without_successor": sum(1 for r in rows if r["successors"] == 0),
    }
    return Report(
        kind="bench",
        title=f"Bench strength ({echelon}{f', {unit}' if unit else ''})",
        value={"echelon": echelon, "unit": unit, "summary": summary, "positions": rows},
        tables=[("Successors by readiness", [table_row(r) for r in rows])],
        notes=[
            f"coverage: {covered} of {len(rows)} positions have a ready-now successor "
            f"({percent(coverage)})",
            f"at or above target bench: {on_target} of {len(rows)}",
        ],
    )


def row(
    position: tuple[Any, ...],
    counts: dict[tuple[str, str], int],
    emergency: list[dict[str, str]],
    reserve_need: int = 0,
) -> dict[str, Any]:
    position_id, title, own = position
    target = effective_target(int(own), reserve_need)
    by_readiness = {r: counts.get((position_id, r), 0) for r in READINESS}
    total = sum(by_readiness.values())
    return {
        "position": position_id,
        "title": title,
        **by_readiness,
        "successors": total,
        "target": int(target),
        "gap": max(0, int(target) - total),
        "emergency": emergency,
    }


def table_row(r: dict[str, Any]) -> dict[str, Any]:
    """Flat cells for the terminal and CSV: emergency successors by name (or id when redacted)."""
    people = ", ".join(label(e) for e in r["emergency"])
    return {**{k: v for k, v in r.items() if k != "emergency"}, "emergency": people}
