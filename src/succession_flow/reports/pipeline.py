"""The pipeline: how many candidates stand at each stage, and how many move on to the next.

Counts per stage come from the candidates' current states; conversion comes from the recorded
transitions (how many candidate cycles ever entered each stage), so a candidate promoted last
year still counts as one who went through training.
"""

from __future__ import annotations

from typing import Any

from succession_flow.domain.lifecycle import Echelon, State
from succession_flow.readmodel.schema import Database
from succession_flow.reports.report import Report, percent, share

STAGES = [s.value for s in State]
FUNNEL = ["nominated", "evaluated", "pooled", "in_training", "trained", "promoted"]
ECHELONS = [e.value for e in Echelon]


def pipeline(db: Database) -> Report:
    now: dict[tuple[str, str], int] = {}
    for echelon, state, count in db.query(
        "SELECT echelon, state, COUNT(*) FROM rm_candidates GROUP BY echelon, state"
    ):
        now[(echelon, state)] = int(count)
    entered: dict[tuple[str, str], int] = {}
    exits: dict[str, int] = {}
    for echelon, from_state, to_state, count in db.query(
        "SELECT echelon, from_state, to_state, count FROM rm_transitions"
    ):
        if (from_state, to_state) == ("proposed", "nominated"):
            continue  # an approval: the nomination entered the funnel when it was proposed
        entered[(echelon, to_state)] = entered.get((echelon, to_state), 0) + int(count)
        if to_state == "exited":
            exits[from_state] = exits.get(from_state, 0) + int(count)
    stages = [stage_row(stage, now) for stage in STAGES]
    funnel = funnel_rows(entered)
    value = {
        "stages": stages,
        "total": sum(now.values()),
        "funnel": funnel,
        "exits_from": {s: exits.get(s, 0) for s in STAGES if s in exits},
    }
    return Report(
        kind="pipeline",
        title="Pipeline by stage and echelon",
        value=value,
        tables=[
            ("Candidates by stage", stages),
            ("Conversion between stages (every cycle ever)", [flat(f) for f in funnel]),
        ],
        notes=[f"candidates: {value['total']}"],
    )


def stage_row(stage: str, now: dict[tuple[str, str], int]) -> dict[str, Any]:
    by_echelon = {e: now.get((e, stage), 0) for e in ECHELONS}
    return {"stage": stage, **by_echelon, "total": sum(by_echelon.values())}


def funnel_rows(entered: dict[tuple[str, str], int]) -> list[dict[str, Any]]:
    """Each funnel stage with the share of the previous stage's entries that reached it."""
    rows: list[dict[str, Any]] = []
    for n, stage in enumerate(FUNNEL):
        reached = {e: entered.get((e, stage), 0) for e in ECHELONS}
        total = sum(reached.values())
        previous = rows[-1]["entered"] if rows else None
        rows.append(
            {
                "stage": stage,
                "entered": total,
                "by_echelon": reached,
                "conversion": share(total, previous) if n and previous is not None else None,
            }
        )
    return rows


def flat(row: dict[str, Any]) -> dict[str, Any]:
    conversion = row["conversion"]
    return {
        "stage": row["stage"],
        **row["by_echelon"],
        "entered": row["entered"],
        "from previous": "" if conversion is None else percent(conversion),
    }
