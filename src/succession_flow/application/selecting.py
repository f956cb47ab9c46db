"""Selection by demand: after training, the best are promoted, the rest retained or eliminated."""

from __future__ import annotations

from collections.abc import Callable

from succession_flow.application import facts as f
from succession_flow.application import judgements as j
from succession_flow.application.access import require
from succession_flow.application.batch import BatchReport, Scope, run_batch
from succession_flow.application.pipeline import Subject
from succession_flow.application.queries import candidates, positions
from succession_flow.application.services import Services
from succession_flow.application.staffing import get_position
from succession_flow.domain.access import Capability
from succession_flow.domain.employee import Employee
from succession_flow.domain.keys import CandidateKey, employee_uuid
from succession_flow.domain.lifecycle import State


def ranked_trained(services: Services, position_id: str) -> list[tuple[CandidateKey, float]]:
    """The position's trained candidates, best final assessment first (ties by employee id)."""
    position = get_position(services, position_id)
    scored = []
    for c in candidates(services, position_id):
        if c.state == State.TRAINED:
            employee = services.store.get(employee_uuid(c.employee_id), Employee, c.employee_id)
            scored.append((c.key, f.final_assessment(employee, position, c, services.today())))
    return sorted(scored, key=lambda pair: (-pair[1], pair[0].employee_id))


def select(services: Services, position_id: str, actor: str, dry_run: bool = False) -> BatchReport:
    """Promotion by demand, best first: each candidate's rank counts only those ahead who remain.

    A winner fills a vacancy and an eliminated candidate leaves, so the next in line moves up;
    the rules compare that rank with the vacancies left. A candidate the rules retained under
    the same demand is not decided again (it still counts as ahead of those behind), so
    selecting twice records nothing new until the demand at the post changes.
    """
    require(services, actor, Capability.OPERATE)
    ranking = [key for key, _ in ranked_trained(services, position_id)]
    outcomes: dict[CandidateKey, str] = {}

    def eligible(s: Subject) -> bool:
        if s.candidate.state != State.TRAINED:
            return False
        if s.candidate.deferred_vacancies == s.position.vacancies:
            outcomes[s.candidate.key] = "retain"
            return False
        return True

    def apply(s: Subject) -> tuple[str, object]:
        me = s.candidate.key
        ahead = ranking[: ranking.index(me)]
        rank = 1 + sum(1 for key in ahead if outcomes.get(key) == "retain")
        outcome, decision = j.apply_promote(services, s, actor, rank)
        outcomes[me] = outcome
        return outcome, decision

    return run_batch(
        services,
        "select",
        ranking,
        eligible,
        apply,
        actor,
        dry_run,
        chunk_size=len(ranking) or 1,
    )


def select_all(
    services: Services,
    scope: Scope,
    actor: str,
    dry_run: bool = False,
    progress: Callable[[int], None] = lambda n: None,
    on_total: Callable[[int], None] = lambda n: None,
) -> BatchReport:
    """Selection for every position in scope that has trained candidates."""
    waiting_by_position: dict[str, int] = {}
    for c in candidates(services, scope.position_id):
        if scope.covers(c) and c.state == State.TRAINED:
            waiting_by_position[c.position_id] = waiting_by_position.get(c.position_id, 0) + 1
    on_total(sum(waiting_by_position.values()))
    report = BatchReport(step="select", dry_run=dry_run)
    for position in positions(services):
        if position.position_id in waiting_by_position:
            report.add(select(services, position.position_id, actor, dry_run))
            if report.interrupted:
                break
            progress(waiting_by_position[position.position_id])
    return report
