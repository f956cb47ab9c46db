"""The facts each judgement step hands its rule set, computed from the aggregates.

The names and meanings are documented for HR in rules/FACTS.md; keep the two in step.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from succession_flow.domain.candidate import Candidate
from succession_flow.domain.employee import Employee, require_assessed
from succession_flow.domain.errors import InvalidInput
from succession_flow.domain.fact_rounding import rounded
from succession_flow.domain.lifecycle import EDUCATION_LEVELS, RATINGS
from succession_flow.domain.pool import TalentPool
from succession_flow.domain.position import Position
from succession_flow.domain.values import JOB_MATCH_PARTS

YEARS_OF_RATINGS = 3


def common_facts(position: Position) -> dict[str, Any]:
    return {
        "echelon": position.echelon,
        "position_id": position.position_id,
        "criticality": position.criticality,
    }


def performance(employee: Employee, today: date) -> list[str | None]:
    """Ratings of the last complete years, most recent first; None where a year is missing."""
    return [employee.ratings.get(str(today.year - n)) for n in range(1, YEARS_OF_RATINGS + 1)]


def competency_score(employee: Employee, position: Position) -> float:
    weights = position.competency_weights
    missing = sorted(k for k in weights if k not in employee.competencies)
    if missing:
        raise InvalidInput(
            f"employee {employee.employee_id}: no {', '.join(missing)} score assessed"
        )
    return rounded(
        "competency_score", sum(employee.competencies[k] * w for k, w in weights.items())
    )


def job_match(employee: Employee) -> float:
    parts = [employee.job_match[p] for p in JOB_MATCH_PARTS]
    return rounded("job_match", sum(parts) / len(parts))


def evaluation_facts(
    employee: Employee, position: Position, candidate: Candidate, today: date
) -> dict[str, Any]:
    require_assessed(employee)
    profile = employee.profile
    education_rank = EDUCATION_LEVELS.index(profile["education"])
    return {
        **common_facts(position),
        "meets_education": education_rank >= EDUCATION_LEVELS.index(position.min_education),
        "meets_experience": profile["years_experience"] >= position.min_years,
        "has_certifications": set(position.certifications) <= set(profile["certifications"]),
        "has_prior_posts": set(position.prior_posts) <= set(profile["prior_posts"]),
        **qualification_facts(employee, position),
        "years_experience": profile["years_experience"],
        "performance": performance(employee, today),
        "competency_score": competency_score(employee, position),
        "core_competence": employee.competencies["core_competence"],
        "job_match": job_match(employee),
        "failed_evaluations": candidate.failed_evaluations,
    }


def qualification_facts(employee: Employee, position: Position) -> dict[str, Any]:
    """The qualifications themselves beside the yes/no checks, so HR can write "a master's and
    the quality-engineer certificate" or "risk of loss not high" in a rule."""
    profile = employee.profile
    return {
        "education": profile["education"],
        "required_education": position.min_education,
        "required_years": position.min_years,
        "certifications": sorted(profile["certifications"]),
        "missing_certifications": sorted(
            set(position.certifications) - set(profile["certifications"])
        ),
        "prior_posts": sorted(profile["prior_posts"]),
        "missing_prior_posts": sorted(set(position.prior_posts) - set(profile["prior_posts"])),
        **loss_facts(employee),
    }


def loss_facts(employee: Employee) -> dict[str, Any]:
    """Potential and the risk and impact of losing the person, as HR assessed them."""
    return {
        "potential": employee.potential or "none",
        "risk_of_loss": employee.risk_of_loss or "none",
        "impact_of_loss": employee.impact_of_loss or "none",
    }


def pool_facts(
    employee: Employee,
    position: Position,
    pool: TalentPool | None,
    today: date,
    target_bench: int,
) -> dict[str, Any]:
    require_assessed(employee)
    if not employee.potential:
        raise InvalidInput(f"employee {employee.employee_id}: no potential assessed")
    ratings = performance(employee, today)
    return {
        **common_facts(position),
        "competency_score": competency_score(employee, position),
        "core_competence": employee.competencies["core_competence"],
        "job_match": job_match(employee),
        "performance": ratings,
        "years_experience": employee.profile["years_experience"],
        "latest_performance": ratings[0],
        "potential": employee.potential,
        "risk_of_loss": employee.risk_of_loss or "none",
        "impact_of_loss": employee.impact_of_loss or "none",
        "bench_size": pool.count() if pool else 0,
        "target_bench": target_bench,
        "ready_now_in_pool": pool.count("ready-now") if pool else 0,
    }


def training_facts(position: Position, candidate: Candidate, today: date) -> dict[str, Any]:
    courses = candidate.plan["courses"]
    results = [candidate.course_results.get(c) for c in courses]
    passed = sum(1 for r in results if r and r["passed"])
    failed = sum(1 for r in results if r and not r["passed"])
    scores = [r["score"] for r in results if r]
    overdue = max(0, (today - date.fromisoformat(candidate.plan["deadline"])).days)
    return {
        **common_facts(position),
        "required_courses": len(courses),
        "courses_passed": passed,
        "courses_failed": failed,
        "all_required_passed": passed == len(courses),
        "exam_average": rounded("exam_average", sum(scores) / len(scores)) if scores else 0.0,
        "within_period": overdue == 0,
        "days_overdue": overdue,
    }


def final_assessment(
    employee: Employee, position: Position, candidate: Candidate, today: date
) -> float:
    """40% competency, 30% exam average, 30% last year's rating, each on 0..100."""
    competency = competency_score(employee, position) * 20
    scores = [r["score"] for r in candidate.course_results.values()]
    exams = sum(scores) / len(scores) if scores else 0.0
    latest = performance(employee, today)[0]
    rating = (RATINGS.index(latest) + 1) * 20 if latest else 0
    return rounded("final_assessment", 0.4 * competency + 0.3 * exams + 0.3 * rating)


def promotion_facts(
    employee: Employee,
    position: Position,
    candidate: Candidate,
    rank: int,
    eligible: list[str],
    today: date,
) -> dict[str, Any]:
    """`rank` and `eligible` are the candidate's place in line (application/ranking.py)."""
    facts = {
        **common_facts(position),
        "final_assessment": final_assessment(employee, position, candidate, today),
        "readiness": candidate.readiness,
        "rank": rank,
        "eligible_candidates": list(eligible),
        "vacancies": position.vacancies,
        "demand_changes": position.demand_changes,
        "latest_performance": performance(employee, today)[0],
    }
    facts["reconsidered"] = changed_since_retained(candidate, facts)
    return facts


def changed_since_retained(candidate: Candidate, facts: dict[str, Any]) -> list[str]:
    """The facts that differ from those the candidate was last retained on, by name.

    This is what "changed" means for a retained candidate: the demand (`vacancies`,
    `demand_changes`), the candidates still eligible (`eligible_candidates`, `rank`) or the
    candidate's own record; the list goes into the decision so an auditor sees why the
    candidate was decided again. Empty when never retained, or when nothing changed."""
    before = candidate.retained_on
    if before is None:
        return []
    return sorted(k for k, v in facts.items() if k != "reconsidered" and before.get(k) != v)


def exit_facts(
    employee: Employee, position: Position, candidate: Candidate, requested: str, today: date
) -> dict[str, Any]:
    return {
        **common_facts(position),
        "state": candidate.state.value,
        "requested_reason": requested,
        "failed_evaluations": candidate.failed_evaluations,
        "last_evaluation": candidate.last_evaluation,
        "latest_performance": performance(employee, today)[0],
    }
