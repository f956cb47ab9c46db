"""Real concurrent writers on the same candidate, on SQLite and PostgreSQL.

Each writer is a thread with its own store connection; a barrier holds every writer at its
first save until all have loaded, so they always race. The loser's save fails on the version
check, it reloads, and the domain decides again against the winner's state: either the step
still applies (both changes land, in order) or it is refused by name. No event is lost or doubled.
The rules are the real published ones; durable_rules is not thread-safe, so decisions are taken
one at a time (the race is in the saves, which is what this proves).
"""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest

from succession_flow.adapters.durable_engine import DurableRulesEngine
from succession_flow.application.hr_files import rule_publishing
from succession_flow.application.pipeline import steps
from succession_flow.application.services import Services
from succession_flow.bootstrap import bootstrap
from succession_flow.cli.errors import exit_code_for
from succession_flow.domain.candidate import Candidate, Override
from succession_flow.domain.decision import Decision
from succession_flow.domain.errors import AlreadyNominated, Conflict, IllegalTransition
from succession_flow.domain.keys import CandidateKey, pool_uuid
from succession_flow.domain.pool import TalentPool
from tests.e2e.rules_setup import SHIPPED
from tests.harness.company import OpenCompany
from tests.integration.builders import ACTOR, company

KEY = CandidateKey("E1001", "VP-SALES")
OTHER = CandidateKey("E1002", "VP-SALES")
Writer = Callable[[Services], Any]


class OneDecisionAtATime:
    """The real engine behind a lock."""

    def __init__(self) -> None:
        self.engine = DurableRulesEngine()
        self.lock = threading.Lock()

    def decide(self, source: str, facts: dict[str, Any]) -> Decision:
        with self.lock:
            return self.engine.decide(source, facts)


@dataclass
class Race:
    results: list[Any]
    saves: list[int] = field(default_factory=list)

    def refused(self) -> list[Exception]:
        return [r for r in self.results if isinstance(r, Exception)]


