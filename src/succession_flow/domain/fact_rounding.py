"""The computed facts that are rounded before any rule compares them, and to how many decimals.

The rules compare the rounded value, which is the value a decision records and `explain` shows
(marked as rounded); the fact catalogue reads the same table, so rules/FACTS.md, the catalogue
and the computation cannot disagree.
"""

from __future__ import annotations

DECIMALS = {
    "competency_score": 3,
    "job_match": 2,
    "exam_average": 2,
    "final_assessment": 2,
    "budget_remaining": 2,
    "budget_after": 2,
}


def rounded(name: str, value: float) -> float:
    """The one rounding of a computed fact, to its decimals."""
    return round(value, DECIMALS[name])
