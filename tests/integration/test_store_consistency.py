"""On SQLite and PostgreSQL alike: refused commands write nothing, races lose no event."""

from __future__ import annotations

from typing import Any

import pytest

from succession_flow.application.people import staffing
from succession_flow.application.pipeline import steps
from succession_flow.application.services import Services
from succession_flow.bootstrap import bootstrap
from succession_flow.domain.candidate import Candidate
from succession_flow.domain.decision import Decision
from succession_flow.domain.errors import (
    AlreadyNominated,
    IllegalTransition,
    InvalidInput,
    NotFound,
)
from succession_flow.domain.keys import CandidateKey
from tests.integration.builders import ACTOR, company, employee_record, position_spec

KEY = CandidateKey("E1001", "VP-SALES")


class NoRules:
    """These tests exercise only rule-free steps; a decision request is a test bug."""

    def decide(self, source: str, facts: dict[str, Any]) -> Decision:
        raise AssertionError("no decision expected")


pytestmark = pytest.mark.company(build=company, engine=NoRules())


def test_nominating_records_one_event_and_the_candidate_reloads(services: Services) -> None:
    before = services.store.event_count()
    steps.nominate(services, KEY, ACTOR, "strong results")
    candidate = services.store.get(KEY.uuid, Candidate, "c")
    assert (candidate.state, candidate.nominated_by, candidate.nomination_reason) == (
        "nominated",
        ACTOR,
        "strong results",
    )
    assert services.store.event_count() == before + 1


@pytest.mark.parametrize(
    ("key", "error", "message"),
    [
        (CandidateKey("E1001", "NOPE"), NotFound, "position NOPE not found"),
        (CandidateKey("E9999", "VP-SALES"), NotFound, "employee E9999 not found"),
    ],
)
def test_nominating_unknown_people_or_posts_writes_nothing(
    services: Services, key: CandidateKey, error: type[Exception], message: str
) -> None:
    before = services.store.event_count()
    with pytest.raises(error, match=message):
        steps.nominate(services, key, ACTOR, "r")
    assert services.store.event_count() == before


def test_a_second_nomination_while_active_is_refused_and_writes_nothing(services: Services) -> None:
    steps.nominate(services, KEY, ACTOR, "first")
    before = services.store.event_count()
    with pytest.raises(AlreadyNominated, match="E1001@VP-SALES: already an active candidate"):
        steps.nominate(services, KEY, ACTOR, "second")
    assert services.store.event_count() == before


def test_an_illegal_step_writes_nothing(services: Services) -> None:
    steps.nominate(services, KEY, ACTOR, "first")
    before = services.store.event_count()
    with pytest.raises(IllegalTransition, match="cannot train a candidate who is nominated"):
        steps.train(services, KEY, ACTOR, ["C1"], services.today().replace(year=2099), [])
    assert services.store.event_count() == before


def test_defining_a_position_twice_is_refused(services: Services) -> None:
    before = services.store.event_count()
    with pytest.raises(IllegalTransition, match="position VP-SALES is already defined"):
        staffing.define_position(services, position_spec(), ACTOR)
    assert services.store.event_count() == before


def test_an_invalid_hr_record_writes_nothing(services: Services) -> None:
    before = services.store.event_count()
    with pytest.raises(InvalidInput, match="rating 2020: 'great' is not one of"):
        staffing.record_employee(
            services, employee_record("E2001", ratings={"2020": "great"}), ACTOR
        )
    assert services.store.event_count() == before


def test_recording_the_same_hr_record_twice_records_nothing_new(services: Services) -> None:
    record = employee_record("E1001", services.today())
    _, pending = staffing.record_employee(services, record, ACTOR)
    assert pending == 0


def test_two_writers_nominating_at_once_give_one_nomination_and_one_clear_refusal(
    services: Services, store_url: str
) -> None:
    rival = bootstrap(store_url, engine=NoRules())
    original_save = services.store.save
    raced: list[object] = []

    def save_after_rival(*aggregates: Any) -> None:
        if not raced:  # the rival commits between our load and our save, exactly once
            raced.append(steps.nominate(rival, KEY, "rival", "rival's reason"))
        original_save(*aggregates)

    services.store.save = save_after_rival  # type: ignore[method-assign]
    before = services.store.event_count()
    with pytest.raises(AlreadyNominated):
        steps.nominate(services, KEY, ACTOR, "ours")
    rival.close()
    events = services.store.events_of(KEY.uuid)
    assert [type(e).__name__ for e in events] == ["Nominated"]
    assert events[0].actor == "rival"
    assert services.store.event_count() == before + 1


def test_a_writer_that_loses_a_race_reloads_and_both_changes_land_in_order(
    services: Services, store_url: str
) -> None:
    rival = bootstrap(store_url, engine=NoRules())
    original_save = services.store.save
    raced: list[object] = []

    def save_after_rival(*aggregates: Any) -> None:
        if not raced:  # the rival changes the same position between our load and our save
            raced.append(staffing.change_demand(rival, "VP-SALES", 2, "rival", "growth"))
        original_save(*aggregates)

    services.store.save = save_after_rival  # type: ignore[method-assign]
    staffing.change_demand(services, "VP-SALES", 3, ACTOR, "more growth")
    rival.close()
    position = staffing.get_position(services, "VP-SALES")
    events = services.store.events_of(position.id)
    assert [(type(e).__name__, getattr(e, "vacancies", None)) for e in events] == [
        ("Defined", 1),
        ("DemandChanged", 2),
        ("DemandChanged", 3),
    ]
    assert [getattr(e, "actor", None) for e in events[1:]] == ["rival", ACTOR]
