"""Talent review sessions as use cases: who a session reviews (a position, an echelon or an org
unit, pooled candidates only), what it refuses, and that closing applies every move at once."""

from __future__ import annotations

import pytest

from succession_flow.application.hr_files import rule_publishing
from succession_flow.application.people import staffing
from succession_flow.application.pipeline import review_sessions as reviews
from succession_flow.application.pipeline import steps
from succession_flow.application.services import Services
from succession_flow.domain.candidate import Candidate, Override
from succession_flow.domain.employee import Employee
from succession_flow.domain.errors import IllegalTransition, InvalidInput, NotFound
from succession_flow.domain.keys import CandidateKey, employee_uuid, pool_uuid
from succession_flow.domain.pool import TalentPool
from tests.e2e.rules_setup import SHIPPED
from tests.integration.builders import ACTOR, company, employee_record, position_spec

SALES_1, SALES_2 = CandidateKey("E1001", "VP-SALES"), CandidateKey("E1002", "VP-SALES")
NOMINATED_ONLY = CandidateKey("E1003", "VP-SALES")
HR_1 = CandidateKey("E1004", "HEAD-HR")


def two_units(services: Services) -> None:
    """VP-SALES (key position, Sales) with two pooled and one nominated; HEAD-HR (management,
    HR) with one pooled; everyone ready in 1-2 years."""
    company(services)
    rule_publishing.publish(services, SHIPPED, ACTOR, "shipped rules")
    head_hr = position_spec("HEAD-HR", title="Head of HR", echelon="management", unit="HR")
    staffing.define_position(services, head_hr, ACTOR)
    staffing.record_employee(services, employee_record("E1004", services.today()), ACTOR)
    for key in (SALES_1, SALES_2, NOMINATED_ONLY, HR_1):
        steps.nominate(services, key, ACTOR, "set-up")
    for key in (SALES_1, SALES_2, HR_1):
        steps.evaluate(services, key, ACTOR, Override("pass", "set-up"))
        steps.pool(services, key, ACTOR, Override("ready-1-2-years", "set-up"))


pytestmark = pytest.mark.company(build=two_units)


def members(services: Services, name: str) -> list[str]:
    return [m.candidate for m in reviews.show_review(services, name).members]


@pytest.mark.parametrize(
    ("population", "reviewed"),
    [
        ({"position": "VP-SALES"}, [str(SALES_1), str(SALES_2)]),
        ({"echelon": "key-position"}, [str(SALES_1), str(SALES_2)]),
        ({"echelon": "management"}, [str(HR_1)]),
        ({"unit": "HR"}, [str(HR_1)]),
        ({"unit": "Finance"}, []),
    ],
    ids=["position", "echelon", "other-echelon", "unit", "empty-unit"],
)
def test_a_session_reviews_the_pooled_candidates_of_its_population(
    services: Services, population: dict[str, str], reviewed: list[str]
) -> None:
    reviews.open_review(services, "q4", population, "quarterly", ACTOR)
    assert members(services, "q4") == reviewed


def test_show_gives_each_members_readiness_latest_rating_and_potential(services: Services) -> None:
    reviews.open_review(services, "q4", {"unit": "HR"}, "quarterly", ACTOR)
    view = reviews.show_review(services, "q4")
    assert (view.name, view.population, view.reason, view.opened_by, view.closed) == (
        "q4",
        {"unit": "HR"},
        "quarterly",
        ACTOR,
        False,
    )
    [member] = view.members
    assert (member.employee_id, member.readiness, member.latest_rating, member.potential) == (
        "E1004",
        "ready-1-2-years",
        "exceeds",
        "high",
    )


