"""The talent pool refuses what would make it disagree with the candidates, before any event."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from succession_flow.domain.errors import IllegalTransition
from succession_flow.domain.pool import TalentPool


def pool_with(*members: str) -> TalentPool:
    pool = TalentPool(position_id="VP", actor="tester")
    for member in members:
        pool.admit(member, "ready-now", False, "tester")
    pool.collect_events()
    return pool


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (lambda p: p.admit("E1", "ready-now", True, "t"), "E1 is already in the VP pool"),
        (lambda p: p.change_readiness("E2", "ready-now", True, "t"), "E2 is not in the VP pool"),
        (lambda p: p.release("E2", "exited", "t"), "E2 is not in the VP pool"),
    ],
    ids=["admit a member", "re-grade a stranger", "release a stranger"],
)
def test_a_pool_refuses_a_change_that_does_not_fit_its_members_and_records_nothing(
    command: Callable[[TalentPool], None], message: str
) -> None:
    pool = pool_with("E1")
    with pytest.raises(IllegalTransition, match=f"^{message}$"):
        command(pool)
    assert pool.collect_events() == []
    assert list(pool.members) == ["E1"]


def test_members_enter_change_readiness_and_leave_with_the_counts_following() -> None:
    pool = pool_with("E1", "E2")
    pool.change_readiness("E2", "ready-3-5-years", False, "tester")
    assert (pool.count(), pool.count("ready-now"), pool.count("ready-3-5-years")) == (2, 1, 1)
    pool.release("E1", "promoted", "tester")
    assert (pool.count(), pool.count("ready-now")) == (1, 0)
    assert [type(e).__name__ for e in pool.collect_events()] == [
        "MemberReadinessChanged",
        "MemberReleased",
    ]
