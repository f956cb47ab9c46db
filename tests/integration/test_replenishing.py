"""Replenishing pools: a key position's pool draws on the talent reserve (reserve candidates
pooled or further), a reserve track draws on the workforce not yet in a plan, and nominating
the proposals is one nomination event each, after which no one is proposed twice."""

from __future__ import annotations

import pytest

from succession_flow.application.hr_files.workflows import publish_workflows
from succession_flow.application.people import staffing
from succession_flow.application.pipeline.replenishing import replenish, replenishment
from succession_flow.application.services import Services
from succession_flow.data import SHIPPED_WORKFLOWS
from tests.integration.builders import ACTOR, company, position_spec
from tests.integration.world import walk

RESERVE = "RESERVE-SALES"


def reserve_company(services: Services) -> None:
    """The shipped workflows, VP-SALES and a reserve track; E1001 is a VP-SALES candidate (so in a plan), E1002 is
    pooled in the reserve, E1003 and E1004 are in no plan yet."""
    publish_workflows(services, SHIPPED_WORKFLOWS, None, ACTOR, "the shipped workflows")
    company(services, employees=4)
    reserve = position_spec(
        RESERVE, title="Sales talent reserve", echelon="reserve", target_bench=3
    )
    staffing.define_position(services, reserve, ACTOR)
    walk(services, "E1001@VP-SALES", [])
    walk(services, f"E1002@{RESERVE}", ["evaluate:pass", "pool:ready-1-2-years"])


pytestmark = pytest.mark.company(build=reserve_company)


def test_a_key_position_is_replenished_from_the_pooled_reserve(services: Services) -> None:
    found = replenishment(services, "VP-SALES")
    assert (found.target, found.remaining, found.need) == (3, 0, 3)
    assert (found.source, found.proposals) == ("the talent reserve", ["E1002"])


def test_a_reserve_track_is_replenished_from_those_in_no_plan_and_nominates_them_once(
    services: Services,
) -> None:
    before = services.store.event_count()
    done = replenish(services, RESERVE, ACTOR, nominate_them=True)
    assert (done.source, done.remaining, done.need) == ("the workforce not yet in a plan", 1, 2)
    assert done.proposals == done.nominated == ["E1003", "E1004"]
    assert services.store.event_count() == before + 2
    again = replenishment(services, RESERVE)
    assert (again.need, again.proposals) == (2, [])


def test_without_nominate_them_the_need_is_only_reported(services: Services) -> None:
    before = services.store.event_count()
    found = replenish(services, RESERVE, ACTOR)
    assert (found.proposals, found.nominated) == (["E1003", "E1004"], [])
    assert services.store.event_count() == before
