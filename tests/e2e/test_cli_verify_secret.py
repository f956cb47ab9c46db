"""`audit verify` with and without the secret the store was sealed with: one clear answer for
the store, never a tamper alarm; real tampering is still found. SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from succession_flow.application.people import staffing
from succession_flow.bootstrap import bootstrap
from succession_flow.domain.keys import employee_uuid
from tests.e2e.cli_helpers import run
from tests.integration.builders import ACTOR, company, employee_record
from tests.integration.raw_store import RawStore

SECRET = b"the auditors' secret"
EVENTS = 19  # the builders' company: position VP-SALES and employees E1001..E1003
CHANGED = "does not match its seal: this event or the one before it was changed"


def unkeyed(count: int, events: int) -> str:
    return (
        f"{count} of {events} events sealed without the configured secret (written before it "
        "was set?): checked with the public chain, which proves them only against a kept digest"
    )


def sealed(url: str, secret: bytes | None) -> None:
    services = bootstrap(url, secret=secret)
    try:
        company(services, employees=3)
    finally:
        services.close()


def verify_with(url: str, tmp_path: Path, secret: bytes | None) -> tuple[int, dict[str, Any]]:
    options: list[str] = []
    if secret is not None:
        (tmp_path / "secret").write_bytes(secret)
        options = ["--secret-file", str(tmp_path / "secret")]
    result = run(url, *options, "--format", "json", "audit", "verify")
    return result.exit_code, json.loads(result.stdout)


def test_a_store_sealed_without_a_secret_verified_with_one_is_one_finding_for_the_store(
    store_url: str, tmp_path: Path
) -> None:
    sealed(store_url, None)
    code, report = verify_with(store_url, tmp_path, SECRET)
    assert (code, report["events"]) == (8, EVENTS)
    assert report["findings"] == [
        {
            "check": "integrity",
            "subject": "store",
            "version": None,
            "message": unkeyed(EVENTS, EVENTS),
        }
    ]


def test_a_store_sealed_with_a_secret_verified_without_it_asks_for_the_secret(
    store_url: str,
) -> None:
    sealed(store_url, SECRET)
    result = run(store_url, "audit", "verify")
    assert (result.exit_code, result.stdout, result.stderr) == (
        7,
        "",
        "error: events are encrypted: set $SUCCESSION_FLOW_SECRET or --secret-file to read "
        "them\n",  # refused as the store opens, as every command is (cli/context.py)
    )


def test_events_written_before_the_secret_was_set_are_counted_and_the_rest_verify(
    store_url: str, tmp_path: Path
) -> None:
    sealed(store_url, None)
    services = bootstrap(store_url, secret=SECRET)
    try:
        record = employee_record("E1009", services.today())
        staffing.record_employee(services, record, ACTOR)  # sealed with the secret
    finally:
        services.close()
    code, report = verify_with(store_url, tmp_path, SECRET)
    assert code == 8
    assert [f["message"] for f in report["findings"]] == [unkeyed(EVENTS, report["events"])]
    assert report["events"] > EVENTS


def test_a_changed_event_sealed_without_the_secret_is_still_found_with_the_secret(
    store_url: str, tmp_path: Path
) -> None:
    sealed(store_url, None)
    raw = RawStore(store_url)
    row = raw.row(employee_uuid("E1002"), 1)
    raw.set_state(row.originator_id, 1, row.state.replace(b"Employee E1002", b"Employee X1002"))
    code, report = verify_with(store_url, tmp_path, SECRET)
    assert code == 8
    assert [(f["subject"], f["version"], f["message"]) for f in report["findings"]] == [
        ("store", None, unkeyed(EVENTS, EVENTS)),
        ("employee:E1002", 1, CHANGED),
    ]
