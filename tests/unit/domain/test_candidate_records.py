"""What each candidate command records, field by field, and the state it leaves behind.

The lifecycle tests say which commands are allowed from which state; these say what is written
when they are: who acted, why, the decision whole, the scores, the override with its
justification, the readiness and emergency flag. An auditor reads exactly these fields years
later, so losing one (a mutant that records `None` for the actor, drops the scores, or writes
the rules' reason where the operator's justification belongs) must fail here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from succession_flow.domain.candidate import Candidate, Override
from succession_flow.domain.decision import Decision
from succession_flow.domain.errors import IllegalTransition, InvalidInput
from succession_flow.domain.lifecycle import State

PROPOSER, APPROVER, OPERATOR = "priya", "dana", "olaf"


def ruled(outcome: str, reason: str = "the rules said so", **attributes: Any) -> Decision:
    return Decision(
        outcome=outcome,
        reason=reason,
        ruleset="evaluation",
        version="v" * 12,
        matched=("r1",),
        facts={"job_match": 4.0},
        attributes=dict(attributes),
    )


def nominated() -> Candidate:
    candidate = Candidate(
        employee_id="E1", position_id="VP", echelon="key-position", actor=PROPOSER, reason="bench"
    )
    candidate.collect_events()
    return candidate


def recorded(candidate: Candidate) -> list[tuple[str, dict[str, Any]]]:
    """The pending events as (class name, the fields a reader sees), then cleared."""
    out = []
    for event in candidate.collect_events():
        fields = {
            name: value
            for name, value in vars(event).items()
            if name not in ("originator_id", "originator_version", "originator_topic", "timestamp")
        }
        out.append((type(event).__name__, fields))
    return out


def evaluated(outcome: str = "pass") -> Candidate:
    candidate = nominated()
    candidate.evaluate(ruled(outcome), OPERATOR, {"job_match": 4.0})
    candidate.collect_events()
    return candidate


def pooled() -> Candidate:
    candidate = evaluated()
    candidate.pool(ruled("ready-now"), OPERATOR)
    candidate.collect_events()
    return candidate


def in_training() -> Candidate:
    candidate = pooled()
    candidate.start_training(["C1"], "2099-01-01", ["lead"], OPERATOR)
    candidate.collect_events()
    return candidate


def test_a_nomination_starts_a_clean_cycle_naming_who_nominated_and_why() -> None:
    candidate = Candidate(
        employee_id="E1", position_id="VP", echelon="key-position", actor=PROPOSER, reason="bench"
    )
    [(name, fields)] = recorded(candidate)
    assert name == "Nominated"
    assert fields == {
        "employee_id": "E1",
        "position_id": "VP",
        "echelon": "key-position",
        "actor": PROPOSER,
        "reason": "bench",
    }
    state = (candidate.state, candidate.cycle, candidate.nominated_by, candidate.nomination_reason)
    assert state == (State.NOMINATED, 1, PROPOSER, "bench")
    blank = (candidate.readiness, candidate.emergency_successor, candidate.plan)
    assert blank == ("", False, {})
    assert (candidate.exited_from, candidate.effective_date, candidate.exit_reason) == ("", "", "")
    assert (candidate.pool_declined, candidate.retained_on, candidate.evaluations) == (
        False,
        None,
        [],
    )


def test_a_renomination_after_an_exit_starts_the_next_cycle_from_nothing() -> None:
    candidate = pooled()
    candidate.change_readiness("ready-1-2-years", True, OPERATOR, "slower")
    candidate.exit(ruled("exit", "left"), OPERATOR)
    candidate.collect_events()
    candidate.renominate(APPROVER, "second chance")
    [(name, fields)] = recorded(candidate)
    assert (name, fields) == ("Renominated", {"actor": APPROVER, "reason": "second chance"})
    assert (candidate.cycle, candidate.state, candidate.nominated_by) == (
        2,
        State.NOMINATED,
        APPROVER,
    )
    assert candidate.nomination_reason == "second chance"
    assert (candidate.readiness, candidate.emergency_successor) == ("", False)
    assert (candidate.exited_from, candidate.exit_reason, candidate.evaluations) == ("", "", [])


def test_an_evaluation_records_outcome_scores_the_decision_whole_and_the_actor() -> None:
    candidate = nominated()
    decision = ruled("pass")
    assert candidate.evaluate(decision, OPERATOR, {"job_match": 4.0, "education": True}) == "pass"
    [(name, fields)] = recorded(candidate)
    assert name == "Evaluated"
    assert fields == {
        "outcome": "pass",
        "scores": {"job_match": 4.0, "education": True},
        "decision": decision.to_dict(),
        "actor": OPERATOR,
    }
    assert (candidate.state, candidate.evaluations) == (State.EVALUATED, ["pass"])


def test_an_overridden_evaluation_records_the_override_then_the_outcome_that_took_effect() -> None:
    candidate = nominated()
    decision = ruled("fail")
    outcome = candidate.evaluate(decision, OPERATOR, {}, Override("pass", "board exception"))
    assert outcome == "pass"
    events = recorded(candidate)
    assert [name for name, _ in events] == ["DecisionOverridden", "Evaluated"]
    assert events[0][1] == {
        "step": "evaluate",
        "rule_decision": decision.to_dict(),
        "outcome": "pass",
        "justification": "board exception",
        "actor": OPERATOR,
    }
    assert events[1][1]["outcome"] == "pass"


def test_an_override_agreeing_with_the_rules_records_no_override() -> None:
    candidate = nominated()
    candidate.evaluate(ruled("pass"), OPERATOR, {}, Override("pass", "agreed"))
    assert [name for name, _ in recorded(candidate)] == ["Evaluated"]


def test_an_override_needs_a_justification() -> None:
    with pytest.raises(InvalidInput) as refused:
        Override("pass", "  ")
    assert str(refused.value) == "--justification is required to override a rule decision"


def test_pooling_records_readiness_the_emergency_flag_and_the_decision() -> None:
    candidate = evaluated()
    decision = ruled("ready-1-2-years", emergency_successor=True)
    assert candidate.pool(decision, OPERATOR) == "ready-1-2-years"
    [(name, fields)] = recorded(candidate)
    assert (name, fields) == (
        "Pooled",
        {
            "readiness": "ready-1-2-years",
            "emergency_successor": True,
            "decision": decision.to_dict(),
            "actor": OPERATOR,
        },
    )
    assert (candidate.state, candidate.readiness, candidate.emergency_successor) == (
        State.POOLED,
        "ready-1-2-years",
        True,
    )


def test_pooling_without_an_emergency_attribute_is_not_an_emergency_successor() -> None:
    candidate = evaluated()
    candidate.pool(ruled("ready-now"), OPERATOR)
    [(_, fields)] = recorded(candidate)
    assert fields["emergency_successor"] is False
    assert candidate.emergency_successor is False


def test_a_declined_pool_entry_records_the_decision_and_keeps_the_candidate_evaluated() -> None:
    candidate = evaluated()
    decision = ruled("not-pooled")
    assert candidate.pool(decision, OPERATOR) == "not-pooled"
    [(name, fields)] = recorded(candidate)
    assert (name, fields) == (
        "PoolEntryDeclined",
        {"decision": decision.to_dict(), "actor": OPERATOR},
    )
    assert (candidate.state, candidate.pool_declined) == (State.EVALUATED, True)


def test_an_overridden_pool_decision_writes_its_override_event() -> None:
    candidate = evaluated()
    decision = ruled("not-pooled")
    candidate.pool(decision, OPERATOR, Override("ready-now", "succession emergency"))
    events = recorded(candidate)
    assert [name for name, _ in events] == ["DecisionOverridden", "Pooled"]
    assert events[0][1] == {
        "step": "pool",
        "rule_decision": decision.to_dict(),
        "outcome": "ready-now",
        "justification": "succession emergency",
        "actor": OPERATOR,
    }


def test_a_readiness_change_records_who_and_why_and_refuses_an_unknown_readiness() -> None:
    candidate = pooled()
    candidate.change_readiness("ready-1-2-years", True, OPERATOR, "calibration")
    [(name, fields)] = recorded(candidate)
    assert (name, fields) == (
        "ReadinessChanged",
        {
            "readiness": "ready-1-2-years",
            "emergency_successor": True,
            "actor": OPERATOR,
            "reason": "calibration",
        },
    )
    with pytest.raises(InvalidInput) as unknown:
        candidate.change_readiness("soon", False, OPERATOR, "x")
    assert str(unknown.value) == (
        "readiness: 'soon' is not one of ready-now, ready-1-2-years, ready-3-5-years"
    )
    with pytest.raises(InvalidInput) as same:
        candidate.change_readiness("ready-1-2-years", True, OPERATOR, "again")
    assert str(same.value) == "E1@VP: readiness is already ready-1-2-years"
    with pytest.raises(InvalidInput) as no_reason:
        candidate.change_readiness("ready-now", False, OPERATOR, " ")
    assert str(no_reason.value) == "--reason is required to change readiness"
    assert recorded(candidate) == []


def test_training_records_the_plan_and_the_budget_gate_decision() -> None:
    candidate = pooled()
    gate = Decision.manual("allow", "within budget")
    candidate.start_training(["C1", "C2"], "2099-01-01", ["lead"], OPERATOR, gate)
    [(name, fields)] = recorded(candidate)
    assert (name, fields) == (
        "TrainingStarted",
        {
            "courses": ["C1", "C2"],
            "deadline": "2099-01-01",
            "goals": ["lead"],
            "actor": OPERATOR,
            "decision": gate.to_dict(),
        },
    )
    assert candidate.plan == {"courses": ["C1", "C2"], "deadline": "2099-01-01", "goals": ["lead"]}
    assert candidate.state == State.IN_TRAINING


@pytest.mark.parametrize(
    ("courses", "message"),
    [
        ([], "E1@VP: a training plan needs at least one course"),
        (["C1", " "], "E1@VP: a course id in the training plan is empty"),
        (["C1", "C1"], "E1@VP: a course is listed twice in the training plan"),
    ],
)
def test_a_bad_training_plan_is_refused_with_its_reason(courses: list[str], message: str) -> None:
    candidate = pooled()
    with pytest.raises(InvalidInput) as refused:
        candidate.start_training(courses, "2099-01-01", [], OPERATOR)
    assert str(refused.value) == message
    assert recorded(candidate) == []


def test_a_training_the_budget_refuses_names_the_gates_reason() -> None:
    candidate = pooled()
    with pytest.raises(IllegalTransition) as refused:
        candidate.start_training(
            ["C1"], "2099-01-01", [], OPERATOR, Decision.manual("deny", "spent")
        )
    assert str(refused.value) == "E1@VP: training refused: spent"


def test_a_course_result_records_score_pass_and_actor() -> None:
    candidate = in_training()
    candidate.record_course("C1", 81.5, True, OPERATOR)
    [(name, fields)] = recorded(candidate)
    assert (name, fields) == (
        "CourseResultRecorded",
        {"course": "C1", "score": 81.5, "passed": True, "actor": OPERATOR},
    )
    assert candidate.course_results == {"C1": {"score": 81.5, "passed": True}}
    with pytest.raises(InvalidInput) as refused:
        candidate.record_course("C9", 50, True, OPERATOR)
    assert str(refused.value) == "E1@VP: course 'C9' is not in the training plan"


def test_a_failed_training_exits_with_the_reason_that_took_effect() -> None:
    candidate = in_training()
    decision = ruled("passed", "scores met")
    candidate.complete_training(decision, OPERATOR, Override("failed", "plagiarised the exam"))
    events = recorded(candidate)
    assert [name for name, _ in events] == ["DecisionOverridden", "TrainingCompleted", "Exited"]
    assert events[0][1] == {
        "step": "complete-training",
        "rule_decision": decision.to_dict(),
        "outcome": "failed",
        "justification": "plagiarised the exam",
        "actor": OPERATOR,
    }
    assert events[1][1] == {"outcome": "failed", "decision": decision.to_dict(), "actor": OPERATOR}
    assert events[2][1] == {
        "from_state": "in_training",
        "reason": "failed training: plagiarised the exam",
        "decision": decision.to_dict(),
        "actor": OPERATOR,
    }
    assert (candidate.state, candidate.exited_from) == (State.EXITED, "in_training")


def test_a_passed_training_leaves_the_candidate_trained() -> None:
    candidate = in_training()
    candidate.complete_training(ruled("passed"), OPERATOR)
    [(name, fields)] = recorded(candidate)
    assert (name, fields["outcome"], fields["actor"]) == ("TrainingCompleted", "passed", OPERATOR)
    assert candidate.state == State.TRAINED


def trained() -> Candidate:
    candidate = in_training()
    candidate.complete_training(ruled("passed"), OPERATOR)
    candidate.collect_events()
    return candidate


def test_a_promotion_records_its_effective_date_and_decision() -> None:
    candidate = trained()
    decision = ruled("promote")
    assert candidate.promote(decision, OPERATOR, "2099-02-01") == "promote"
    [(name, fields)] = recorded(candidate)
    assert (name, fields) == (
        "Promoted",
        {"effective_date": "2099-02-01", "decision": decision.to_dict(), "actor": OPERATOR},
    )
    assert (candidate.state, candidate.effective_date) == (State.PROMOTED, "2099-02-01")


def test_a_retained_candidate_keeps_the_facts_they_were_retained_on() -> None:
    candidate = trained()
    decision = ruled("retain")
    candidate.promote(decision, OPERATOR, "2099-02-01")
    [(name, fields)] = recorded(candidate)
    assert (name, fields) == (
        "PromotionDeferred",
        {"decision": decision.to_dict(), "actor": OPERATOR},
    )
    assert candidate.retained_on == {"job_match": 4.0}
    assert candidate.state == State.TRAINED


def test_an_overridden_elimination_exits_with_the_justification_not_the_rules_reason() -> None:
    candidate = trained()
    decision = ruled("promote", "ranked first")
    candidate.promote(decision, OPERATOR, "2099-02-01", Override("eliminate", "failed vetting"))
    events = recorded(candidate)
    assert [name for name, _ in events] == ["DecisionOverridden", "Exited"]
    assert (events[0][1]["step"], events[0][1]["actor"]) == ("promote", OPERATOR)
    assert events[1][1] == {
        "from_state": "trained",
        "reason": "eliminated: failed vetting",
        "decision": decision.to_dict(),
        "actor": OPERATOR,
    }


def test_an_exit_by_the_rules_records_their_reason_and_an_overridden_one_the_justification() -> (
    None
):
    by_rules = pooled()
    decision = ruled("exit", "two failed reviews")
    assert by_rules.exit(decision, OPERATOR) == "exit"
    [(name, fields)] = recorded(by_rules)
    assert (name, fields) == (
        "Exited",
        {
            "from_state": "pooled",
            "reason": "two failed reviews",
            "decision": decision.to_dict(),
            "actor": OPERATOR,
        },
    )
    assert (by_rules.state, by_rules.exited_from, by_rules.exit_reason) == (
        State.EXITED,
        "pooled",
        "two failed reviews",
    )
    overridden = pooled()
    overridden.exit(ruled("stay", "still eligible"), OPERATOR, Override("exit", "resigned"))
    events = recorded(overridden)
    assert [name for name, _ in events] == ["DecisionOverridden", "Exited"]
    assert (events[0][1]["step"], events[0][1]["actor"]) == ("exit", OPERATOR)
    assert events[1][1]["reason"] == "resigned"


def test_a_stay_decision_records_nothing_and_keeps_the_candidate_where_they_are() -> None:
    candidate = pooled()
    assert candidate.exit(ruled("stay"), OPERATOR) == "stay"
    assert recorded(candidate) == []
    assert candidate.state == State.POOLED


def proposed() -> Candidate:
    candidate = nominated()
    candidate.request_approval(PROPOSER)
    [(name, fields)] = recorded(candidate)
    assert (name, fields) == ("ApprovalRequested", {"actor": PROPOSER})
    assert candidate.state == State.PROPOSED
    return candidate


def test_an_approval_records_approver_and_reason() -> None:
    candidate = proposed()
    candidate.approve(APPROVER, "strong bench need")
    [(name, fields)] = recorded(candidate)
    assert (name, fields) == (
        "NominationApproved",
        {"actor": APPROVER, "reason": "strong bench need"},
    )
    assert candidate.state == State.NOMINATED


def test_a_rejection_records_approver_and_reason_and_exits_from_proposed() -> None:
    candidate = proposed()
    candidate.reject(APPROVER, "not this year")
    [(name, fields)] = recorded(candidate)
    assert (name, fields) == ("NominationRejected", {"actor": APPROVER, "reason": "not this year"})
    assert (candidate.state, candidate.exited_from, candidate.exit_reason) == (
        State.EXITED,
        "proposed",
        "nomination rejected: not this year",
    )


@pytest.mark.parametrize("command", ["approve", "reject"])
def test_approving_or_rejecting_needs_a_reason_named_by_the_command(command: str) -> None:
    candidate = proposed()
    with pytest.raises(InvalidInput) as refused:
        getattr(candidate, command)(APPROVER, "  ")
    assert str(refused.value) == f"--reason is required to {command} a nomination"
    assert recorded(candidate) == []


def test_only_a_new_nomination_can_await_approval() -> None:
    evaluated_once = nominated()
    evaluated_once.evaluate(ruled("fail"), OPERATOR, {})
    evaluated_once.collect_events()
    evaluated_once.exit(ruled("exit"), OPERATOR)
    evaluated_once.renominate(PROPOSER, "again")
    evaluated_once.evaluate(ruled("fail"), OPERATOR, {})
    for candidate in (evaluated_once, proposed()):
        candidate.collect_events()
        with pytest.raises(IllegalTransition, match="only a new nomination awaits approval"):
            candidate.request_approval(PROPOSER)
        assert recorded(candidate) == []


@pytest.mark.parametrize("score", [0, 100])
def test_a_course_score_may_be_anything_from_0_to_100(score: float) -> None:
    candidate = in_training()
    candidate.record_course("C1", score, score > 0, OPERATOR)
    assert candidate.course_results["C1"]["score"] == score


@pytest.mark.parametrize(("score", "shown"), [(-0.5, "-0.5"), (100.5, "100.5")])
def test_a_course_score_outside_0_to_100_is_refused_naming_the_field(
    score: float, shown: str
) -> None:
    candidate = in_training()
    with pytest.raises(InvalidInput) as refused:
        candidate.record_course("C1", score, True, OPERATOR)
    assert str(refused.value) == f"score: {shown} is outside 0..100"
    assert recorded(candidate) == []


@pytest.mark.parametrize("command", ["approve", "reject"])
def test_any_independent_approver_may_decide_whatever_their_name(command: str) -> None:
    """Without a nominee name only the proposer and the employee id are excluded."""
    candidate = proposed()
    getattr(candidate, command)("XXXX", "looked at it")
    [(_, fields)] = recorded(candidate)
    assert fields["actor"] == "XXXX"


@pytest.mark.parametrize(
    ("field", "command"),
    [
        ("--reason", lambda c: proposed().approve(APPROVER, c)),
        ("--reason", lambda c: proposed().reject(APPROVER, c)),
        ("--reason", lambda c: pooled().change_readiness("ready-now", False, OPERATOR, c)),
        ("--justification", lambda c: Override("pass", c)),
    ],
    ids=["approve", "reject", "change-readiness", "override"],
)
def test_an_unprintable_reason_or_justification_is_refused_naming_its_option(
    field: str, command: Callable[[str], object]
) -> None:
    """The line names the option the user typed, so the field is part of what is checked."""
    with pytest.raises(InvalidInput) as refused:
        command("board\x1b[31m decision")
    assert str(refused.value) == f"{field}: control character U+001B is not allowed"
