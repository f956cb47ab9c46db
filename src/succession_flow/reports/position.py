"""One position on one page: what a successor must bring, who is in the pool, who is on the way."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from succession_flow.application.hr_files.workflows import effective_target
from succession_flow.domain.errors import NotFound
from succession_flow.readmodel.schema import Database
from succession_flow.reports.pipeline import STAGES
from succession_flow.reports.report import Report, label, person

READINESS_ORDER = {"ready-now": 0, "ready-1-2-years": 1, "ready-3-5-years": 2}


def position_report(
    db: Database,
    position_id: str,
    redact: bool = False,
    reserve_needs: Mapping[str, int] | None = None,
) -> Report:
    found = db.query(
        "SELECT title, echelon, unit, criticality, target_bench, vacancies, requirements "
        "FROM rm_positions WHERE position_id = ?",
        (position_id,),
    )
    if not found:
        raise NotFound(f"position {position_id} not found")
    title, echelon, unit, criticality, own, vacancies, requirements = found[0]
    target = effective_target(int(own), (reserve_needs or {}).get(echelon, 0))
    pool = [
        {**person(e, n, redact), "readiness": r, "emergency": bool(m)}
        for e, n, r, m in db.query(
            "SELECT m.employee_id, COALESCE(e.name, ''), m.readiness, m.emergency "
            "FROM rm_pool_members m LEFT JOIN rm_employees e ON e.employee_id = m.employee_id "
            "WHERE m.position_id = ? ORDER BY m.employee_id",
            (position_id,),
        )
    ]
    pool.sort(key=lambda m: (READINESS_ORDER.get(m["readiness"], 9), m["employee"]))
    by_state: dict[str, list[dict[str, Any]]] = {}
    for e, n, state, readiness, cycle in db.query(
        "SELECT c.employee_id, COALESCE(e.name, ''), c.state, c.readiness, c.cycle "
        "FROM rm_candidates c LEFT JOIN rm_employees e ON e.employee_id = c.employee_id "
        "WHERE c.position_id = ? ORDER BY c.nominated_seq",
        (position_id,),
    ):
        entry = {**person(e, n, redact), "readiness": readiness, "cycle": int(cycle)}
        by_state.setdefault(state, []).append(entry)
    header = {
        "position": position_id,
        "title": title,
        "echelon": echelon,
        "unit": unit,
        "criticality": criticality,
        "target_bench": int(target),
        "vacancies": int(vacancies),
    }
    value = {
        **header,
        "requirements": json.loads(requirements),
        "pool": pool,
        "candidates": {s: by_state[s] for s in STAGES if s in by_state},
    }
    return Report(
        kind="position",
        title=f"Position {position_id}: {title}",
        value=value,
        tables=[
            ("Pool", pool),
            ("Candidates by state", candidate_rows(value["candidates"])),
            ("Requirements", [requirement_row(value["requirements"])]),
        ],
        notes=[
            f"{echelon}, {criticality} criticality, unit {unit}",
            f"pool: {len(pool)} of target {int(target)}; vacancies: {int(vacancies)}",
        ],
    )


def candidate_rows(by_state: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    return [
        {"state": state, "count": len(people), "people": ", ".join(label(p) for p in people)}
        for state, people in by_state.items()
    ]


def requirement_row(requirements: dict[str, Any]) -> dict[str, Any]:
    return {
        "min_education": requirements.get("min_education", ""),
        "min_years": requirements.get("min_years", ""),
        "certifications": requirements.get("certifications", []),
        "prior_posts": requirements.get("prior_posts", []),
    }
