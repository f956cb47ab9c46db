"""`audit verify` re-runs decisions as a batch makes them: the rule engine's cyclic garbage is
collected young, every `collector.DECISIONS_PER_COLLECTION` decisions.

Each decision leaves ~64 cyclic objects of durable_rules'. The re-runs read the log with the
automatic collector paused (`collected_by_hand`), so without a collection of their own those
objects waited for the next page of 500 events, when collecting them cost several times as much
(re-runs 15-20% slower on PostgreSQL: bench/README, "audit verify").
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import pytest
from bench.measure import company

from succession_flow.adapters import collector
from succession_flow.application.audit import verification
from succession_flow.application.batch.runner import Scope
from succession_flow.application.batch.steps import run_step_batch
from succession_flow.bootstrap import bootstrap
from tests.integration.builders import ACTOR

CANDIDATES = 40


@pytest.fixture
def evaluated(store_url: str) -> Iterator[Any]:
    """A company whose every candidate was evaluated: one recorded decision each."""
    company(store_url, CANDIDATES)
    services = bootstrap(store_url)
    try:
        assert run_step_batch(services, "evaluate", Scope(), ACTOR).applied == CANDIDATES
        yield services
    finally:
        services.close()


def young_collections_of_reruns(services: Any) -> tuple[int, int]:
    """(decisions re-run, collections of the youngest generation run by hand while they ran).

    Only collections with the automatic collector paused are counted: the automatic one may
    also run, in the moments the re-runs leave it on, at a point no test can predict."""
    young: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and info["generation"] == 0 and not gc.isenabled():
            young.append(1)

    report = verification.VerifyReport()
    gc.callbacks.append(count)
    try:
        verification.rerun_decisions(services, report)
    finally:
        gc.callbacks.remove(count)
    assert report.findings == []
    return report.decisions, len(young)


def test_the_reruns_collect_the_engines_garbage_every_few_decisions(
    evaluated: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(collector, "DECISIONS_PER_COLLECTION", 10**9)
    decisions, without = young_collections_of_reruns(evaluated)
    assert decisions == CANDIDATES
    monkeypatch.setattr(collector, "DECISIONS_PER_COLLECTION", 5)
    decisions, every_five = young_collections_of_reruns(evaluated)
    assert decisions == CANDIDATES
    assert every_five - without == CANDIDATES // 5
