"""Checks of plain values shared by aggregates; each raises InvalidInput naming the field."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from succession_flow.domain.errors import InvalidInput

COMPETENCIES = (
    "professional_quality",
    "core_competence",
    "psychological_quality",
    "knowledge_quality",
)
JOB_MATCH_PARTS = (
    "ability_type",
    "personality",
    "temperament",
    "career_motivation",
    "career_interest",
)


def check_choice(field: str, value: str, allowed: Iterable[str]) -> str:
    allowed = tuple(allowed)
    if value not in allowed:
        raise InvalidInput(f"{field}: {value!r} is not one of {', '.join(allowed)}")
    return value


def check_number(field: str, value: float, low: float, high: float) -> float:
    if not low <= value <= high:
        raise InvalidInput(f"{field}: {value} is outside {low}..{high}")
    return value


def check_scores(
    field: str, scores: Mapping[str, float], keys: tuple[str, ...], low: float, high: float
) -> dict[str, float]:
    """A complete set of named scores, each within range; unknown or missing keys are refused."""
    unknown = sorted(set(scores) - set(keys))
    if unknown:
        raise InvalidInput(f"{field}: unknown part {unknown[0]!r} (expected {', '.join(keys)})")
    missing = [key for key in keys if key not in scores]
    if missing:
        raise InvalidInput(f"{field}: missing {missing[0]!r}")
    return {key: check_number(f"{field}.{key}", float(scores[key]), low, high) for key in keys}
