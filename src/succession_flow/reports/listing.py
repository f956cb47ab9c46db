"""The candidate list from the read model: one query, whatever the size of the store."""

from __future__ import annotations

from typing import Any

from succession_flow.readmodel.schema import Database


def candidate_rows(
    db: Database,
    position_id: str | None = None,
    state: str | None = None,
    echelon: str | None = None,
) -> list[dict[str, Any]]:
    """Candidates in nomination order, as `list` shows them (the same fields as before)."""
    where, params = [], []
    for column, wanted in (("position_id", position_id), ("state", state), ("echelon", echelon)):
        if wanted is not None:
            where.append(f"{column} = ?")
            params.append(wanted)
    sql = (
        "SELECT candidate, echelon, state, readiness, emergency, cycle, updated FROM rm_candidates"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY nominated_seq"
    )
    return [
        {
            "candidate": candidate,
            "echelon": echelon_,
            "state": state_,
            "readiness": readiness,
            "emergency": bool(emergency),
            "cycle": int(cycle),
            "updated": updated,
        }
        for candidate, echelon_, state_, readiness, emergency, cycle, updated in db.query(
            sql, params
        )
    ]
