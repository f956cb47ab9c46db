"""Who the workflow puts forward for a position: the post's requirements, then its criteria.

Used by `run nominate` and by replenishment after a selection, so both choose alike: people
who meet the post's qualification requirements, whose latest rating and potential meet the
echelon's nomination criteria, best latest rating and competency first.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from succession_flow.application.pipeline import facts as f
from succession_flow.domain.candidate import Candidate
from succession_flow.domain.employee import Employee
from succession_flow.domain.lifecycle import ACTIVE_STATES, EDUCATION_LEVELS, RATINGS, State
from succession_flow.domain.position import Position
from succession_flow.formats.workflow.model import Nomination


def meets_post(employee: Employee, position: Position) -> bool:
    """Education, years of experience, certifications and prior posts the post requires."""
    profile = employee.profile
    return (
        EDUCATION_LEVELS.index(profile["education"])
        >= EDUCATION_LEVELS.index(position.min_education)
        and profile["years_experience"] >= position.min_years
        and set(position.certifications) <= set(profile["certifications"])
        and set(position.prior_posts) <= set(profile["prior_posts"])
    )


def meets_criteria(employee: Employee, criteria: Nomination, today: date) -> bool:
    latest = f.performance(employee, today)[0]
    return (
        latest is not None
        and RATINGS.index(latest) >= RATINGS.index(criteria.min_latest_rating)
        and employee.potential in criteria.potential
        and bool(employee.competencies)
    )


def strength(employee: Employee, position: Position, today: date) -> tuple[float, ...]:
    """Sort key, best first: latest rating, then the competency score the position weighs."""
    latest = f.performance(employee, today)[0]
    return (-RATINGS.index(latest) if latest else 0, -f.competency_score(employee, position))


def eligible(
    employees: list[Employee], position: Position, criteria: Nomination, today: date
) -> list[Employee]:
    """Everyone who may be nominated for the position, best first (ties by employee id)."""
    found = [e for e in employees if meets_post(e, position) and meets_criteria(e, criteria, today)]
    return sorted(found, key=lambda e: (*strength(e, position, today), e.employee_id))


def reason(criteria: Nomination, workflow_name: str) -> str:
    return (
        f"meets the post's requirements and the {workflow_name} nomination criteria "
        f"(latest rating at least {criteria.min_latest_rating}, potential "
        f"{'/'.join(criteria.potential)})"
    )


def in_a_plan(candidates: Iterable[Candidate]) -> set[str]:
    """Employees with an active candidacy, or promoted through one: not free to put forward."""
    return {
        c.employee_id for c in candidates if c.state in ACTIVE_STATES or c.state == State.PROMOTED
    }
