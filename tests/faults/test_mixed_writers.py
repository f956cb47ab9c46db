"""Eight mixed writers at once on each store (tests/faults/mixed_writers.py) for a bounded time
(SUCCESSION_FLOW_WRITERS_SECONDS, default 20): every exit is 0, 4 or 6, nothing any writer was
told is lost, nothing is stored twice, and the store still verifies with its read model equal to
a rebuild."""

from __future__ import annotations

import os

import pytest

from succession_flow.domain.keys import CandidateKey
from tests.e2e import crash_company
from tests.faults.harness import SEED, check_whole, opened
from tests.faults.mixed_writers import KINDS, PEOPLE, WRITERS, race

SECONDS = float(os.environ.get("SUCCESSION_FLOW_WRITERS_SECONDS", "20"))


def candidates() -> list[str]:
    """Every candidate the writers could have made: the company's, and each employee's second
    nomination (the nominator's)."""
    positions = crash_company.POSITIONS
    return [
        f"E{n:05d}@{positions[(n + shift) % len(positions)]}"
        for n in range(PEOPLE)
        for shift in (0, 1)
    ]


@pytest.mark.slow
def test_eight_mixed_writers_lose_nothing_double_nothing_and_exit_only_0_4_or_6(
    store_url: str,
) -> None:
    print(f"mixed writers seed: SUCCESSION_FLOW_FAULT_SEED={SEED}, {SECONDS} s")
    result = race(store_url, SECONDS, SEED)
    print(f"mixed writers exits: {sorted(result.tally.exits.items())}")
    print(f"mixed writers told: {dict(result.tally.told)}")
    assert result.tally.unexpected == []
    assert {code for _, code in result.tally.exits} <= {0, 4, 6}
    assert result.lost_and_doubled() == dict.fromkeys(KINDS, (0, 0))
    assert {writer for writer, _ in result.tally.exits} == set(WRITERS)  # all eight wrote
    assert sum(result.tally.told.values()) > 0

    keys = candidates()
    with opened(store_url) as services:
        existing = [k for k in keys if services.store.events_of(CandidateKey.parse(k).uuid)]
    for kinds in (("Nominated",), ("Evaluated",), ("Pooled", "PoolEntryDeclined")):
        counts = crash_company.step_events(store_url, existing, kinds)
        assert set(counts.values()) <= {1}, kinds
    assert crash_company.pools_agree_with_candidates(store_url, existing)
    check_whole(store_url, "after the mixed writers")
