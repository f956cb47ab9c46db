"""The batch form of each step: who is waiting for it, and how it is applied."""

from __future__ import annotations

from collections.abc import Callable

from succession_flow.application.batch.nominate import run_nominate
from succession_flow.application.batch.runner import (
    CHUNK,
    BatchReport,
    Scope,
    dry_running,
    run_batch,
)
from succession_flow.application.batch.selecting import select_all
from succession_flow.application.batch.waiting import waiting_keys
from succession_flow.application.people.access import require
from succession_flow.application.people.staffing import get_position
from succession_flow.application.pipeline import judgements as j
from succession_flow.application.pipeline.subject import Subject
from succession_flow.application.pipeline.training_plans import BatchBudget, apply_train
from succession_flow.application.pipeline.waiting import SCAN_STATES
from succession_flow.application.pipeline.waiting import tests as waiting_tests
from succession_flow.application.services import Services
from succession_flow.domain.errors import InvalidInput
from succession_flow.domain.keys import CandidateKey
from succession_flow.domain.lifecycle import State
from succession_flow.domain.pipeline_steps import capability_of_step
from succession_flow.domain.values import check_reason as check_said


def waiting(services: Services, scope: Scope, states: tuple[State, ...]) -> list[CandidateKey]:
    """Found by a scan of the log's candidate events; no candidate aggregate is loaded."""
    return waiting_keys(services.store, scope, states)


def run_step_batch(
    services: Services,
    step: str,
    scope: Scope,
    actor: str,
    dry_run: bool = False,
    progress: Callable[[int], None] = lambda n: None,
    on_total: Callable[[int], None] = lambda n: None,
    chunk_size: int = CHUNK,
    reason: str = "",
) -> BatchReport:
    """One step for every candidate in scope waiting for it (`nominate` and `select` too).

    The actor's role is checked first, so a refusal is about who asks, not what is missing.
    `reason` is the approver's, for `approve` (required there, refused with any other step)."""
    require(services, actor, capability_of_step(step))
    check_reason(step, reason)
    if scope.position_id is not None:
        get_position(services, scope.position_id)  # a mistyped position is an error, not 0
    with dry_running(services, dry_run):  # one dry run across all of select's positions too
        return _run_step_batch(
            services, step, scope, actor, dry_run, progress, on_total, chunk_size, reason
        )


def check_reason(step: str, reason: str) -> None:
    """Only an approval carries a reason of its own (every other step's reason is the rules')."""
    if step == "approve":
        check_said("--reason", reason, "--reason is required to approve a nomination")
    if step != "approve" and reason:
        raise InvalidInput(f"--reason goes with run approve, not run {step}")


def _run_step_batch(
    services: Services,
    step: str,
    scope: Scope,
    actor: str,
    dry_run: bool,
    progress: Callable[[int], None],
    on_total: Callable[[int], None],
    chunk_size: int,
    reason: str,
) -> BatchReport:
    if step == "nominate":
        return run_nominate(services, scope, actor, dry_run, progress, on_total, chunk_size)
    if step == "select":
        return select_all(services, scope, actor, dry_run, progress, on_total)
    budget = BatchBudget(services)
    applies: dict[str, Callable[[Subject], tuple[str, object]]] = {
        "approve": lambda s: j.apply_approve(s, actor, reason),
        "evaluate": lambda s: j.apply_evaluate(services, s, actor),
        "pool": lambda s: j.apply_pool(services, s, actor),
        "train": lambda s: apply_train(services, s, actor, budget),
        "complete-training": lambda s: j.apply_complete_training(services, s, actor),
        "exit": lambda s: j.apply_exit(services, s, actor),
    }
    eligible = waiting_tests(services.today())[step]
    keys = waiting(services, scope, SCAN_STATES[step])
    on_total(len(keys))
    return run_batch(
        services, step, keys, eligible, applies[step], actor, dry_run, progress, chunk_size
    )
