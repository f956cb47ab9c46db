"""The pipeline's commands, one use case each: nominate, evaluate, pool, train, promote, exit."""

from __future__ import annotations

from datetime import date

from succession_flow.application.batch.runner import run_step
from succession_flow.application.people.access import require
from succession_flow.application.pipeline import judgements as j
from succession_flow.application.pipeline.budget_gate import (
    BudgetExhausted,
    start_training,
)
from succession_flow.application.pipeline.ranking import place_of
from succession_flow.application.pipeline.subject import StepResult, Subject
from succession_flow.application.pipeline.training_plans import (
    BatchBudget,
    Plan,
    development_goals,
    plan_for,
)
from succession_flow.application.services import Services
from succession_flow.domain.candidate import Override
from succession_flow.domain.decision import Decision
from succession_flow.domain.errors import InvalidInput
from succession_flow.domain.keys import CandidateKey
from succession_flow.domain.roles import Capability
from succession_flow.domain.values import check_reason

EXIT_REASONS = ("withdrawn", "left-company", "failed-examination", "other")


def nominate(services: Services, key: CandidateKey, actor: str, reason: str) -> StepResult:
    """A new candidate, or a new cycle for one who exited before: `run nominate`'s chunk, of one."""
    require(services, actor, Capability.OPERATE)
    check_reason("--reason", reason, "--reason is required to nominate")

    # read when nominating, not at start-up: the workflows module loads the store's machinery
    from succession_flow.application.batch.nominate import nominate_chunk

    def attempt() -> StepResult:
        report = nominate_chunk(services, [(key, reason)], actor, strict=True)
        (state,) = report.names
        return StepResult(str(key), "nominate", state, state)

    return services.store.retrying(attempt, str(key))


def approve(services: Services, key: CandidateKey, actor: str, reason: str) -> StepResult:
    """A proposed nomination takes effect: the nominee may now be evaluated."""

    def apply(s: Subject) -> tuple[str, None]:
        return j.apply_approve(s, actor, reason)

    return run_step(services, key, "approve", actor, apply, capability=Capability.APPROVE)


def reject(services: Services, key: CandidateKey, actor: str, reason: str) -> StepResult:
    """A proposed nomination is turned down; the cycle ends (a later nomination may follow)."""

    def apply(s: Subject) -> tuple[str, None]:
        s.candidate.reject(actor, reason, s.employee.name)
        return "rejected", None

    return run_step(services, key, "reject", actor, apply, capability=Capability.APPROVE)


def evaluate(
    services: Services, key: CandidateKey, actor: str, override: Override | None = None
) -> StepResult:
    def apply(s: Subject) -> tuple[str, Decision]:
        return j.apply_evaluate(services, s, actor, override)

    return run_step(services, key, "evaluate", actor, apply, override)


def pool(
    services: Services, key: CandidateKey, actor: str, override: Override | None = None
) -> StepResult:
    def apply(s: Subject) -> tuple[str, Decision]:
        return j.apply_pool(services, s, actor, override)

    return run_step(services, key, "pool", actor, apply, override)


def change_readiness(
    services: Services,
    key: CandidateKey,
    actor: str,
    readiness: str,
    emergency: bool | None,
    reason: str,
) -> StepResult:
    """A review's new readiness; the emergency-successor flag stays as it was unless given."""

    def apply(s: Subject) -> tuple[str, None]:
        flag = s.candidate.emergency_successor if emergency is None else emergency
        s.candidate.change_readiness(readiness, flag, actor, reason)
        return readiness, None

    return run_step(services, key, "change-readiness", actor, apply)


def train(
    services: Services,
    key: CandidateKey,
    actor: str,
    courses: list[str],
    deadline: date | None,
    goals: list[str],
) -> StepResult:
    """Start a training plan; what the operator leaves out comes from the echelon's workflow."""
    if deadline is not None and deadline <= services.today():
        raise InvalidInput(f"--deadline {deadline.isoformat()} is not in the future")

    def apply(s: Subject) -> tuple[str, Decision | None]:
        s.candidate.check_allowed("train")
        plan = Plan(courses, deadline, goals) if courses and deadline else plan_for(services, s)
        chosen = courses or plan.courses
        try:  # the batch's gate, for a batch of one
            gate = BatchBudget(services).gate(s, chosen)
        except BudgetExhausted as refused:
            raise BudgetExhausted(f"{s.candidate.key}: {refused}") from None
        start_training(
            s,
            chosen,
            (deadline or plan.deadline).isoformat(),
            goals or development_goals(s.employee, s.position),
            actor,
            gate,
        )
        return "in_training", gate[1]

    return run_step(services, key, "train", actor, apply)


def record_course(
    services: Services,
    key: CandidateKey,
    actor: str,
    course: str,
    score: float,
    passed: bool | None,
) -> StepResult:
    verdict = score >= services.pass_mark if passed is None else passed

    def apply(s: Subject) -> tuple[str, None]:
        s.candidate.record_course(course, score, verdict, actor)
        return "passed" if verdict else "failed", None

    return run_step(services, key, "record-course", actor, apply)


def complete_training(
    services: Services, key: CandidateKey, actor: str, override: Override | None = None
) -> StepResult:
    def apply(s: Subject) -> tuple[str, Decision]:
        return j.apply_complete_training(services, s, actor, override)

    return run_step(services, key, "complete-training", actor, apply, override)


def promote(
    services: Services,
    key: CandidateKey,
    actor: str,
    effective: date | None = None,
    override: Override | None = None,
) -> StepResult:
    def apply(s: Subject) -> tuple[str, Decision]:
        s.candidate.check_allowed("promote")  # before any fact is computed
        return j.apply_promote(services, s, actor, place_of(services, s), effective, override)

    return run_step(services, key, "promote", actor, apply, override)


def exit_candidate(
    services: Services,
    key: CandidateKey,
    actor: str,
    requested: str = "none",
    override: Override | None = None,
) -> StepResult:
    if requested not in (*EXIT_REASONS, "none"):
        raise InvalidInput(f"--reason {requested!r} is not one of {', '.join(EXIT_REASONS)}")

    def apply(s: Subject) -> tuple[str, Decision]:
        return j.apply_exit(services, s, actor, requested, override)

    return run_step(services, key, "exit", actor, apply, override)
