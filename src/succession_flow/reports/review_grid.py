"""A talent review session as the group sees it: its population's nine-box and the moves proposed.

The boxes are the nine-box report's own (`ninebox.PERFORMANCE`, `ninebox.BOXES`), so a session
and the report place a person alike.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from succession_flow.domain.lifecycle import LEVELS
from succession_flow.reports.ninebox import BOXES, PERFORMANCE

if TYPE_CHECKING:  # a type only: the use cases load the store's machinery
    from succession_flow.application.pipeline.review_sessions import SessionView


def grid(view: SessionView) -> list[dict[str, Any]]:
    """Every box, highest potential first, with the candidates placed in it."""
    placed: dict[tuple[str, str], list[str]] = {box: [] for box in BOXES}
    for m in view.members:
        box = (PERFORMANCE.get(m.latest_rating, ""), m.potential)
        if box in placed:
            placed[box].append(m.candidate)
    return [
        {
            "performance": perf,
            "potential": pot,
            "box": BOXES[(perf, pot)],
            "candidates": placed[(perf, pot)],
        }
        for pot in reversed(LEVELS)
        for perf in LEVELS
    ]


def session_value(view: SessionView) -> dict[str, Any]:
    return {
        "name": view.name,
        "population": view.population,
        "reason": view.reason,
        "opened_by": view.opened_by,
        "state": "closed" if view.closed else "open",
        "members": [asdict(m) for m in view.members],
        "grid": grid(view),
        "moves": [{"subject": s, **m} for s, m in view.moves.items()],
    }


def session_text(view: SessionView) -> str:
    ((kind, value),) = view.population.items()
    state = "closed" if view.closed else "open"
    lines = [
        f"review {view.name} ({state}): {kind} {value}, opened by {view.opened_by}: {view.reason}"
    ]
    for box in grid(view):
        names = ", ".join(box["candidates"]) or "-"
        lines.append(
            f"  {box['potential']:>8} potential / {box['performance']:<8} {box['box']:<21} {names}"
        )
    lines.append("proposed moves:" if view.moves else "proposed moves: none")
    for subject, move in view.moves.items():
        lines.append(f"  {subject} -> {move['value']} by {move['actor']}: {move['reason']}")
    return "\n".join(lines)
