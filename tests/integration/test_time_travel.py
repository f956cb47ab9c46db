"""As-of answers against a timeline worked out by hand.

Events are recorded at controlled times: eventsourcing stamps each event with
`eventsourcing.domain.datetime_now_with_tzinfo()`, which the `clock` fixture replaces, and the
same clock is the application's `Services.clock`, so facts and timestamps agree.

The timeline (UTC), position VP-SALES:
  2026-01-10 09:00  position and employees E1001 (score 4.5), E1002 (3.5), E1003 (4.2) recorded
  2026-01-15 09:00  rule sets evaluation, pool, exit published
  2026-02-01 10:00  E1001 and E1002 nominated
  2026-03-01 10:00  both evaluated: pass
  2026-03-15 10:00  E1001 pooled ready-now (emergency successor); E1002 pooled ready-1-2-years
  2026-05-01 10:00  E1002's readiness changed to ready-now after a review
  2026-06-01 10:00  E1001 withdraws: exited, released from the pool
  2026-07-01 10:00  E1003 nominated
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import eventsourcing.domain
import pytest

from succession_flow.application.people import staffing
from succession_flow.application.pipeline import steps
from succession_flow.bootstrap import bootstrap
from succession_flow.domain.keys import CandidateKey
from tests.e2e.cli_helpers import run, run_json
from tests.integration.builders import company, employee_record
from tests.integration.fake_rules import ThresholdEngine, publish

E1001, E1002, E1003 = (CandidateKey(e, "VP-SALES") for e in ("E1001", "E1002", "E1003"))


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 1, 10, 9, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def at(self, text: str) -> None:
        self.now = datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fixed = Clock()
    monkeypatch.setattr(eventsourcing.domain, "datetime_now_with_tzinfo", fixed)
    return fixed


@pytest.fixture
def timeline(store_url: str, clock: Clock) -> Iterator[str]:
    s = bootstrap(store_url, engine=ThresholdEngine(), clock=clock)
    company(s, employees=0)
    for employee, strength in (("E1001", 4.5), ("E1002", 3.5), ("E1003", 4.2)):
        staffing.record_employee(s, employee_record(employee, s.today(), strength), "hr")
    clock.at("2026-01-15T09:00")
    for name in ("evaluation", "pool", "exit"):
        publish(s, name)
    clock.at("2026-02-01T10:00")
    steps.nominate(s, E1001, "ops", "strong regional results")
    steps.nominate(s, E1002, "ops", "high potential")
    clock.at("2026-03-01T10:00")
    steps.evaluate(s, E1001, "ops")
    steps.evaluate(s, E1002, "ops")
    clock.at("2026-03-15T10:00")
    steps.pool(s, E1001, "ops")
    steps.pool(s, E1002, "ops")
    clock.at("2026-05-01T10:00")
    steps.change_readiness(s, E1002, "ops", "ready-now", False, "annual review")
    clock.at("2026-06-01T10:00")
    steps.exit_candidate(s, E1001, "ops", "withdrawn")
    clock.at("2026-07-01T10:00")
    steps.nominate(s, E1003, "ops", "reserve")
    s.close()
    yield store_url


def candidates(url: str, *args: str) -> list[tuple[str, str, str]]:
    return [(r["candidate"], r["state"], r["readiness"]) for r in run_json(url, "list", *args)]


LISTS: list[tuple[str, list[tuple[str, str, str]]]] = [
    ("2026-01-31", []),
    ("2026-02-28", [("E1001@VP-SALES", "nominated", ""), ("E1002@VP-SALES", "nominated", "")]),
    ("2026-03-14", [("E1001@VP-SALES", "evaluated", ""), ("E1002@VP-SALES", "evaluated", "")]),
    (
        "2026-03-15T09:59",
        [("E1001@VP-SALES", "evaluated", ""), ("E1002@VP-SALES", "evaluated", "")],
    ),
    (
        "2026-03-15T10:00",
        [
            ("E1001@VP-SALES", "pooled", "ready-now"),
            ("E1002@VP-SALES", "pooled", "ready-1-2-years"),
        ],
    ),
    (
        "2026-05-31",
        [("E1001@VP-SALES", "pooled", "ready-now"), ("E1002@VP-SALES", "pooled", "ready-now")],
    ),
    (
        "2026-06-30",
        [("E1001@VP-SALES", "exited", "ready-now"), ("E1002@VP-SALES", "pooled", "ready-now")],
    ),
    (
        "2026-07-01",
        [
            ("E1001@VP-SALES", "exited", "ready-now"),
            ("E1002@VP-SALES", "pooled", "ready-now"),
            ("E1003@VP-SALES", "nominated", ""),
        ],
    ),
]


@pytest.mark.parametrize(("moment", "expected"), LISTS, ids=[m for m, _ in LISTS])
def test_the_candidate_list_as_of_a_moment_matches_the_timeline(
    timeline: str, moment: str, expected: list[tuple[str, str, str]]
) -> None:
    assert candidates(timeline, "--as-of", moment) == expected


POOLS: list[tuple[str, list[dict[str, Any]], dict[str, int], list[str]]] = [
    ("2026-03-01", [], {"ready-now": 0, "ready-1-2-years": 0, "ready-3-5-years": 0}, []),
    ("2026-03-31",
     [{"employee": "E1001", "readiness": "ready-now", "emergency": True},
      {"employee": "E1002", "readiness": "ready-1-2-years", "emergency": False}],
     {"ready-now": 1, "ready-1-2-years": 1, "ready-3-5-years": 0}, ["E1001"]),
    ("2026-05-31",
     [{"employee": "E1001", "readiness": "ready-now", "emergency": True},
      {"employee": "E1002", "readiness": "ready-now", "emergency": False}],
     {"ready-now": 2, "ready-1-2-years": 0, "ready-3-5-years": 0}, ["E1001"]),
    ("2026-06-30",
     [{"employee": "E1002", "readiness": "ready-now", "emergency": False}],
     {"ready-now": 1, "ready-1-2-years": 0, "ready-3-5-years": 0}, []),
]  # fmt: skip


@pytest.mark.parametrize(
    ("moment", "members", "counts", "emergency"), POOLS, ids=[p[0] for p in POOLS]
)
def test_the_pool_as_of_a_moment_matches_the_timeline(
    timeline: str,
    moment: str,
    members: list[dict[str, Any]],
    counts: dict[str, int],
    emergency: list[str],
) -> None:
    view = run_json(timeline, "position", "pool", "VP-SALES", "--as-of", moment)
    assert (view["members"], view["bench"], view["emergency_successors"]) == (
        members,
        counts,
        emergency,
    )
    shown = run_json(timeline, "position", "show", "VP-SALES", "--as-of", moment)
    assert shown["pool"] == {m["employee"]: m["readiness"] for m in members}


STATUSES = [
    ("E1002@VP-SALES", "2026-03-20", ("pooled", "ready-1-2-years", ["pass"])),
    ("E1002@VP-SALES", "2026-05-01T10:00", ("pooled", "ready-now", ["pass"])),
    ("E1001@VP-SALES", "2026-06-01T10:00", ("exited", "ready-now", ["pass"])),
    ("E1001@VP-SALES", "2026-02-15", ("nominated", "", [])),
]


@pytest.mark.parametrize(("candidate", "moment", "expected"), STATUSES)
def test_a_candidates_status_as_of_a_moment_matches_the_timeline(
    timeline: str, candidate: str, moment: str, expected: tuple[Any, ...]
) -> None:
    view = run_json(timeline, "status", candidate, "--as-of", moment)
    assert (view["state"], view["readiness"], view["evaluations"]) == expected


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["status", "E1001@VP-SALES", "--as-of", "2026-01-31"],
         "candidate E1001@VP-SALES did not exist at 2026-01-31T23:59:59+00:00"),
        (["position", "pool", "VP-SALES", "--as-of", "2026-01-01"],
         "position VP-SALES did not exist at 2026-01-01T23:59:59+00:00"),
    ],
)  # fmt: skip
def test_asking_about_a_moment_before_something_existed_is_not_found(
    timeline: str, args: list[str], message: str
) -> None:
    result = run(timeline, *args)
    assert (result.exit_code, result.stderr) == (3, f"error: {message}\n")


def test_history_between_two_moments_shows_exactly_the_events_recorded_then(timeline: str) -> None:
    events = run_json(timeline, "history", "position:VP-SALES", "--since", "2026-03-15T00:00",
                      "--until", "2026-05-31")  # fmt: skip
    assert [(e["subject"], e["event"], e["time"]) for e in events] == [
        ("E1001@VP-SALES", "Pooled", "2026-03-15T10:00:00+00:00"),
        ("pool:VP-SALES", "Opened", "2026-03-15T10:00:00+00:00"),
        ("pool:VP-SALES", "MemberAdmitted", "2026-03-15T10:00:00+00:00"),
        ("E1002@VP-SALES", "Pooled", "2026-03-15T10:00:00+00:00"),
        ("pool:VP-SALES", "MemberAdmitted", "2026-03-15T10:00:00+00:00"),
        ("E1002@VP-SALES", "ReadinessChanged", "2026-05-01T10:00:00+00:00"),
        ("pool:VP-SALES", "MemberReadinessChanged", "2026-05-01T10:00:00+00:00"),
    ]
    assert {e["actor"] for e in events} == {"ops"}


HISTORIES: list[tuple[list[str], list[tuple[str, str]]]] = [
    (["E1002@VP-SALES"], [("E1002@VP-SALES", e) for e in ("Nominated", "Evaluated", "Pooled", "ReadinessChanged")]),
    (["pool:VP-SALES"], [("pool:VP-SALES", e) for e in ("Opened", "MemberAdmitted", "MemberAdmitted",
                                                        "MemberReadinessChanged", "MemberReleased")]),
    (["ruleset:pool"], [("ruleset:pool", "Created"), ("ruleset:pool", "Published")]),
    (["--actor", "hr", "--type", "Published"], [(f"ruleset:{n}", "Published") for n in ("evaluation", "pool", "exit")]),
    (["employee:E1003", "--type", "Registered", "--type", "TalentAssessed"],
     [("employee:E1003", "Registered"), ("employee:E1003", "TalentAssessed")]),
    (["--type", "Exited"], [("E1001@VP-SALES", "Exited")]),
    (["position:VP-SALES", "--since", "2026-06-01T10:00", "--type", "Nominated", "--type", "MemberReleased"],
     [("pool:VP-SALES", "MemberReleased"), ("E1003@VP-SALES", "Nominated")]),
    (["--until", "2026-01-09"], []),
    (["--until", "2026-01-14", "--type", "Defined"], [("position:VP-SALES", "Defined")]),
]  # fmt: skip


@pytest.mark.parametrize(("args", "expected"), HISTORIES, ids=[" ".join(a) for a, _ in HISTORIES])
def test_history_filters_by_subject_actor_type_and_time(
    timeline: str, args: list[str], expected: list[tuple[str, str]]
) -> None:
    events = run_json(timeline, "history", *args)
    assert [(e["subject"], e["event"]) for e in events] == expected


@pytest.mark.parametrize(
    ("target", "code", "message"),
    [
        ("pool:NOPE", 3, "pool:NOPE not found"),
        ("E9@VP-SALES", 3, "candidate E9@VP-SALES not found"),
        (
            "shelf:X",
            2,
            "history target 'shelf:X': use E@P, position:P, pool:P, employee:E, ruleset:N,"
            " review:NAME, roles or users",
        ),
    ],
)
def test_history_of_something_unknown_is_refused_in_one_line(
    timeline: str, target: str, code: int, message: str
) -> None:
    result = run(timeline, "history", target)
    assert (result.exit_code, result.stderr) == (code, f"error: {message}\n")
