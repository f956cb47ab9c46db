"""A trained candidate's place in line for the post: the one rank `promote E@P`, `select` and
`rules simulate` hand the promotion rules.

Only candidates still eligible for the post take a place in line: trained, and good enough
that the promotion rules would promote them into a vacancy of their own. So a candidate who is
not ready, or below the promotion bar, never stands ahead of one who is; and which candidates
are eligible is HR's published rules' say, not a second copy of their thresholds here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import takewhile

from succession_flow.application.people.staffing import get_employee
from succession_flow.application.pipeline import facts as f
from succession_flow.application.pipeline.deciding import decide
from succession_flow.application.pipeline.subject import Subject
from succession_flow.application.queries.finding import candidates
from succession_flow.application.services import Services
from succession_flow.domain.candidate import Candidate
from succession_flow.domain.employee import Employee
from succession_flow.domain.keys import CandidateKey
from succession_flow.domain.lifecycle import State
from succession_flow.domain.position import Position


@dataclass(frozen=True)
class Standing:
    """One trained candidate in the post's line, and whether they may take the post."""

    key: CandidateKey
    final_assessment: float
    eligible: bool


@dataclass(frozen=True)
class Place:
    """The rank among the eligible still in line (1 = first), and who those are, best first."""

    rank: int
    eligible: list[str]


def line_for(services: Services, position: Position, source: str | None = None) -> list[Standing]:
    """The post's trained candidates, best final assessment first (ties by employee id).

    Eligibility is judged by the published promotion rules, or by `source` (a rule set that
    `rules simulate` tries before it is published)."""
    today = services.today()
    line = []
    for c in candidates(services, position.position_id):
        if c.state == State.TRAINED:
            employee = get_employee(services, c.employee_id)
            score = f.final_assessment(employee, position, c, today)
            line.append(
                Standing(c.key, score, may_take_post(services, employee, position, c, source))
            )
    return sorted(line, key=lambda s: (-s.final_assessment, s.key.employee_id))


def may_take_post(
    services: Services,
    employee: Employee,
    position: Position,
    candidate: Candidate,
    source: str | None = None,
) -> bool:
    """Would the promotion rules promote this candidate, first in line for a vacancy?"""
    facts = f.promotion_facts(
        employee, position, candidate, 1, [candidate.employee_id], services.today()
    )
    facts["vacancies"] = max(1, position.vacancies)
    if source is None:
        return decide(services, "promote", facts).outcome == "promote"
    return services.engine.decide(source, facts).outcome == "promote"


def place_in(line: Sequence[Standing], key: CandidateKey) -> Place:
    """1 + the eligible ahead of `key` among those still in `line` (who has left, by promotion
    or elimination, is no longer in it)."""
    ahead = takewhile(lambda s: s.key != key, line)
    rank = 1 + sum(1 for s in ahead if s.eligible)
    return Place(rank, [s.key.employee_id for s in line if s.eligible])


def place_of(services: Services, s: Subject, source: str | None = None) -> Place:
    """One candidate's place in the post's line as it stands in the store."""
    return place_in(line_for(services, s.position, source), s.candidate.key)
