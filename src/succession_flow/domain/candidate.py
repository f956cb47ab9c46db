"""One employee nominated for one position, from nomination to promotion or exit.

Every public command checks the lifecycle table and its own preconditions first, then triggers
its events; a refused command leaves the aggregate without pending events. Judgement steps take a
Decision (from rules or an operator) and record it whole; an override is its own event.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from succession_flow.domain.decision import Decision
from succession_flow.domain.errors import AlreadyNominated, IllegalTransition, InvalidInput
from succession_flow.domain.keys import CandidateKey, candidate_uuid
from succession_flow.domain.lifecycle import ACTIVE_STATES, ALLOWED_FROM, Readiness, State
from succession_flow.domain.pipeline_steps import OUTCOMES
from succession_flow.domain.values import check_choice, check_number, check_reason


@dataclass(frozen=True)
class Override:
    """An operator's outcome replacing the rules' one; never valid without a justification."""

    outcome: str
    justification: str

    def __post_init__(self) -> None:
        missing = "--justification is required to override a rule decision"
        check_reason("--justification", self.justification, missing)


class Candidate(Aggregate):
    @staticmethod
    def create_id(employee_id: str, position_id: str) -> UUID:
        return candidate_uuid(employee_id, position_id)

    @event("Nominated")
    def __init__(
        self, employee_id: str, position_id: str, echelon: str, actor: str, reason: str
    ) -> None:
        self.employee_id = employee_id
        self.position_id = position_id
        self.echelon = echelon
        self.cycle = 0
        self._start_cycle(actor, reason)

    def _start_cycle(self, actor: str, reason: str) -> None:
        self.cycle += 1
        self.state = State.NOMINATED
        self.nominated_by = actor
        self.nomination_reason = reason
        self.evaluations: list[str] = []
        self.readiness = ""
        self.emergency_successor = False
        self.plan: dict[str, Any] = {}
        self.course_results: dict[str, dict[str, Any]] = {}
        self.exit_reason = ""
        self.exited_from = ""
        self.effective_date = ""
        self.pool_declined = False
        self.retained_on: dict[str, Any] | None = None
        """The facts the promotion rules last retained this candidate on (None: never retained
        in this cycle); a selection re-decides the candidate only when these have changed."""

    @property
    def key(self) -> CandidateKey:
        return CandidateKey(self.employee_id, self.position_id)

    @property
    def failed_evaluations(self) -> int:
        return self.evaluations.count("fail")

    @property
    def last_evaluation(self) -> str:
        return self.evaluations[-1] if self.evaluations else "none"

    # --- guards -------------------------------------------------------------------------

    def check_allowed(self, command: str) -> None:
        if self.state not in ALLOWED_FROM[command]:
            raise IllegalTransition(f"{self.key}: cannot {command} a candidate who is {self.state}")

    def check_outcome(self, command: str, decision: Decision, override: Override | None) -> str:
        """The outcome that takes effect must be one this step understands."""
        outcome = override.outcome if override else decision.outcome
        check_choice(f"{command} outcome", outcome, OUTCOMES[command])
        return outcome

    @staticmethod
    def reason_of(decision: Decision, override: Override | None) -> str:
        """Why the outcome that took effect did: the operator's justification if it overrode."""
        if override is not None and override.outcome != decision.outcome:
            return override.justification
        return decision.reason

    # --- commands -----------------------------------------------------------------------

    def renominate(self, actor: str, reason: str) -> None:
        if self.state in ACTIVE_STATES:
            raise AlreadyNominated(f"{self.key}: already an active candidate ({self.state})")
        if self.state == State.PROMOTED:
            raise IllegalTransition(f"{self.key}: already promoted into the post")
        self._renominate(actor=actor, reason=reason)

    @event("Renominated")
    def _renominate(self, actor: str, reason: str) -> None:
        self._start_cycle(actor, reason)

    def request_approval(self, actor: str) -> None:
        """The workflow requires a named approver before this nomination takes effect."""
        if self.state != State.NOMINATED or self.evaluations:
            raise IllegalTransition(f"{self.key}: only a new nomination awaits approval")
        self._request_approval(actor=actor)

    @event("ApprovalRequested")
    def _request_approval(self, actor: str) -> None:
        self.state = State.PROPOSED

    def approve(self, actor: str, reason: str, nominee_name: str = "") -> None:
        self.check_allowed("approve")
        self._check_reason("approve", reason)
        self.check_independent("approve", actor, nominee_name)
        self._approve(actor=actor, reason=reason)

    @event("NominationApproved")
    def _approve(self, actor: str, reason: str) -> None:
        self.state = State.NOMINATED

    def reject(self, actor: str, reason: str, nominee_name: str = "") -> None:
        self.check_allowed("reject")
        self._check_reason("reject", reason)
        self.check_independent("reject", actor, nominee_name)
        self._reject(actor=actor, reason=reason)

    @event("NominationRejected")
    def _reject(self, actor: str, reason: str) -> None:
        self.exited_from = State.PROPOSED.value
        self.exit_reason = f"nomination rejected: {reason}"
        self.state = State.EXITED

    def check_independent(self, command: str, actor: str, nominee_name: str = "") -> None:
        """Four eyes on every nomination under approval: whoever decides it is neither the one
        who proposed it nor the nominee (by employee id or name), whatever their role."""
        who = actor.casefold()
        if who == self.nominated_by.casefold():
            raise IllegalTransition(
                f"{self.key}: {actor!r} proposed this nomination and cannot {command} it"
            )
        if who in {self.employee_id.casefold(), nominee_name.casefold()}:
            raise IllegalTransition(f"{self.key}: {actor!r} is the nominee and cannot {command} it")

    def _check_reason(self, command: str, reason: str) -> None:
        check_reason("--reason", reason, f"--reason is required to {command} a nomination")

    def evaluate(
        self,
        decision: Decision,
        actor: str,
        scores: dict[str, Any],
        override: Override | None = None,
    ) -> str:
        self.check_allowed("evaluate")
        if self.last_evaluation == "pass":
            raise IllegalTransition(f"{self.key}: already passed evaluation; pool or exit next")
        outcome = self.check_outcome("evaluate", decision, override)
        self._record_override("evaluate", decision, override, actor)
        self._evaluate(outcome=outcome, scores=scores, decision=decision.to_dict(), actor=actor)
        return outcome

    @event("Evaluated")
    def _evaluate(
        self, outcome: str, scores: dict[str, Any], decision: dict[str, Any], actor: str
    ) -> None:
        self.state = State.EVALUATED
        self.pool_declined = False
        self.evaluations.append(outcome)

    def pool(self, decision: Decision, actor: str, override: Override | None = None) -> str:
        self.check_allowed("pool")
        if self.last_evaluation != "pass":
            raise IllegalTransition(
                f"{self.key}: last evaluation was {self.last_evaluation}, not pass"
            )
        outcome = self.check_outcome("pool", decision, override)
        self._record_override("pool", decision, override, actor)
        if outcome == "not-pooled":
            self._decline_pool(decision=decision.to_dict(), actor=actor)
        else:
            emergency = bool(decision.attributes.get("emergency_successor", False))
            self._pool(
                readiness=outcome,
                emergency_successor=emergency,
                decision=decision.to_dict(),
                actor=actor,
            )
        return outcome

    @event("PoolEntryDeclined")
    def _decline_pool(self, decision: dict[str, Any], actor: str) -> None:
        self.pool_declined = True

    @event("Pooled")
    def _pool(
        self, readiness: str, emergency_successor: bool, decision: dict[str, Any], actor: str
    ) -> None:
        self.state = State.POOLED
        self.readiness = readiness
        self.emergency_successor = emergency_successor

    def change_readiness(
        self, readiness: str, emergency_successor: bool, actor: str, reason: str
    ) -> None:
        self.check_allowed("change-readiness")
        check_choice("readiness", readiness, [r.value for r in Readiness])
        check_reason("--reason", reason, "--reason is required to change readiness")
        if (readiness, emergency_successor) == (self.readiness, self.emergency_successor):
            raise InvalidInput(f"{self.key}: readiness is already {readiness}")
        self._change_readiness(
            readiness=readiness, emergency_successor=emergency_successor, actor=actor, reason=reason
        )

    @event("ReadinessChanged")
    def _change_readiness(
        self, readiness: str, emergency_successor: bool, actor: str, reason: str
    ) -> None:
        self.readiness = readiness
        self.emergency_successor = emergency_successor

    def start_training(
        self,
        courses: list[str],
        deadline: str,
        goals: list[str],
        actor: str,
        decision: Decision | None = None,
    ) -> None:
        """`decision`: the training-budget gate's, recorded whole when a talent plan is in force."""
        self.check_allowed("train")
        if not courses:
            raise InvalidInput(f"{self.key}: a training plan needs at least one course")
        if not all(course.strip() for course in courses):
            raise InvalidInput(f"{self.key}: a course id in the training plan is empty")
        if len(set(courses)) != len(courses):
            raise InvalidInput(f"{self.key}: a course is listed twice in the training plan")
        if decision is not None and decision.outcome != "allow":
            raise IllegalTransition(f"{self.key}: training refused: {decision.reason}")
        self._start_training(
            courses=list(courses),
            deadline=deadline,
            goals=list(goals),
            actor=actor,
            decision=decision.to_dict() if decision else None,
        )

    @event("TrainingStarted")
    def _start_training(
        self,
        courses: list[str],
        deadline: str,
        goals: list[str],
        actor: str,
        decision: dict[str, Any] | None = None,
    ) -> None:
        self.state = State.IN_TRAINING
        self.plan = {"courses": list(courses), "deadline": deadline, "goals": list(goals)}

    def record_course(self, course: str, score: float, passed: bool, actor: str) -> None:
        self.check_allowed("record-course")
        if course not in self.plan["courses"]:
            raise InvalidInput(f"{self.key}: course {course!r} is not in the training plan")
        check_number("score", score, 0, 100)
        self._record_course(course=course, score=score, passed=passed, actor=actor)

    @event("CourseResultRecorded")
    def _record_course(self, course: str, score: float, passed: bool, actor: str) -> None:
        self.course_results[course] = {"score": score, "passed": passed}

    def complete_training(
        self, decision: Decision, actor: str, override: Override | None = None
    ) -> str:
        self.check_allowed("complete-training")
        outcome = self.check_outcome("complete-training", decision, override)
        self._record_override("complete-training", decision, override, actor)
        self._complete_training(outcome=outcome, decision=decision.to_dict(), actor=actor)
        if outcome == "failed":
            self._exit(
                from_state=State.IN_TRAINING.value,
                reason=f"failed training: {self.reason_of(decision, override)}",
                decision=decision.to_dict(),
                actor=actor,
            )
        return outcome

    @event("TrainingCompleted")
    def _complete_training(self, outcome: str, decision: dict[str, Any], actor: str) -> None:
        self.state = State.TRAINED if outcome == "passed" else self.state

    def promote(
        self, decision: Decision, actor: str, effective_date: str, override: Override | None = None
    ) -> str:
        self.check_allowed("promote")
        outcome = self.check_outcome("promote", decision, override)
        self._record_override("promote", decision, override, actor)
        if outcome == "promote":
            self._promote(effective_date=effective_date, decision=decision.to_dict(), actor=actor)
        elif outcome == "retain":
            self._retain(decision=decision.to_dict(), actor=actor)
        else:
            self._exit(
                from_state=self.state.value,
                reason=f"eliminated: {self.reason_of(decision, override)}",
                decision=decision.to_dict(),
                actor=actor,
            )
        return outcome

    @event("Promoted")
    def _promote(self, effective_date: str, decision: dict[str, Any], actor: str) -> None:
        self.state = State.PROMOTED
        self.effective_date = effective_date

    @event("PromotionDeferred")
    def _retain(self, decision: dict[str, Any], actor: str) -> None:
        self.retained_on = dict(decision.get("facts", {}))

    def exit(self, decision: Decision, actor: str, override: Override | None = None) -> str:
        self.check_allowed("exit")
        outcome = self.check_outcome("exit", decision, override)
        self._record_override("exit", decision, override, actor)
        if outcome == "exit":
            self._exit(
                from_state=self.state.value,
                reason=self.reason_of(decision, override),
                decision=decision.to_dict(),
                actor=actor,
            )
        return outcome

    @event("Exited")
    def _exit(self, from_state: str, reason: str, decision: dict[str, Any], actor: str) -> None:
        self.exited_from = from_state
        self.exit_reason = reason
        self.state = State.EXITED

    def _record_override(
        self, step: str, decision: Decision, override: Override | None, actor: str
    ) -> None:
        if override is not None and override.outcome != decision.outcome:
            self._override(
                step=step,
                rule_decision=decision.to_dict(),
                outcome=override.outcome,
                justification=override.justification,
                actor=actor,
            )

    @event("DecisionOverridden")
    def _override(
        self, step: str, rule_decision: dict[str, Any], outcome: str, justification: str, actor: str
    ) -> None:
        pass