def test_closing_applies_every_move_in_one_save_and_counts_what_changed(
    services: Services,
) -> None:
    reviews.open_review(services, "q4", {"position": "VP-SALES"}, "quarterly", ACTOR)
    reviews.propose_readiness(services, "q4", SALES_1, "ready-now", "merger", ACTOR)
    reviews.propose_readiness(services, "q4", SALES_2, "ready-1-2-years", "as is", ACTOR)
    reviews.propose_potential(services, "q4", "E1002", "moderate", "new scope", ACTOR)
    before = services.store.event_count()
    assert reviews.close_review(services, "q4", ACTOR) == 2  # SALES_2 already stood there
    assert services.store.get(SALES_1.uuid, Candidate, "c").readiness == "ready-now"
    pool = services.store.get(pool_uuid("VP-SALES"), TalentPool, "pool")
    assert pool.members["E1001"]["readiness"] == "ready-now"  # the pool agrees
    employee = services.store.get(employee_uuid("E1002"), Employee, "e")
    assert employee.potential == "moderate"
    assert services.store.event_count() > before
    assert reviews.show_review(services, "q4").closed


def test_a_closed_session_takes_no_more_moves_and_cannot_close_again(services: Services) -> None:
    reviews.open_review(services, "q4", {"position": "VP-SALES"}, "quarterly", ACTOR)
    assert reviews.close_review(services, "q4", ACTOR) == 0
    before = services.store.event_count()
    with pytest.raises(IllegalTransition, match=r"^review q4 is closed$"):
        reviews.propose_readiness(services, "q4", SALES_1, "ready-now", "late", ACTOR)
    with pytest.raises(IllegalTransition, match=r"^review q4 is closed$"):
        reviews.close_review(services, "q4", ACTOR)
    assert services.store.event_count() == before


@pytest.mark.parametrize(
    ("propose", "error", "message"),
    [
        (lambda s: reviews.propose_readiness(s, "q4", HR_1, "ready-now", "r", ACTOR), IllegalTransition, "E1004@HEAD-HR is not in review q4's population"),
        (lambda s: reviews.propose_potential(s, "q4", "E1004", "low", "r", ACTOR), IllegalTransition, "employee E1004 is not in review q4's population"),
        (lambda s: reviews.propose_potential(s, "q4", "E9999", "low", "r", ACTOR), NotFound, "employee E9999 not found"),
        (lambda s: reviews.propose_readiness(s, "nope", SALES_1, "ready-now", "r", ACTOR), NotFound, "review nope not found"),
        (lambda s: reviews.open_review(s, "q4", {"unit": "HR"}, "again", ACTOR), IllegalTransition, "review q4 already exists"),
        (lambda s: reviews.open_review(s, "q5", {"unit": "HR", "echelon": "management"}, "r", ACTOR), InvalidInput, "a review needs exactly one of --position, --echelon or --unit"),
    ],
    ids=["candidate-outside", "employee-outside", "unknown-employee", "unknown-review", "same-name", "two-populations"],
)  # fmt: skip
def test_a_refused_proposal_names_why_and_records_nothing(
    services: Services, propose: object, error: type[Exception], message: str
) -> None:
    reviews.open_review(services, "q4", {"position": "VP-SALES"}, "quarterly", ACTOR)
    before = services.store.event_count()
    with pytest.raises(error) as refused:
        propose(services)  # type: ignore[operator]
    assert str(refused.value) == message
    assert services.store.event_count() == before


def test_a_candidate_not_yet_pooled_is_refused_by_the_lifecycle(services: Services) -> None:
    reviews.open_review(services, "q4", {"position": "VP-SALES"}, "quarterly", ACTOR)
    with pytest.raises(IllegalTransition) as refused:
        reviews.propose_readiness(services, "q4", NOMINATED_ONLY, "ready-now", "r", ACTOR)
    assert "nominated" in str(refused.value)


def test_sessions_are_listed_by_name(services: Services) -> None:
    for name in ("q4", "annual", "mid-year"):
        reviews.open_review(services, name, {"unit": "HR"}, "r", ACTOR)
    assert [s.name for s in reviews.list_reviews(services)] == ["annual", "mid-year", "q4"]
