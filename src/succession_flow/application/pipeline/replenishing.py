"""After selection: how many successors the pool lacks, and who from the reserve could fill it.

When winners are promoted and the eliminated leave, the pool is replenished to its target bench
(the position's own, else the workflow's reserve need) so the company keeps training successors.
Proposals for key and management positions come from the key talent reserve: people in (or
promoted out of) a reserve track who meet the position's requirements and its workflow's
nomination criteria. A reserve track itself is replenished from people not yet in any plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from succession_flow.application.hr_files.workflows import target_bench, workflow_for
from succession_flow.application.people.staffing import get_employee, get_position
from succession_flow.application.pipeline import nominating
from succession_flow.application.pipeline.steps import nominate
from succession_flow.application.queries.finding import candidates, employees
from succession_flow.application.services import Services
from succession_flow.domain.keys import CandidateKey, pool_uuid
from succession_flow.domain.lifecycle import Echelon, State
from succession_flow.domain.pool import TalentPool

RESERVE_STATES = (State.POOLED, State.IN_TRAINING, State.TRAINED, State.PROMOTED)
"""A reserve-track candidate in one of these states counts as part of the talent reserve."""


@dataclass
class Replenishment:
    position_id: str
    target: int
    remaining: int
    need: int
    source: str = "the talent reserve"
    proposals: list[str] = field(default_factory=list)
    nominated: list[str] = field(default_factory=list)


def sources(services: Services, echelon: str) -> list[str]:
    """Who may replenish a pool of this echelon: the reserve, or (for the reserve) the rest."""
    everyone = list(candidates(services))
    if echelon != Echelon.RESERVE:
        return sorted(
            {
                c.employee_id
                for c in everyone
                if c.echelon == Echelon.RESERVE and c.state in RESERVE_STATES
            }
        )
    busy = nominating.in_a_plan(everyone)
    return sorted(e.employee_id for e in employees(services) if e.employee_id not in busy)


def replenishment(services: Services, position_id: str) -> Replenishment:
    """The pool's need (target bench minus those remaining) and up to that many proposals.

    Inside a dry run (`Store.unsaved`) the pool is the one the selection left, unsaved, so the
    dry run reports the need the real run would."""
    position = get_position(services, position_id)
    workflow = workflow_for(services, position.echelon)
    pool = services.store.find(pool_uuid(position_id), TalentPool)
    remaining = pool.count() if pool else 0
    target = target_bench(services, position)
    result = Replenishment(position_id, target, remaining, max(0, target - remaining))
    if position.echelon == Echelon.RESERVE:
        result.source = "the workforce not yet in a plan"
    if not result.need:
        return result
    taken = {c.employee_id for c in candidates(services, position_id)}
    reserve = [
        get_employee(services, e) for e in sources(services, position.echelon) if e not in taken
    ]
    fits = nominating.eligible(reserve, position, workflow.nomination, services.today())
    result.proposals = [e.employee_id for e in fits[: result.need]]
    return result


def replenish(
    services: Services,
    position_id: str,
    actor: str,
    nominate_them: bool = False,
) -> Replenishment:
    """Report the need; with `nominate_them`, nominate the proposed reserve employees."""
    result = replenishment(services, position_id)
    if nominate_them:
        for employee_id in result.proposals:
            key = CandidateKey(employee_id, position_id)
            nominate(services, key, actor, f"replenishes the {position_id} pool from the reserve")
            result.nominated.append(employee_id)
    return result
