"""Aggregates as plain values for presentation (tables, JSON); no formatting here."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # types only: each caller has loaded the aggregate it shows, and no other
    from succession_flow.domain.candidate import Candidate
    from succession_flow.domain.employee import Employee
    from succession_flow.domain.position import Position


def candidate_row(candidate: Candidate) -> dict[str, Any]:
    return {
        "candidate": str(candidate.key),
        "echelon": candidate.echelon,
        "state": candidate.state.value,
        "readiness": candidate.readiness,
        "emergency": candidate.emergency_successor,
        "cycle": candidate.cycle,
        "updated": candidate.modified_on.isoformat(timespec="seconds"),
    }


def candidate_status(candidate: Candidate, employee: Employee | None) -> dict[str, Any]:
    return {
        "candidate": str(candidate.key),
        "name": employee.name if employee else "",
        "position": candidate.position_id,
        "echelon": candidate.echelon,
        "state": candidate.state.value,
        "cycle": candidate.cycle,
        "nominated_by": candidate.nominated_by,
        "nomination_reason": candidate.nomination_reason,
        "evaluations": list(candidate.evaluations),
        "readiness": candidate.readiness,
        "emergency_successor": candidate.emergency_successor,
        "training_plan": dict(candidate.plan),
        "course_results": dict(candidate.course_results),
        "effective_date": candidate.effective_date,
        "exited_from": candidate.exited_from,
        "exit_reason": candidate.exit_reason,
        "events": candidate.version,
        "updated": candidate.modified_on.isoformat(timespec="seconds"),
    }


def position_row(position: Position, target_bench: int) -> dict[str, Any]:
    """`target_bench` is the effective one (see workflows.target_bench); the position's own
    figure is shown beside it, so a reserve track's 0 is never mistaken for the target."""
    return {
        "position": position.position_id,
        "title": position.title,
        "echelon": position.echelon,
        "unit": position.unit,
        "criticality": position.criticality,
        "target_bench": target_bench,
        "own_target_bench": position.target_bench,
        "vacancies": position.vacancies,
        "retired": position.retired,
    }


def position_detail(
    position: Position, target_bench: int, pool_members: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    return {
        **position_row(position, target_bench),
        "family": position.family,
        "min_education": position.min_education,
        "min_years": position.min_years,
        "certifications": list(position.certifications),
        "prior_posts": list(position.prior_posts),
        "competency_weights": dict(position.competency_weights),
        "reports_to": position.reports_to,
        "incumbent": position.incumbent,
        "planned_departure": position.planned_departure,
        "departure_reason": position.departure_reason,
        "pool": {k: v["readiness"] for k, v in sorted(pool_members.items())},
    }


def employee_detail(employee: Employee) -> dict[str, Any]:
    return {
        "employee": employee.employee_id,
        **employee.profile,
        "ratings": dict(sorted(employee.ratings.items())),
        "competencies": dict(employee.competencies),
        "job_match": dict(employee.job_match),
        "potential": employee.potential,
        "risk_of_loss": employee.risk_of_loss,
        "impact_of_loss": employee.impact_of_loss,
    }
