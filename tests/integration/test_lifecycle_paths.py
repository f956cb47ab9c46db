"""Every legal path through the lifecycle, on SQLite and PostgreSQL, with the published rules.

After each step the candidate is where the path says, and the position's talent pool agrees with
the candidates: exactly those pooled, in training or trained are members, at their readiness.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from succession_flow.application.hr_files import rule_publishing
from succession_flow.application.pipeline import steps
from succession_flow.application.pipeline.subject import StepResult
from succession_flow.application.queries.finding import candidates
from succession_flow.application.services import Services
from succession_flow.domain.candidate import Candidate, Override
from succession_flow.domain.keys import CandidateKey, pool_uuid
from succession_flow.domain.pool import TalentPool
from tests.e2e.rules_setup import SHIPPED
from tests.integration.builders import ACTOR, company

KEY = CandidateKey("E1001", "VP-SALES")
IN_POOL = ("pooled", "in_training", "trained")
Step = Callable[[Services], StepResult]


def overridden(outcome: str | None) -> Override | None:
    return Override(outcome, "steered by the test") if outcome else None


def nominate(s: Services) -> StepResult:
    return steps.nominate(s, KEY, ACTOR, "annual review")


def evaluate(outcome: str | None = None) -> Step:
    return lambda s: steps.evaluate(s, KEY, ACTOR, overridden(outcome))


def pool(outcome: str | None = None) -> Step:
    return lambda s: steps.pool(s, KEY, ACTOR, overridden(outcome))


def readiness(code: str) -> Step:
    return lambda s: steps.change_readiness(s, KEY, ACTOR, code, None, "quarterly review")


def train(s: Services) -> StepResult:
    return steps.train(s, KEY, ACTOR, ["C1", "C2"], date(2099, 1, 1), ["lead a region"])


def record(course: str, score: float) -> Step:
    return lambda s: steps.record_course(s, KEY, ACTOR, course, score, None)


def complete(outcome: str | None = None) -> Step:
    return lambda s: steps.complete_training(s, KEY, ACTOR, overridden(outcome))


def promote(outcome: str | None = None) -> Step:
    return lambda s: steps.promote(s, KEY, ACTOR, date(2027, 1, 1), overridden(outcome))


def exit_(s: Services) -> StepResult:
    return steps.exit_candidate(s, KEY, ACTOR, "withdrawn")


TO_NOMINATED: list[tuple[Step, str]] = [(nominate, "nominated")]
TO_EVALUATED = [*TO_NOMINATED, (evaluate(), "evaluated")]
TO_POOLED = [*TO_EVALUATED, (pool(), "pooled")]
TO_IN_TRAINING = [*TO_POOLED, (train, "in_training")]
TO_TRAINED = [
    *TO_IN_TRAINING,
    (record("C1", 85), "in_training"),
    (record("C2", 90), "in_training"),
    (complete(), "trained"),
]
EXITS = {
    f"withdrawn when {path[-1][1]}": [*path, (exit_, "exited")]
    for path in (TO_NOMINATED, TO_EVALUATED, TO_POOLED, TO_IN_TRAINING, TO_TRAINED)
}
PATHS: dict[str, list[tuple[Step, str]]] = {
    "promoted by the rules": [*TO_TRAINED, (promote(), "promoted")],
    "failed evaluation, evaluated again, passed": [
        *TO_NOMINATED,
        (evaluate("fail"), "evaluated"),
        (evaluate(), "evaluated"),
        (pool(), "pooled"),
    ],
    "not pooled stays evaluated, pooled later": [
        *TO_EVALUATED,
        (pool("not-pooled"), "evaluated"),
        (pool(), "pooled"),
    ],
    "readiness reviewed in the pool and in training": [
        *TO_POOLED,
        (readiness("ready-3-5-years"), "pooled"),
        (train, "in_training"),
        (readiness("ready-1-2-years"), "in_training"),
    ],
    "failed training exits": [
        *TO_IN_TRAINING,
        (record("C1", 40), "in_training"),
        (record("C2", 90), "in_training"),
        (complete(), "exited"),
    ],
    "retained at selection, promoted later": [
        *TO_TRAINED,
        (promote("retain"), "trained"),
        (readiness("ready-1-2-years"), "trained"),
        (readiness("ready-now"), "trained"),
        (promote(), "promoted"),
    ],
    "eliminated at selection": [*TO_TRAINED, (promote("eliminate"), "exited")],
    "failed training by an operator": [*TO_TRAINED[:-1], (complete("failed"), "exited")],
    **EXITS,
    "renominated after exit and pooled again": [
        *TO_POOLED,
        (exit_, "exited"),
        (nominate, "nominated"),
        (evaluate(), "evaluated"),
        (pool(), "pooled"),
    ],
}


def company_with_rules(services: Services) -> None:
    company(services)
    rule_publishing.publish(services, SHIPPED, ACTOR, "shipped rules")


pytestmark = pytest.mark.company(build=company_with_rules)


def pool_members(services: Services) -> dict[str, tuple[str, bool]]:
    found = services.store.find(pool_uuid("VP-SALES"), TalentPool)
    members = found.members if found else {}
    return {e: (m["readiness"], m["emergency_successor"]) for e, m in members.items()}


def members_by_candidates(services: Services) -> dict[str, tuple[str, bool]]:
    return {
        c.employee_id: (c.readiness, c.emergency_successor)
        for c in candidates(services, "VP-SALES")
        if c.state in IN_POOL
    }


@pytest.mark.parametrize("path", list(PATHS), ids=list(PATHS))
def test_each_legal_path_moves_the_candidate_and_the_pool_agrees_after_every_step(
    services: Services, path: str
) -> None:
    for number, (step, state) in enumerate(PATHS[path], 1):
        result = step(services)
        assert (number, result.state) == (number, state)
        candidate = services.store.get(KEY.uuid, Candidate, str(KEY))
        assert candidate.state == state
        members = pool_members(services)
        assert (number, KEY.employee_id in members) == (number, state in IN_POOL)
        assert members == members_by_candidates(services)


def test_every_event_of_a_path_names_its_actor_and_time_in_order(services: Services) -> None:
    for step, _ in PATHS["promoted by the rules"]:
        step(services)
    events = services.store.events_of(KEY.uuid)
    assert [type(e).__name__ for e in events] == [
        "Nominated",
        "Evaluated",
        "Pooled",
        "TrainingStarted",
        "CourseResultRecorded",
        "CourseResultRecorded",
        "TrainingCompleted",
        "Promoted",
    ]
    assert {e.actor for e in events} == {ACTOR}
    times = [e.timestamp for e in events]
    assert times == sorted(times)
    pool_events = services.store.events_of(pool_uuid("VP-SALES"))
    assert [(type(e).__name__, e.actor) for e in pool_events] == [
        ("Opened", ACTOR),
        ("MemberAdmitted", ACTOR),
        ("MemberReleased", ACTOR),
    ]
    assert pool_events[-1].outcome == "promoted"


@pytest.mark.parametrize(
    ("path", "exited_from", "reason"),
    [(name, PATHS[name][-2][1], "withdrew from the succession plan") for name in EXITS],
)
def test_an_exit_records_the_state_it_left_and_the_rules_reason(
    services: Services, path: str, exited_from: str, reason: str
) -> None:
    for step, _ in PATHS[path]:
        step(services)
    candidate = services.store.get(KEY.uuid, Candidate, str(KEY))
    assert (candidate.exited_from, candidate.exit_reason) == (exited_from, reason)


@pytest.mark.parametrize(
    ("path", "exited_from", "reason"),
    [
        ("failed training exits", "in_training", "failed training: failed a required examination"),
        ("failed training by an operator", "in_training", "failed training: steered by the test"),
        ("eliminated at selection", "trained", "eliminated: steered by the test"),
    ],
)
def test_an_exit_at_a_judgement_gives_the_reason_of_whoever_decided_it(
    services: Services, path: str, exited_from: str, reason: str
) -> None:
    for step, _ in PATHS[path]:
        step(services)
    candidate = services.store.get(KEY.uuid, Candidate, str(KEY))
    assert (candidate.exited_from, candidate.exit_reason) == (exited_from, reason)


def test_a_renominated_candidate_starts_a_new_cycle_with_a_clean_record(
    services: Services,
) -> None:
    for step, _ in PATHS["renominated after exit and pooled again"][:-2]:
        step(services)
    candidate = services.store.get(KEY.uuid, Candidate, str(KEY))
    assert (candidate.cycle, candidate.evaluations, candidate.readiness, candidate.exit_reason) == (
        2,
        [],
        "",
        "",
    )
    assert [type(e).__name__ for e in services.store.events_of(KEY.uuid)][-2:] == [
        "Exited",
        "Renominated",
    ]


def test_a_readiness_review_keeps_the_emergency_flag_unless_it_is_given(
    services: Services,
) -> None:
    for step, _ in TO_POOLED:
        step(services)
    assert pool_members(services) == {"E1001": ("ready-now", True)}
    steps.change_readiness(services, KEY, ACTOR, "ready-1-2-years", None, "review")
    assert pool_members(services) == {"E1001": ("ready-1-2-years", True)}
    steps.change_readiness(services, KEY, ACTOR, "ready-1-2-years", False, "review")
    assert pool_members(services) == {"E1001": ("ready-1-2-years", False)}
