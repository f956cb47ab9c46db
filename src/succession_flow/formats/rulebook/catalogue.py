"""What each step hands its rule set, declared once so `rules check` can refuse the rest.

Kept in step with `application/pipeline/facts.py` (which computes the values) and `rules/FACTS.md`
(which explains them to HR); a test checks that the facts computed match this catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass

from succession_flow.domain.lifecycle import (
    CRITICALITIES,
    EDUCATION_LEVELS,
    LEVELS,
    RATINGS,
    RISK_LEVELS,
    Echelon,
    Readiness,
)
from succession_flow.domain.pipeline_steps import COMMAND_OF_RULESET_STEP, OUTCOMES

BUILT_IN_SCALES: dict[str, tuple[str, ...]] = {"performance": RATINGS}
"""Ordinal scales every rule set may use, lowest first."""

FACT_TYPES = ("boolean", "number", "string", "enum", "rating", "ratings", "list")


@dataclass(frozen=True)
class Provided:
    """A fact a step provides: its type and what values it can take."""

    type: str
    low: float | None = None
    high: float | None = None
    values: tuple[str, ...] = ()
    scale: str = ""


def _number(low: float, high: float) -> Provided:
    return Provided("number", low, high)


def _enum(*values: str) -> Provided:
    return Provided("enum", values=values)


RATING = Provided("rating", scale="performance")
RATINGS_FACT = Provided("ratings", scale="performance")
COMMON = {
    "echelon": _enum(*(e.value for e in Echelon)),
    "position_id": Provided("string"),
    "criticality": _enum(*CRITICALITIES),
}
SCORES = {
    "competency_score": _number(0, 5),
    "core_competence": _number(0, 5),
    "job_match": _number(0, 100),
    "performance": RATINGS_FACT,
    "years_experience": _number(0, 60),
}
LOSS = {
    "potential": _enum(*LEVELS, "none"),
    "risk_of_loss": _enum(*RISK_LEVELS, "none"),
    "impact_of_loss": _enum(*RISK_LEVELS, "none"),
}
"""`none`: not assessed yet."""
QUALIFICATIONS = {
    "education": _enum(*EDUCATION_LEVELS),
    "required_education": _enum(*EDUCATION_LEVELS),
    "required_years": _number(0, 60),
    "certifications": Provided("list"),
    "missing_certifications": Provided("list"),
    "prior_posts": Provided("list"),
    "missing_prior_posts": Provided("list"),
    **LOSS,
}
PROVIDED: dict[str, dict[str, Provided]] = {
    "evaluation": {
        **COMMON,
        **SCORES,
        "meets_education": Provided("boolean"),
        "meets_experience": Provided("boolean"),
        "has_certifications": Provided("boolean"),
        "has_prior_posts": Provided("boolean"),
        **QUALIFICATIONS,
        "failed_evaluations": _number(0, 100),
    },
    "pool": {
        **COMMON,
        **SCORES,
        "latest_performance": RATING,
        "potential": _enum(*LEVELS),
        "risk_of_loss": LOSS["risk_of_loss"],
        "impact_of_loss": LOSS["impact_of_loss"],
        "bench_size": _number(0, 1000),
        "target_bench": _number(0, 1000),
        "ready_now_in_pool": _number(0, 1000),
    },
    "training": {
        **COMMON,
        "required_courses": _number(0, 100),
        "courses_passed": _number(0, 100),
        "courses_failed": _number(0, 100),
        "all_required_passed": Provided("boolean"),
        "exam_average": _number(0, 100),
        "within_period": Provided("boolean"),
        "days_overdue": _number(0, 10000),
    },
    "promotion": {
        **COMMON,
        "final_assessment": _number(0, 100),
        "readiness": _enum(*(r.value for r in Readiness)),
        "rank": _number(1, 100000),
        "eligible_candidates": Provided("list"),
        "vacancies": _number(0, 1000),
        "demand_changes": _number(0, 1e9),
        "latest_performance": RATING,
        "reconsidered": Provided("list"),
    },
    "exit": {
        **COMMON,
        "state": _enum("nominated", "evaluated", "pooled", "in_training", "trained"),
        "requested_reason": _enum(
            "none", "withdrawn", "left-company", "failed-examination", "other"
        ),
        "failed_evaluations": _number(0, 100),
        "last_evaluation": _enum("pass", "fail", "none"),
        "latest_performance": RATING,
    },
    "training-start": {
        **COMMON,
        "plan_cost": _number(0, 1e9),
        "budget_remaining": _number(-1e9, 1e9),
        "budget_after": _number(-1e9, 1e9),
    },
}
"""The facts each rule-set step provides (see rules/FACTS.md)."""


def outcomes_of(step: str) -> tuple[str, ...]:
    return OUTCOMES[COMMAND_OF_RULESET_STEP[step]]
