"""Long reads of the log pause the automatic collector and collect between pages.

A replay, a catch-up and `audit verify`'s walk read the whole log; in a process holding much
(a server, a batch), the automatic collector would walk every object in it again and again as
the read's survivors grow (bench/README, "Replay"). These tests hold the behaviour that makes
that cheap and still safe: paused while the pages are read, a young collection at each page's
end (a cycle made while reading is freed there), and the collector resumed however the read
ends: run out, abandoned or inside a caller that had paused it itself.
"""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import StoredEvent

from succession_flow.adapters.collector import collected_by_hand
from succession_flow.application.audit.integrity import sealed_rows
from succession_flow.bootstrap import bootstrap
from tests.harness.cycles import Node, cycle, older_collections

AGGREGATES = [UUID(int=n + 1) for n in range(6)]
ROUNDS = 5  # 30 events: three pages of 10


@pytest.fixture
def services(store_url: str) -> Iterator[Any]:
    services = bootstrap(store_url)
    recorder: Any = services.store.app.recorder
    for version in range(1, ROUNDS + 1):
        recorder.insert_events(
            [StoredEvent(oid, version, "topic", b'{"v":%d}' % version) for oid in AGGREGATES]
        )
    try:
        yield services
    finally:
        services.close()


@pytest.fixture(autouse=True)
def collector_on() -> Iterator[None]:
    """Every test starts with the collector running, and leaves it so whatever it asserts."""
    gc.enable()
    yield
    gc.enable()


def test_a_read_of_the_log_is_paused_and_frees_a_cycle_made_in_a_page_at_its_end(
    services: Any,
) -> None:
    made: list[weakref.ref[Node]] = []
    alive_at_next_page: list[bool] = []
    older: list[int] = []
    for count, _ in enumerate(services.store.notifications(page=10), start=1):
        assert not gc.isenabled()
        if count == 11:  # the first row of the second page: the first page has been collected
            alive_at_next_page.append(made[0]() is not None)
        if count == 1:
            made.append(cycle())
            assert made[0]() is not None  # not collected while the page is read
            older.append(older_collections())
        if count == 30:  # two pages' ends later: only the young generation was collected
            older.append(older_collections())
    assert count == 30
    assert alive_at_next_page == [False]
    assert older[0] == older[1]
    assert gc.isenabled()


def test_an_abandoned_read_resumes_the_collector(services: Any) -> None:
    reading = services.store.notifications(page=10)
    next(reading)
    assert not gc.isenabled()
    reading.close()
    assert gc.isenabled()


def test_a_read_inside_a_paused_block_leaves_the_collector_paused(services: Any) -> None:
    """Only the outermost block collects at its boundaries: the inner one's leave a cycle to
    the block that paused the collector, and the read inside does not resume it."""
    with collected_by_hand() as outer_boundary:
        made = cycle()
        assert len(list(services.store.notifications(page=10))) == 30
        assert not gc.isenabled()
        with collected_by_hand() as inner_boundary:
            inner_boundary()
            assert made() is not None
        assert not gc.isenabled()
        outer_boundary()
        assert made() is None
    assert gc.isenabled()


def test_audit_verifys_walk_is_paused_and_collects_between_its_pages(
    services: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from succession_flow.application.audit import integrity

    monkeypatch.setattr(integrity, "PAGE", 10)
    made: list[weakref.ref[Node]] = []
    alive_at_next_page: list[bool] = []
    rows = 0
    for row, _ in sealed_rows(services.store.sealed_log()):
        rows += 1
        assert not gc.isenabled() and row.position == rows
        if rows == 11:
            alive_at_next_page.append(made[0]() is not None)
        if rows == 1:
            made.append(cycle())
            older = older_collections()
        if rows == 30:
            assert older_collections() == older
    assert rows == 30 and alive_at_next_page == [False]
    assert gc.isenabled()
