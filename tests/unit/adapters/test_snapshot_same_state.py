"""A snapshot is kept only when decoding it gives the aggregate's state back, types included:
`same_state` is that comparison (for the round trip, and for `audit verify`'s check)."""

from __future__ import annotations

import enum
from types import SimpleNamespace
from typing import Any

import pytest

from succession_flow.adapters.snapshots import same_state


class Level(enum.StrEnum):
    HIGH = "high"


def state(**attributes: Any) -> Any:
    return SimpleNamespace(**attributes)


@pytest.mark.parametrize(
    ("mine", "theirs"),
    [
        ({"level": Level.HIGH}, {"level": "high"}),
        ({"posts": ("a", "b")}, {"posts": ["a", "b"]}),
        ({"years": 3}, {"years": 3.0}),
        ({"ok": True}, {"ok": 1}),
        ({"ratings": {2024: "meets"}}, {"ratings": {"2024": "meets"}}),
        ({"ratings": {Level.HIGH: 1}}, {"ratings": {"high": 1}}),
        ({"scores": {"a": 1, "b": 2}}, {"scores": {"b": 2, "a": 1}}),
        ({"scores": [1, 2]}, {"scores": [1, 2, 3]}),
        ({"scores": {"a": 1}}, {"scores": {"a": 1, "b": 2}}),
        ({"name": "Ann"}, {"name": "Ann", "extra": None}),
        ({"nested": [{"level": Level.HIGH}]}, {"nested": [{"level": "high"}]}),
    ],
    ids=[
        "enum or its string",
        "tuple or list",
        "int or float",
        "bool or int",
        "int key or text",
        "enum key or text",
        "nested order",
        "list length",
        "dict length",
        "attributes",
        "deep enum",
    ],
)
def test_states_that_json_would_not_give_back_alike_are_not_the_same(
    mine: dict[str, Any], theirs: dict[str, Any]
) -> None:
    assert not same_state(state(**mine), state(**theirs))
    assert not same_state(state(**theirs), state(**mine))


def test_the_same_values_of_the_same_types_are_the_same_whatever_the_attribute_order() -> None:
    one = state(name="Ann", ratings={"2024": "meets"}, scores=[1.5, None], nan=float("nan"))
    other = state(nan=float("nan"), scores=[1.5, None], ratings={"2024": "meets"}, name="Ann")
    assert same_state(one, other)
