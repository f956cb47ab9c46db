"""Verification reads the log page by page; no event may fall between two pages.

A store of a little more than three pages of `integrity.PAGE` events (30 aggregates written in
rounds, so every page holds events of all of them), on SQLite and PostgreSQL: the walk must see
every event exactly once, and a change at the first or last event of any page must be found
there. Then the whole `audit verify` on a real store with a page of five events.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import StoredEvent

from succession_flow.application.audit import integrity
from succession_flow.application.audit.integrity import ChainWalk, Finding, sealed_rows
from succession_flow.bootstrap import bootstrap
from tests.e2e.cli_helpers import run
from tests.integration.raw_store import RawStore
from tests.integration.test_audit_tampering import CHANGED, MOVED, build

AGGREGATES = [UUID(int=n + 1) for n in range(30)]
ROUNDS = 51
TOTAL = len(AGGREGATES) * ROUNDS  # 1530: three pages of 500 and 30 events on a fourth
BOUNDARIES = [integrity.PAGE, integrity.PAGE + 1, 2 * integrity.PAGE, 3 * integrity.PAGE + 1]


def paged_store(url: str) -> None:
    services = bootstrap(url)
    try:
        recorder: Any = services.store.app.recorder
        for version in range(1, ROUNDS + 1):
            recorder.insert_events(
                [StoredEvent(oid, version, "topic", b'{"v":%d}' % version) for oid in AGGREGATES]
            )
    finally:
        services.close()


def walked(url: str) -> tuple[int, list[tuple[str, int | None, str]]]:
    services = bootstrap(url)
    try:
        walk = ChainWalk(services.store.sealed_log().chain_key)
        for row, _ in sealed_rows(services.store.sealed_log()):
            walk.feed(row)
    finally:
        services.close()
    findings: list[Finding] = walk.close()
    return walk.events, [(f.subject, f.version, f.message) for f in findings]


def test_a_store_of_several_pages_is_walked_event_by_event_to_its_end(store_url: str) -> None:
    assert TOTAL > 3 * integrity.PAGE
    paged_store(store_url)
    assert walked(store_url) == (TOTAL, [])


@pytest.mark.parametrize("position", BOUNDARIES, ids=lambda p: f"event {p}")
def test_a_changed_event_on_either_side_of_a_page_boundary_is_found_at_its_place(
    store_url: str, position: int
) -> None:
    paged_store(store_url)
    raw = RawStore(store_url)
    row = raw.rows()[position - 1]
    raw.update(row.originator_id, row.version, "state", row.state.replace(b'"v"', b'"w"'))
    assert walked(store_url) == (TOTAL, [(str(row.originator_id), row.version, CHANGED)])


@pytest.mark.parametrize("position", BOUNDARIES, ids=lambda p: f"event {p}")
def test_an_event_deleted_at_a_page_boundary_is_missed_by_the_next_one(
    store_url: str, position: int
) -> None:
    paged_store(store_url)
    raw = RawStore(store_url)
    rows = raw.rows()
    gone, after = rows[position - 1], rows[position]
    raw.delete(gone.originator_id, gone.version)
    missing = f"version {gone.version} missing before it (deleted?)"
    expected = [(str(after.originator_id), after.version, MOVED)]
    if gone.version < ROUNDS:  # its aggregate's next event misses it too
        expected.append((str(gone.originator_id), gone.version + 1, missing))
    assert walked(store_url) == (TOTAL - 1, expected)


def test_audit_verify_with_a_page_of_five_events_checks_all_21_and_finds_a_change_on_page_4(
    store_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    build(store_url)
    monkeypatch.setattr(integrity, "PAGE", 5)
    result = run(store_url, "--format", "json", "audit", "verify")
    assert (result.exit_code, json.loads(result.stdout)["events"]) == (0, 21)
    raw = RawStore(store_url)
    row = raw.rows()[15]  # the first event of the fourth page: E1003 v3, a rating
    raw.update(row.originator_id, row.version, "state", row.state.replace(b'"year":', b'"year":1'))
    report = json.loads(run(store_url, "--format", "json", "audit", "verify").stdout)
    assert [(f["subject"], f["version"], f["message"]) for f in report["findings"]] == [
        ("employee:E1003", 3, CHANGED)
    ]
