"""`select` at one post, on SQLite and PostgreSQL, with the shipped promotion rules.

Rank is taken among the candidates still eligible for the post, the same for `promote E@P`
and `select`; a retained candidate is decided again when a fact it was retained on changed;
the selection names who got which outcome; and a dry run reports what the real run does.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from succession_flow.application.batch.runner import dry_running
from succession_flow.application.batch.selecting import Selection, select
from succession_flow.application.people import staffing
from succession_flow.application.pipeline import steps
from succession_flow.application.pipeline.replenishing import replenishment
from succession_flow.application.services import Services
from succession_flow.bootstrap import bootstrap
from succession_flow.domain.keys import CandidateKey
from tests.harness.backends import NewStore
from tests.integration.builders import ACTOR
from tests.integration.selection_company import POST, decisions, post, state, trained

pytestmark = pytest.mark.company(build=post)


@pytest.fixture
def twin(backend: str, new_store: NewStore) -> Iterator[Services]:
    """A second, separate store of the same kind, for the same company decided another way."""
    opened = bootstrap(new_store(backend, "twin"))
    post(opened)
    yield opened
    opened.close()


def names(selection: Selection) -> dict[str, list[str]]:
    return {k: v for k, v in selection.names.items() if v}


def test_a_retained_candidate_is_decided_again_after_the_demand_changed_and_back(
    services: Services,
) -> None:
    best = trained(services, "E1001", "ready-now", strength=4.6)
    second = trained(services, "E1002", "ready-now")
    assert steps.promote(services, second, ACTOR).outcome == "retain"  # rank 2, one vacancy
    assert steps.promote(services, best, ACTOR).outcome == "promote"
    staffing.change_demand(services, POST, 1, ACTOR, "a second post opens")

    selection = select(services, POST, ACTOR)

    assert names(selection) == {"promote": ["E1002"]}
    assert state(services, "E1002") == "promoted"
    (_, retained), (event, facts) = decisions(services, "E1002")
    assert (retained["rank"], retained["vacancies"], retained["demand_changes"]) == (2, 1, 0)
    assert event == "Promoted"
    assert (facts["rank"], facts["vacancies"], facts["demand_changes"]) == (1, 1, 2)
    assert facts["reconsidered"] == ["demand_changes", "eligible_candidates", "rank"]


def test_a_candidate_who_is_not_ready_takes_no_rank_ahead_of_one_who_is(
    services: Services,
) -> None:
    trained(services, "E1001", "ready-3-5-years", strength=4.6)
    trained(services, "E1002", "ready-now")

    selection = select(services, POST, ACTOR)

    assert names(selection) == {"promote": ["E1002"], "retain": ["E1001"]}
    [(_, promoted)] = decisions(services, "E1002")
    assert (promoted["rank"], promoted["eligible_candidates"]) == (1, ["E1002"])
    [(_, retained)] = decisions(services, "E1001")
    assert (retained["rank"], retained["eligible_candidates"], retained["vacancies"]) == (
        1,
        [],
        0,
    )


def test_selecting_again_with_nothing_changed_names_the_retained_and_records_nothing(
    services: Services,
) -> None:
    trained(services, "E1001", "ready-3-5-years", strength=4.6)
    trained(services, "E1002", "ready-now")
    trained(services, "E1003", "ready-now", strength=4.0, exams=(85, 85))
    first = select(services, POST, ACTOR)
    before = services.store.event_count()

    again = select(services, POST, ACTOR)

    assert names(first) == {"promote": ["E1002"], "retain": ["E1003", "E1001"]}
    assert names(again) == {"unchanged": ["E1003", "E1001"]}
    assert (again.report.considered, again.report.applied) == (0, 0)
    assert services.store.event_count() == before


def test_a_retained_candidate_whose_readiness_changed_is_decided_again(
    services: Services,
) -> None:
    slow = trained(services, "E1001", "ready-3-5-years", strength=4.6)
    select(services, POST, ACTOR)
    steps.change_readiness(services, slow, ACTOR, "ready-now", None, "quarterly review")

    selection = select(services, POST, ACTOR)

    assert names(selection) == {"promote": ["E1001"]}
    facts = decisions(services, "E1001")[-1][1]
    assert facts["reconsidered"] == ["eligible_candidates", "readiness"]


def test_promote_and_select_give_the_same_rank_when_the_one_ahead_is_eliminated(
    services: Services, twin: Services
) -> None:
    for company in (services, twin):
        trained(company, "E1001", "ready-now", 5.0, (100, 100), latest="partially-meets")
        trained(company, "E1002", "ready-now", strength=4.0, exams=(85, 85))

    single = steps.promote(twin, CandidateKey("E1002", POST), ACTOR, date(2027, 1, 1))
    selection = select(services, POST, ACTOR)

    assert single.outcome == "promote"
    assert names(selection) == {"promote": ["E1002"], "eliminate": ["E1001"]}
    assert decisions(twin, "E1002") == decisions(services, "E1002")
    assert decisions(services, "E1002")[0][1]["rank"] == 1


def test_a_dry_run_names_and_counts_what_the_real_run_does_and_reports_the_same_need(
    services: Services,
) -> None:
    trained(services, "E1001", "ready-now", 5.0, (100, 100), latest="partially-meets")
    trained(services, "E1002", "ready-now", strength=4.6)
    trained(services, "E1003", "ready-now")
    before = services.store.event_count()

    with dry_running(services, True):  # the need as the selection would leave it, unsaved
        dry = select(services, POST, ACTOR, dry_run=True)
        dry_need = replenishment(services, POST)
    assert services.store.event_count() == before
    real = select(services, POST, ACTOR)
    real_need = replenishment(services, POST)

    assert (
        names(dry)
        == names(real)
        == {
            "promote": ["E1002"],
            "retain": ["E1003"],
            "eliminate": ["E1001"],
        }
    )
    assert dry.report.outcomes == real.report.outcomes
    assert vars(dry_need) == vars(real_need) == vars(replenishment(services, POST))
    assert (real_need.target, real_need.remaining, real_need.need) == (3, 1, 2)
