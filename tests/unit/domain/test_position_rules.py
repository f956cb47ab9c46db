"""A position refuses a description it cannot mean, before any event: weights, organisation,
revisions of what cannot change, a retired post; and records only what really changed."""

from __future__ import annotations

from typing import Any

import pytest

from succession_flow.domain.errors import IllegalTransition, InvalidInput
from succession_flow.domain.position import DEFAULT_WEIGHTS, Position, parse_weights
from tests.integration.builders import position_spec


def defined(**changes: Any) -> Position:
    return Position.define(position_spec(**changes), "hr")


def refusal(**changes: Any) -> str:
    with pytest.raises(InvalidInput) as refused:
        defined(**changes)
    return str(refused.value)


def test_weights_are_read_from_name_value_pairs_or_default() -> None:
    assert parse_weights(None) == DEFAULT_WEIGHTS
    assert parse_weights("core_competence=0.5, professional_quality=0.5") == {
        "core_competence": 0.5,
        "professional_quality": 0.5,
    }


@pytest.mark.parametrize("text", ["core_competence", "core_competence=high"])
def test_weights_that_are_not_name_number_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_weights(text)
    assert str(refused.value) == f"--weights: {text!r} is not NAME=NUMBER"


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ({"professional_quality": 0.3, "core_competence": 0.3, "psychological_quality": 0.2, "knowledge_quality": 0.3}, "competency_weights: sum to 1.100, not 1"),
        ({"professional_quality": 0.4, "core_competence": 0.3, "psychological_quality": 0.1, "knowledge_quality": 0.2}, "competency_weights: core_competence must weigh the most"),
    ],
    ids=["sum", "core-not-highest"],
)  # fmt: skip
def test_weights_must_sum_to_one_with_core_competence_highest(
    weights: dict[str, float], message: str
) -> None:
    assert refusal(competency_weights=weights) == message


@pytest.mark.parametrize(
    ("organisation", "message"),
    [
        ({"reports_to": "VP-SALES"}, "position VP-SALES cannot report to itself"),
        ({"planned_departure": "2030-01-01"}, "planned_departure: the position has no incumbent to leave"),
        ({"incumbent": "E1", "departure_reason": "retirement"}, "departure_reason: give the planned departure date too"),
    ],
    ids=["self", "departure-without-incumbent", "reason-without-date"],
)  # fmt: skip
def test_an_organisation_that_cannot_be_is_refused(
    organisation: dict[str, str], message: str
) -> None:
    assert refusal(**organisation) == message


def test_an_incumbent_leaving_for_a_reason_on_a_date_is_accepted() -> None:
    post = defined(incumbent="E1", planned_departure="2030-01-01", departure_reason="retirement")
    assert (post.incumbent, post.planned_departure, post.departure_reason) == (
        "E1",
        "2030-01-01",
        "retirement",
    )


def test_a_revision_records_only_what_changed() -> None:
    post = defined()
    before = len(post.pending_events)
    assert post.revise({"title": post.title, "min_years": 10}, "hr", "board") == {"min_years": 10}
    assert len(post.pending_events) == before + 1
    assert post.revise({"min_years": 10}, "hr", "again") == {}
    assert len(post.pending_events) == before + 1  # nothing changed, nothing recorded


@pytest.mark.parametrize(
    ("changes", "reason", "message"),
    [
        ({"echelon": "management", "position_id": "X"}, "r", "position VP-SALES: echelon, position_id cannot change (retire the position and define a new one)"),
        ({"min_years": 10}, "  ", "--reason: say why the position changes"),
        ({"min_years": 99}, "r", None),
    ],
    ids=["fixed-fields", "no-reason", "out-of-range"],
)  # fmt: skip
def test_a_revision_it_cannot_take_is_refused_before_any_event(
    changes: dict[str, Any], reason: str, message: str | None
) -> None:
    post = defined()
    before = len(post.pending_events)
    with pytest.raises(InvalidInput) as refused:
        post.revise(changes, "hr", reason)
    if message is not None:
        assert str(refused.value) == message
    else:
        assert str(refused.value).startswith("min_years")
    assert len(post.pending_events) == before


def test_a_retired_position_takes_no_revision_and_cannot_retire_twice() -> None:
    post = defined()
    post.retire("hr", "merged into sales")
    assert post.retired
    for change in (
        lambda: post.revise({"min_years": 1}, "hr", "r"),
        lambda: post.retire("hr", "r"),
    ):
        with pytest.raises(IllegalTransition, match="position VP-SALES is retired"):
            change()


def test_demand_changes_only_when_the_number_does() -> None:
    post = defined(vacancies=1)
    before = len(post.pending_events)
    post.change_demand(1, "hr", "same")
    assert len(post.pending_events) == before
    post.change_demand(3, "hr", "growth")
    assert (post.vacancies, len(post.pending_events)) == (3, before + 1)
    with pytest.raises(InvalidInput, match="say why the demand changes"):
        post.change_demand(2, "hr", "")


def test_filling_a_vacancy_never_goes_below_zero_and_makes_the_promoted_the_incumbent() -> None:
    post = defined(
        vacancies=0, incumbent="E9", planned_departure="2030-01-01", departure_reason="retirement"
    )
    post.fill_vacancy("E1", "hr", "promoted")
    assert (post.vacancies, post.incumbent, post.planned_departure, post.departure_reason) == (
        0,
        "E1",
        None,
        None,
    )


def test_a_reserve_track_keeps_no_incumbent_when_someone_is_promoted() -> None:
    post = defined(echelon="reserve", vacancies=2)
    post.fill_vacancy("E1", "hr", "promoted")
    assert (post.vacancies, post.incumbent) == (1, None)
