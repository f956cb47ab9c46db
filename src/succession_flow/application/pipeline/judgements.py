"""How each judgement step is applied to a loaded subject: facts, decision, domain command.

Shared by the one-candidate commands and the batch runner, so both decide exactly alike.
"""

from __future__ import annotations

from datetime import date

from succession_flow.application.hr_files.workflows import target_bench
from succession_flow.application.pipeline import facts as f
from succession_flow.application.pipeline.deciding import decide_for
from succession_flow.application.pipeline.ranking import Place
from succession_flow.application.pipeline.subject import Subject
from succession_flow.application.services import Services
from succession_flow.domain.candidate import Override
from succession_flow.domain.decision import Decision
from succession_flow.domain.errors import IllegalTransition
from succession_flow.domain.lifecycle import State

Applied = tuple[str, Decision]


class TrainingNotDue(IllegalTransition):
    """Training closes only when every course has a result or the period is over."""


def training_due(today: date, s: Subject) -> bool:
    """The one "due" test of `complete-training`, for the single command and the batch alike."""
    c = s.candidate
    if c.state != State.IN_TRAINING:
        return False
    all_results = all(course in c.course_results for course in c.plan["courses"])
    return all_results or date.fromisoformat(c.plan["deadline"]) < today


def apply_approve(s: Subject, actor: str, reason: str) -> tuple[str, None]:
    """An approver's judgement, not the rules': the proposal takes effect (never approved by
    its proposer or its nominee, `Candidate.check_independent`)."""
    s.candidate.approve(actor, reason, s.employee.name)
    return "approved", None


def apply_evaluate(
    services: Services, s: Subject, actor: str, override: Override | None = None
) -> Applied:
    s.candidate.check_allowed("evaluate")
    facts = f.evaluation_facts(s.employee, s.position, s.candidate, services.today())
    decision = decide_for(services, "evaluate", facts, s)
    scores = {k: facts[k] for k in ("competency_score", "core_competence", "job_match")}
    return s.candidate.evaluate(decision, actor, scores, override), decision


def apply_pool(
    services: Services, s: Subject, actor: str, override: Override | None = None
) -> Applied:
    s.candidate.check_allowed("pool")
    target = target_bench(services, s.position)
    facts = f.pool_facts(s.employee, s.position, s.pool, services.today(), target)
    decision = decide_for(services, "pool", facts, s)
    return s.candidate.pool(decision, actor, override), decision


def apply_complete_training(
    services: Services, s: Subject, actor: str, override: Override | None = None
) -> Applied:
    s.candidate.check_allowed("complete-training")
    if override is None and not training_due(services.today(), s):
        raise TrainingNotDue(
            f"candidate {s.candidate.key}: training is not due (results outstanding and the"
            f" deadline {s.candidate.plan['deadline']} not passed); nothing was recorded"
        )
    facts = f.training_facts(s.position, s.candidate, services.today())
    decision = decide_for(services, "complete-training", facts, s)
    return s.candidate.complete_training(decision, actor, override), decision


def apply_promote(
    services: Services,
    s: Subject,
    actor: str,
    place: Place,
    effective: date | None = None,
    override: Override | None = None,
) -> Applied:
    """Promotion fills one vacancy of the post in the same save."""
    s.candidate.check_allowed("promote")
    today = services.today()
    facts = f.promotion_facts(
        s.employee, s.position, s.candidate, place.rank, place.eligible, today
    )
    decision = decide_for(services, "promote", facts, s)
    when = (effective or services.today()).isoformat()
    outcome = s.candidate.promote(decision, actor, when, override)
    if outcome == "promote":
        s.position.fill_vacancy(s.candidate.employee_id, actor, f"filled by {s.candidate.key}")
    return outcome, decision


def apply_exit(
    services: Services,
    s: Subject,
    actor: str,
    requested: str = "none",
    override: Override | None = None,
) -> Applied:
    s.candidate.check_allowed("exit")
    facts = f.exit_facts(s.employee, s.position, s.candidate, requested, services.today())
    decision = decide_for(services, "exit", facts, s)
    return s.candidate.exit(decision, actor, override), decision
