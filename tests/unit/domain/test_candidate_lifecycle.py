"""Every command from every state: legal ones move the candidate, illegal ones record nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from succession_flow.domain.candidate import Candidate, Override
from succession_flow.domain.decision import Decision
from succession_flow.domain.errors import AlreadyNominated, IllegalTransition, InvalidInput
from succession_flow.domain.lifecycle import ALLOWED_FROM, State

ACTOR = "tester"
APPROVER = "dana"
"""Never the proposer: a nomination under approval has two names on it."""


def manual(outcome: str, **attributes: object) -> Decision:
    return Decision.manual(outcome, "test", **attributes)


def nominated() -> Candidate:
    return Candidate(
        employee_id="E1", position_id="VP", echelon="key-position", actor=ACTOR, reason="r"
    )


def advance(candidate: Candidate, to: State) -> Candidate:
    """Walk the happy path (or the exit) until the candidate is in the wanted state."""
    path: list[Callable[[Candidate], object]] = [
        lambda c: c.evaluate(manual("pass"), ACTOR, {}),
        lambda c: c.pool(manual("ready-now"), ACTOR),
        lambda c: c.start_training(["C1", "C2"], "2099-01-01", [], ACTOR),
        lambda c: c.complete_training(manual("passed"), ACTOR),
        lambda c: c.promote(manual("promote"), ACTOR, "2099-02-01"),
    ]
    order = [
        State.NOMINATED,
        State.EVALUATED,
        State.POOLED,
        State.IN_TRAINING,
        State.TRAINED,
        State.PROMOTED,
    ]
    if to == State.EXITED:
        candidate.exit(manual("exit"), ACTOR)
        return candidate
    if to == State.PROPOSED:
        candidate.request_approval(ACTOR)
        return candidate
    for step in path[: order.index(to)]:
        step(candidate)
    assert candidate.state == to
    return candidate


def in_state(state: State) -> Candidate:
    candidate = advance(nominated(), state)
    candidate.collect_events()
    return candidate


COMMANDS: dict[str, Callable[[Candidate], object]] = {
    "evaluate": lambda c: c.evaluate(manual("pass"), ACTOR, {}),
    "pool": lambda c: c.pool(manual("ready-1-2-years"), ACTOR),
    "change-readiness": lambda c: c.change_readiness("ready-3-5-years", False, ACTOR, "review"),
    "train": lambda c: c.start_training(["C1"], "2099-01-01", ["lead"], ACTOR),
    "record-course": lambda c: c.record_course("C1", 80, True, ACTOR),
    "complete-training": lambda c: c.complete_training(manual("passed"), ACTOR),
    "promote": lambda c: c.promote(manual("promote"), ACTOR, "2099-01-01"),
    "exit": lambda c: c.exit(manual("exit"), ACTOR),
    "approve": lambda c: c.approve(APPROVER, "board"),
    "reject": lambda c: c.reject(APPROVER, "board"),
}
CASES = [(command, state) for command in COMMANDS for state in State]


@pytest.mark.parametrize(("command", "state"), CASES, ids=[f"{c}-from-{s}" for c, s in CASES])
def test_each_command_is_legal_exactly_from_the_states_the_lifecycle_allows(
    command: str, state: State
) -> None:
    candidate = in_state(state)
    if (command, state) == ("evaluate", State.EVALUATED):  # re-evaluation follows a failure
        candidate = nominated()
        candidate.evaluate(manual("fail"), ACTOR, {})
    before = candidate.version
    if state in ALLOWED_FROM[command]:
        COMMANDS[command](candidate)
        assert candidate.version > before
    else:
        with pytest.raises(
            IllegalTransition, match=f"E1@VP: cannot {command} a candidate who is {state}"
        ):
            COMMANDS[command](candidate)
        assert candidate.collect_events() == []
        assert candidate.state == state


def test_a_candidate_passes_through_every_stage_to_promotion() -> None:
    candidate = advance(nominated(), State.PROMOTED)
    names = [type(e).__name__ for e in candidate.collect_events()]
    assert names == [
        "Nominated",
        "Evaluated",
        "Pooled",
        "TrainingStarted",
        "TrainingCompleted",
        "Promoted",
    ]
    assert candidate.effective_date == "2099-02-01"


def test_a_failed_evaluation_can_be_repeated_and_counts_failures() -> None:
    candidate = nominated()
    candidate.evaluate(manual("fail"), ACTOR, {})
    candidate.evaluate(manual("fail"), ACTOR, {})
    assert (candidate.failed_evaluations, candidate.last_evaluation) == (2, "fail")


def test_a_passed_evaluation_cannot_be_repeated() -> None:
    candidate = in_state(State.EVALUATED)
    with pytest.raises(IllegalTransition, match="already passed evaluation"):
        candidate.evaluate(manual("pass"), ACTOR, {})


def test_pooling_is_refused_after_a_failed_evaluation() -> None:
    candidate = nominated()
    candidate.evaluate(manual("fail"), ACTOR, {})
    candidate.collect_events()
    with pytest.raises(IllegalTransition, match="last evaluation was fail"):
        candidate.pool(manual("ready-now"), ACTOR)
    assert candidate.collect_events() == []


def test_a_not_pooled_decision_is_recorded_but_leaves_the_candidate_evaluated() -> None:
    candidate = in_state(State.EVALUATED)
    assert candidate.pool(manual("not-pooled"), ACTOR) == "not-pooled"
    assert [type(e).__name__ for e in candidate.collect_events()] == ["PoolEntryDeclined"]
    assert candidate.state == State.EVALUATED


def test_pooling_records_readiness_and_the_emergency_successor_flag() -> None:
    candidate = in_state(State.EVALUATED)
    candidate.pool(manual("ready-now", emergency_successor=True), ACTOR)
    assert (candidate.readiness, candidate.emergency_successor) == ("ready-now", True)


def test_failed_training_exits_the_candidate_in_the_same_step() -> None:
    candidate = in_state(State.IN_TRAINING)
    candidate.complete_training(manual("failed"), ACTOR)
    names = [type(e).__name__ for e in candidate.collect_events()]
    assert names == ["TrainingCompleted", "Exited"]
    assert (candidate.state, candidate.exited_from) == (State.EXITED, "in_training")


def test_elimination_at_selection_exits_from_trained() -> None:
    candidate = in_state(State.TRAINED)
    assert candidate.promote(manual("eliminate"), ACTOR, "2099-01-01") == "eliminate"
    assert (candidate.state, candidate.exited_from) == (State.EXITED, "trained")


def test_a_stay_decision_on_exit_records_nothing() -> None:
    candidate = in_state(State.POOLED)
    assert candidate.exit(manual("stay"), ACTOR) == "stay"
    assert candidate.collect_events() == []


@pytest.mark.parametrize(
    ("command", "outcome"),
    [("evaluate", "maybe"), ("pool", "ready-tomorrow"), ("complete-training", "pass")],
)
def test_an_outcome_the_step_does_not_know_is_refused(command: str, outcome: str) -> None:
    state = {
        "evaluate": State.NOMINATED,
        "pool": State.EVALUATED,
        "complete-training": State.IN_TRAINING,
    }
    candidate = in_state(state[command])
    call: Callable[[Candidate], object] = {
        "evaluate": lambda c: c.evaluate(manual(outcome), ACTOR, {}),
        "pool": lambda c: c.pool(manual(outcome), ACTOR),
        "complete-training": lambda c: c.complete_training(manual(outcome), ACTOR),
    }[command]
    with pytest.raises(InvalidInput, match=f"{command} outcome: '{outcome}' is not one of"):
        call(candidate)
    assert candidate.collect_events() == []


def test_an_override_is_its_own_event_before_the_step_and_wins() -> None:
    candidate = in_state(State.NOMINATED)
    outcome = candidate.evaluate(manual("fail"), ACTOR, {}, Override("pass", "board decision 12"))
    events = candidate.collect_events()
    assert outcome == "pass"
    assert [type(e).__name__ for e in events] == ["DecisionOverridden", "Evaluated"]
    assert events[0].justification == "board decision 12"  # type: ignore[attr-defined]
    assert events[0].rule_decision["outcome"] == "fail"  # type: ignore[attr-defined]


def test_an_override_without_justification_is_refused() -> None:
    with pytest.raises(InvalidInput, match="--justification is required"):
        Override("pass", "  ")


def test_renomination_is_refused_while_active_and_after_promotion() -> None:
    with pytest.raises(AlreadyNominated, match="E1@VP: already an active candidate"):
        in_state(State.POOLED).renominate(ACTOR, "again")
    with pytest.raises(IllegalTransition, match="already promoted"):
        in_state(State.PROMOTED).renominate(ACTOR, "again")


def test_renomination_after_exit_starts_a_new_cycle() -> None:
    candidate = in_state(State.EXITED)
    candidate.renominate(ACTOR, "second chance")
    assert (candidate.state, candidate.cycle, candidate.failed_evaluations) == (
        State.NOMINATED,
        2,
        0,
    )


def test_course_results_only_for_courses_in_the_plan() -> None:
    candidate = in_state(State.IN_TRAINING)
    with pytest.raises(InvalidInput, match="course 'X9' is not in the training plan"):
        candidate.record_course("X9", 80, True, ACTOR)


def test_an_approved_proposal_is_nominated_and_a_rejected_one_exits_from_proposed() -> None:
    approved, rejected = in_state(State.PROPOSED), in_state(State.PROPOSED)
    approved.approve(APPROVER, "board")
    rejected.reject(APPROVER, "too early")
    assert approved.state == State.NOMINATED
    assert (rejected.state, rejected.exited_from, rejected.exit_reason) == (
        State.EXITED,
        "proposed",
        "nomination rejected: too early",
    )


def test_only_a_new_nomination_awaits_approval() -> None:
    candidate = in_state(State.EVALUATED)
    with pytest.raises(IllegalTransition, match="E1@VP: only a new nomination awaits approval"):
        candidate.request_approval(ACTOR)
    assert candidate.collect_events() == []


@pytest.mark.parametrize("command", ["approve", "reject"])
@pytest.mark.parametrize(
    ("actor", "why"),
    [
        ("tester", "'tester' proposed this nomination"),
        ("TESTER", "'TESTER' proposed this nomination"),
        ("E1", "'E1' is the nominee"),
        ("Ada Lovelace", "'Ada Lovelace' is the nominee"),
    ],
)
def test_neither_the_proposer_nor_the_nominee_may_decide_a_proposal(
    command: str, actor: str, why: str
) -> None:
    candidate = in_state(State.PROPOSED)
    decide = candidate.approve if command == "approve" else candidate.reject
    with pytest.raises(IllegalTransition, match=f"^E1@VP: {why} and cannot {command} it$"):
        decide(actor, "board", "Ada Lovelace")
    assert candidate.collect_events() == []
    assert candidate.state == State.PROPOSED
