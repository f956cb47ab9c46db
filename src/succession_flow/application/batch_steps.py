"""The batch form of each step: who is waiting for it, and how it is applied."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from succession_flow.application import facts as f
from succession_flow.application import judgements as j
from succession_flow.application.access import require
from succession_flow.application.batch import CHUNK, BatchReport, Scope, dry_running, run_batch
from succession_flow.application.batch_nominate import run_nominate
from succession_flow.application.batch_waiting import waiting_keys
from succession_flow.application.pipeline import Subject
from succession_flow.application.queries import candidates, positions
from succession_flow.application.services import Services
from succession_flow.application.staffing import get_position
from succession_flow.application.training_plans import BatchBudget, apply_train
from succession_flow.domain.access import Capability
from succession_flow.domain.employee import Employee
from succession_flow.domain.keys import CandidateKey, employee_uuid
from succession_flow.domain.lifecycle import State


def waiting(services: Services, scope: Scope, states: tuple[State, ...]) -> list[CandidateKey]:
    """Found by a scan of the log's candidate events; no candidate aggregate is loaded."""
    return waiting_keys(services.store, scope, states)


def waiting_for_pool(s: Subject) -> bool:
    """Passed evaluation and not yet decided: a batch does not re-decide a declined entry (the
    one-candidate `pool` command does, e.g. when the bench has room again)."""
    c = s.candidate
    return c.state == State.EVALUATED and c.last_evaluation == "pass" and not c.pool_declined


def run_step_batch(
    services: Services,
    step: str,
    scope: Scope,
    actor: str,
    dry_run: bool = False,
    progress: Callable[[int], None] = lambda n: None,
    on_total: Callable[[int], None] = lambda n: None,
    chunk_size: int = CHUNK,
) -> BatchReport:
    """One step for every candidate in scope waiting for it (`nominate` and `select` too).

    The actor's role is checked first, so a refusal is about who asks, not what is missing."""
    require(services, actor, Capability.OPERATE)
    if scope.position_id is not None:
        get_position(services, scope.position_id)  # a mistyped position is an error, not 0
    with dry_running(services, dry_run):  # one dry run across all of select's positions too
        return _run_step_batch(
            services, step, scope, actor, dry_run, progress, on_total, chunk_size
        )


def _run_step_batch(
    services: Services,
    step: str,
    scope: Scope,
    actor: str,
    dry_run: bool,
    progress: Callable[[int], None],
    on_total: Callable[[int], None],
    chunk_size: int,
) -> BatchReport:
    if step == "nominate":
        return run_nominate(services, scope, actor, dry_run, progress, on_total, chunk_size)
    if step == "select":
        return select_all(services, scope, actor, dry_run, progress, on_total)
    today = services.today()
    budget = BatchBudget(services)
    plans: dict[
        str,
        tuple[
            tuple[State, ...], Callable[[Subject], bool], Callable[[Subject], tuple[str, object]]
        ],
    ] = {
        "evaluate": (
            (State.NOMINATED,),
            lambda s: s.candidate.state == State.NOMINATED,
            lambda s: j.apply_evaluate(services, s, actor),
        ),
        "pool": (
            (State.EVALUATED,),
            waiting_for_pool,
            lambda s: j.apply_pool(services, s, actor),
        ),
        "train": (
            (State.POOLED,),
            lambda s: s.candidate.state == State.POOLED,
            lambda s: apply_train(services, s, actor, budget),
        ),
        "complete-training": (
            (State.IN_TRAINING,),
            partial(j.training_due, today),
            lambda s: j.apply_complete_training(services, s, actor),
        ),
    }
    states, eligible, apply = plans[step]
    keys = waiting(services, scope, states)
    on_total(len(keys))
    return run_batch(services, step, keys, eligible, apply, actor, dry_run, progress, chunk_size)


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
