"""Reporting lines and posts as use cases: a post reports to one that exists and is not below
it, its incumbent is on record, an update writes only what changed, a retired post stays
retired. Every refusal records nothing."""

from __future__ import annotations

from typing import Any

import pytest

from succession_flow.application.people import staffing
from succession_flow.application.services import Services
from succession_flow.domain.errors import IllegalTransition, InvalidInput, NotFound
from tests.integration.builders import ACTOR, company, position_spec


def three_levels(services: Services) -> None:
    """CEO <- VP-SALES <- HEAD-SALES, with E1001..E1003 on record."""
    company(services)
    staffing.define_position(services, position_spec("CEO", title="Chief Executive"), ACTOR)
    staffing.revise_position(services, "VP-SALES", {"reports_to": "CEO"}, ACTOR, "org")
    head = position_spec("HEAD-SALES", title="Head of Sales", reports_to="VP-SALES")
    staffing.define_position(services, head, ACTOR)


pytestmark = pytest.mark.company(build=three_levels)


@pytest.mark.parametrize(
    ("do", "error", "message"),
    [
        (lambda s: staffing.revise_position(s, "CEO", {"reports_to": "HEAD-SALES"}, ACTOR, "r"), InvalidInput, "reports_to: CEO -> HEAD-SALES -> VP-SALES -> CEO would be a reporting loop"),
        (lambda s: staffing.revise_position(s, "CEO", {"reports_to": "BOARD"}, ACTOR, "r"), NotFound, "position BOARD not found (reports_to of CEO)"),
        (lambda s: staffing.revise_position(s, "CEO", {"incumbent": "E9"}, ACTOR, "r"), NotFound, "employee E9 not found (incumbent of CEO)"),
        (lambda s: staffing.define_position(s, position_spec("CFO", reports_to="CTO"), ACTOR), NotFound, "position CTO not found (reports_to of CFO)"),
        (lambda s: staffing.define_position(s, position_spec("CEO"), ACTOR), IllegalTransition, "position CEO is already defined"),
        (lambda s: staffing.change_demand(s, "GONE", 2, ACTOR, "r"), NotFound, "position GONE not found"),
    ],
    ids=["loop", "missing-parent", "missing-incumbent", "define-under-missing", "defined-twice", "unknown-position"],
)  # fmt: skip
def test_a_post_that_cannot_be_is_refused_and_nothing_is_recorded(
    services: Services, do: Any, error: type[Exception], message: str
) -> None:
    before = services.store.event_count()
    with pytest.raises(error) as refused:
        do(services)
    assert str(refused.value) == message
    assert services.store.event_count() == before


def test_an_update_to_what_is_already_there_writes_nothing(services: Services) -> None:
    before = services.store.event_count()
    _, changed = staffing.revise_position(services, "VP-SALES", {"reports_to": "CEO"}, ACTOR, "r")
    assert (changed, services.store.event_count()) == ({}, before)


def test_an_incumbent_on_record_holds_the_post(services: Services) -> None:
    _, changed = staffing.revise_position(
        services, "CEO", {"incumbent": "E1001"}, ACTOR, "appointed"
    )
    assert changed == {"incumbent": "E1001"}
    assert staffing.get_position(services, "CEO").incumbent == "E1001"


def test_demand_changes_are_recorded_with_their_reason(services: Services) -> None:
    staffing.change_demand(services, "HEAD-SALES", 3, ACTOR, "expansion")
    assert staffing.get_position(services, "HEAD-SALES").vacancies == 3


def test_a_retired_post_refuses_updates_and_a_second_retirement(services: Services) -> None:
    staffing.retire_position(services, "HEAD-SALES", ACTOR, "merged")
    before = services.store.event_count()
    for do in (
        lambda: staffing.retire_position(services, "HEAD-SALES", ACTOR, "again"),
        lambda: staffing.revise_position(services, "HEAD-SALES", {"min_years": 3}, ACTOR, "r"),
    ):
        with pytest.raises(IllegalTransition, match="position HEAD-SALES is retired"):
            do()
    assert services.store.event_count() == before