def race(store_url: str, engine: OneDecisionAtATime, *writers: Writer) -> Race:
    barrier = threading.Barrier(len(writers), timeout=60)
    outcome = Race(results=[None] * len(writers))

    def work(number: int, writer: Writer) -> None:
        try:
            services = bootstrap(store_url, engine=engine)  # writers open the store at once too
        except Exception as error:
            outcome.results[number] = error
            barrier.abort()
            return
        save, waiting = services.store.save, [True]

        def save_when_all_have_loaded(*aggregates: Any) -> None:
            if waiting:
                waiting.clear()
                barrier.wait()
            outcome.saves.append(number)
            save(*aggregates)

        services.store.save = save_when_all_have_loaded  # type: ignore[method-assign]
        try:
            outcome.results[number] = writer(services)
        except Exception as error:
            outcome.results[number] = error
        finally:
            services.close()

    threads = [threading.Thread(target=work, args=(n, w)) for n, w in enumerate(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return outcome


@pytest.fixture
def engine() -> OneDecisionAtATime:
    return OneDecisionAtATime()


def company_with_rules(services: Services) -> None:
    company(services)
    rule_publishing.publish(services, SHIPPED, ACTOR, "shipped rules")


@pytest.fixture
def services(open_company: OpenCompany, engine: OneDecisionAtATime) -> Services:
    """The company behind the one engine the racing writers share."""
    return open_company(company_with_rules, engine=engine)


def event_names(services: Services, key: CandidateKey = KEY) -> list[str]:
    return [type(e).__name__ for e in services.store.events_of(key.uuid)]


def to_training(services: Services, key: CandidateKey = KEY) -> None:
    steps.nominate(services, key, ACTOR, "review")
    steps.evaluate(services, key, ACTOR)
    steps.pool(services, key, ACTOR)
    steps.train(services, key, ACTOR, ["C1", "C2"], date(2099, 1, 1), [])


def test_two_writers_evaluating_the_same_candidate_record_exactly_one_evaluation(
    services: Services, store_url: str, engine: OneDecisionAtATime
) -> None:
    steps.nominate(services, KEY, ACTOR, "review")
    before = services.store.event_count()
    evaluate: Writer = lambda s: steps.evaluate(s, KEY, ACTOR)  # noqa: E731
    outcome = race(store_url, engine, evaluate, evaluate)
    [refusal] = outcome.refused()
    assert isinstance(refusal, IllegalTransition)
    assert str(refusal) == "E1001@VP-SALES: already passed evaluation; pool or exit next"
    assert [r.outcome for r in outcome.results if r is not refusal] == ["pass"]
    assert sorted(outcome.saves) == [0, 1]  # both saved once: the loser was refused on reload
    assert event_names(services) == ["Nominated", "Evaluated"]
    assert services.store.event_count() == before + 1


def test_a_course_result_and_a_readiness_change_at_once_both_land_once(
    services: Services, store_url: str, engine: OneDecisionAtATime
) -> None:
    to_training(services)
    before = services.store.event_count()
    outcome = race(
        store_url,
        engine,
        lambda s: steps.record_course(s, KEY, ACTOR, "C1", 88, None),
        lambda s: steps.change_readiness(s, KEY, "reviewer", "ready-3-5-years", False, "review"),
    )
    assert outcome.refused() == []
    assert len(outcome.saves) == 3  # the loser reloaded and saved again
    assert sorted(event_names(services)[-2:]) == ["CourseResultRecorded", "ReadinessChanged"]
    candidate = services.store.get(KEY.uuid, Candidate, str(KEY))
    assert (candidate.course_results, candidate.readiness, candidate.emergency_successor) == (
        {"C1": {"score": 88, "passed": True}},
        "ready-3-5-years",
        False,
    )
    pool = services.store.get(pool_uuid("VP-SALES"), TalentPool, "pool")
    assert pool.members == {"E1001": {"readiness": "ready-3-5-years", "emergency_successor": False}}
    assert services.store.event_count() == before + 3  # course, readiness, and the pool's change


def test_two_writers_nominating_the_same_employee_give_one_candidate_and_one_refusal(
    services: Services, store_url: str, engine: OneDecisionAtATime
) -> None:
    before = services.store.event_count()
    outcome = race(
        store_url,
        engine,
        lambda s: steps.nominate(s, KEY, "hr-one", "first"),
        lambda s: steps.nominate(s, KEY, "hr-two", "second"),
    )
    [refusal] = outcome.refused()
    assert isinstance(refusal, AlreadyNominated)
    assert str(refusal) == "E1001@VP-SALES: already an active candidate (nominated)"
    assert event_names(services) == ["Nominated"]
    assert services.store.event_count() == before + 1


def test_two_writers_exiting_the_same_candidate_exit_it_and_release_it_once(
    services: Services, store_url: str, engine: OneDecisionAtATime
) -> None:
    to_training(services)
    before = services.store.event_count()
    exit_: Writer = lambda s: steps.exit_candidate(s, KEY, ACTOR, "withdrawn")  # noqa: E731
    outcome = race(store_url, engine, exit_, exit_)
    [refusal] = outcome.refused()
    assert str(refusal) == "E1001@VP-SALES: cannot exit a candidate who is exited"
    assert event_names(services)[-1] == "Exited"
    assert event_names(services).count("Exited") == 1
    pool_events = [type(e).__name__ for e in services.store.events_of(pool_uuid("VP-SALES"))]
    assert pool_events.count("MemberReleased") == 1
    assert services.store.event_count() == before + 2


def test_two_candidates_pooled_at_once_both_enter_the_one_pool(
    services: Services, store_url: str, engine: OneDecisionAtATime
) -> None:
    for key in (KEY, OTHER):
        steps.nominate(services, key, ACTOR, "review")
        steps.evaluate(services, key, ACTOR)
    outcome = race(
        store_url,
        engine,
        lambda s: steps.pool(s, KEY, ACTOR, Override("ready-now", "board")),
        lambda s: steps.pool(s, OTHER, ACTOR, Override("ready-1-2-years", "board")),
    )
    assert outcome.refused() == []
    assert len(outcome.saves) == 3  # both opened the pool; the loser reloaded and joined it
    pool = services.store.get(pool_uuid("VP-SALES"), TalentPool, "pool")
    assert {e: m["readiness"] for e, m in pool.members.items()} == {
        "E1001": "ready-now",
        "E1002": "ready-1-2-years",
    }
    pool_events = [type(e).__name__ for e in services.store.events_of(pool_uuid("VP-SALES"))]
    assert pool_events == ["Opened", "MemberAdmitted", "MemberAdmitted"]
    # the loser's candidate was saved with its pool, so it was rolled back and saved once more
    assert [event_names(services, k).count("Pooled") for k in (KEY, OTHER)] == [1, 1]
    assert [event_names(services, k)[-1] for k in (KEY, OTHER)] == ["Pooled", "Pooled"]


CLI = "from succession_flow.cli.main import main; main()"


def test_two_cli_processes_evaluating_the_same_candidate_give_one_pass_and_one_exit_4(
    services: Services, store_url: str
) -> None:
    steps.nominate(services, KEY, ACTOR, "review")
    command = [sys.executable, "-c", CLI, "--store", store_url, "evaluate", str(KEY)]
    processes = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    finished = sorted((p.wait(timeout=120), *p.communicate(timeout=120)) for p in processes)
    assert [(code, err) for code, _, err in finished] == [
        (0, ""),
        (4, "error: E1001@VP-SALES: already passed evaluation; pool or exit next\n"),
    ]
    assert finished[0][1].startswith("E1001@VP-SALES: evaluate -> pass (now evaluated)\n")
    assert event_names(services) == ["Nominated", "Evaluated"]


def test_a_writer_that_loses_every_race_gives_up_with_exit_5_naming_the_candidate(
    services: Services, store_url: str, engine: OneDecisionAtATime
) -> None:
    to_training(services)
    rival = bootstrap(store_url, engine=engine)
    save, scores = services.store.save, iter(range(60, 100))

    def rival_writes_first(*aggregates: Any) -> None:
        steps.record_course(rival, KEY, "rival", "C1", next(scores), None)
        save(*aggregates)

    services.store.save = rival_writes_first  # type: ignore[method-assign]
    before = services.store.event_count()
    with pytest.raises(Conflict) as refused:
        steps.change_readiness(services, KEY, ACTOR, "ready-3-5-years", None, "review")
    rival.close()
    assert str(refused.value) == "E1001@VP-SALES: changed by another writer 5 times; try again"
    assert exit_code_for(refused.value) == 5
    assert event_names(services)[-6:] == ["TrainingStarted"] + ["CourseResultRecorded"] * 5
    assert services.store.event_count() == before + 5
