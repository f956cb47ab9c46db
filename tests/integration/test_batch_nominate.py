"""`run nominate`: the workflow's criteria pick who is put forward, once, best first."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from succession_flow.application.batch.runner import Scope
from succession_flow.application.batch.steps import run_step_batch
from succession_flow.application.queries.finding import candidates
from succession_flow.application.queries.overdue import overdue
from succession_flow.application.services import Services
from succession_flow.bootstrap import bootstrap
from succession_flow.domain.decision import Decision
from succession_flow.domain.errors import NotFound
from tests.integration import pipeline_company
from tests.integration.builders import ACTOR


class NoRules:
    def decide(self, source: str, facts: dict[str, Any]) -> Decision:
        raise AssertionError("no decision expected")


def opened(store_url: str, days_ahead: int = 0) -> Services:
    return bootstrap(
        store_url,
        engine=NoRules(),
        clock=lambda: datetime.now(UTC) + timedelta(days=days_ahead),
    )


pytestmark = pytest.mark.company(build=pipeline_company.build, engine=NoRules())


def nominated(services: Services) -> list[tuple[str, str]]:
    return [(str(c.key), c.echelon) for c in candidates(services)]


def test_the_key_position_takes_its_best_four_and_the_reserve_the_rest(
    services: Services,
) -> None:
    report = run_step_batch(services, "nominate", Scope(), ACTOR)
    assert (report.considered, report.applied, dict(report.outcomes)) == (8, 8, {"nominated": 8})
    assert nominated(services) == [
        ("E1@VP-SALES", "key-position"),
        ("E2@VP-SALES", "key-position"),
        ("E3@VP-SALES", "key-position"),
        ("E4@VP-SALES", "key-position"),
        ("E8@RESERVE-MGMT", "reserve"),
        ("E6@RESERVE-MGMT", "reserve"),
        ("E7@RESERVE-MGMT", "reserve"),
        ("E5@RESERVE-MGMT", "reserve"),  # best latest rating first, then competency
    ]
    first = next(candidates(services))
    assert first.nomination_reason == (
        "meets the post's requirements and the key-positions nomination criteria "
        "(latest rating at least exceeds, potential high)"
    )


def test_a_rerun_nominates_nobody_and_writes_nothing(services: Services) -> None:
    run_step_batch(services, "nominate", Scope(), ACTOR, chunk_size=3)
    before = services.store.event_count()
    again = run_step_batch(services, "nominate", Scope(), ACTOR)
    assert (again.considered, again.applied, again.events) == (0, 0, 0)
    assert services.store.event_count() == before


def test_a_dry_run_reports_what_it_would_do_and_writes_nothing(services: Services) -> None:
    before = services.store.event_count()
    report = run_step_batch(services, "nominate", Scope(), ACTOR, dry_run=True)
    assert (report.applied, dict(report.outcomes)) == (8, {"nominated": 8})
    assert services.store.event_count() == before
    assert nominated(services) == []


@pytest.mark.parametrize(
    ("scope", "expected"),
    [
        (Scope(position_id="VP-SALES"), 4),
        (Scope(echelon="reserve"), 5),
        (Scope(echelon="management"), 0),
    ],
)
def test_a_batch_covers_only_its_scope(services: Services, scope: Scope, expected: int) -> None:
    report = run_step_batch(services, "nominate", scope, ACTOR)
    assert report.applied == expected
    assert all(scope.covers(c) for c in candidates(services))


def test_nominating_without_a_published_workflow_says_which_echelon(store_url: str) -> None:
    services = opened(store_url)
    try:
        from succession_flow.application.people import staffing
        from tests.integration.builders import position_spec

        staffing.define_position(services, position_spec(), ACTOR)
        with pytest.raises(NotFound) as caught:
            run_step_batch(services, "nominate", Scope(), ACTOR)
        assert str(caught.value) == (
            "no workflow published for echelon key-position; run `succession-flow workflows publish`"
        )
    finally:
        services.close()


@pytest.mark.parametrize(
    ("days_ahead", "late"),
    [
        (30, []),
        (31, [("E1@VP-SALES", 1), ("E2@VP-SALES", 1), ("E3@VP-SALES", 1), ("E4@VP-SALES", 1)]),
        (
            46,
            [
                ("E1@VP-SALES", 16),
                ("E2@VP-SALES", 16),
                ("E3@VP-SALES", 16),
                ("E4@VP-SALES", 16),
                ("E5@RESERVE-MGMT", 1),
                ("E6@RESERVE-MGMT", 1),
                ("E7@RESERVE-MGMT", 1),
                ("E8@RESERVE-MGMT", 1),
            ],
        ),
    ],
)
def test_a_nominee_is_overdue_after_the_workflow_s_due_days_for_the_echelon(
    services: Services, store_url: str, days_ahead: int, late: list[tuple[str, int]]
) -> None:
    run_step_batch(services, "nominate", Scope(), ACTOR)
    later = opened(store_url, days_ahead)
    try:
        found = overdue(later, Scope())
        assert [(o.candidate, o.days_overdue) for o in found] == late
        assert {o.stage for o in found} <= {"nominated"}
    finally:
        later.close()
