"""The audit commands through the CLI: verify, digest, export, and redacted reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from succession_flow.application.pipeline import steps
from succession_flow.application.services import Services
from succession_flow.bootstrap import bootstrap
from succession_flow.domain.keys import CandidateKey
from tests.e2e.cli_helpers import event_count, run, run_json
from tests.integration.builders import ACTOR, company
from tests.integration.raw_store import RawStore


def one_nominated(services: Services) -> None:
    company(services)
    steps.nominate(services, CandidateKey("E1001", "VP-SALES"), ACTOR, "strong")


pytestmark = pytest.mark.company(build=one_nominated)


def test_verify_on_a_clean_store_reports_what_it_checked_and_exits_0(url: str) -> None:
    result = run(url, "audit", "verify")
    assert (result.exit_code, result.stdout) == (
        0,
        "verified: events 20, aggregates 5, decisions rerun 0, keyed no; no problems found\n"
        "without --since-digest this cannot show that the newest events were removed or that "
        "the whole record was rewritten with recomputed hashes: keep a digest (`audit digest`)\n",
    )


def test_verify_lists_findings_and_exits_8(url: str) -> None:
    raw = RawStore(url)
    row = raw.rows()[2]  # E1001 v2: the rating "meets"
    raw.set_state(row.originator_id, row.version, row.state.replace(b"meets", b"exceeds"))
    result = run(url, "audit", "verify")
    assert result.exit_code == 8
    assert result.stdout.splitlines()[1].split()[:3] == ["integrity", "employee:E1001", "2"]
    assert result.stderr == "error: verification found 1 problem(s)\n"


def test_a_digest_kept_today_proves_tomorrows_store_extends_it(url: str, tmp_path: Path) -> None:
    digest = tmp_path / "digest.json"
    kept = run_json(url, "audit", "digest", "--output", str(digest))
    assert (kept["events"], kept["keyed"], json.loads(digest.read_text())) == (20, False, kept)
    assert run(url, "nominate", "E1002@VP-SALES", "--reason", "r").exit_code == 0
    assert run(url, "audit", "verify", "--since-digest", str(digest)).exit_code == 0
    assert run(url, "list").exit_code == 0  # the read model shows E1002 as recorded
    RawStore(url).rewrite(lambda row, body: body.replace(b"Employee E1002", b"Someone Else"))
    stale = run(url, "--format", "json", "audit", "verify")  # the read model still says E1002
    assert {f["check"] for f in json.loads(stale.stdout)["findings"]} == {"read model"}
    assert run(url, "readmodel", "rebuild").exit_code == 0  # a thorough forger rebuilds it too
    assert run(url, "audit", "verify").exit_code == 0  # the chains were recomputed...
    result = run(url, "audit", "verify", "--since-digest", str(digest))  # ...the digest holds
    assert result.exit_code == 8
    assert "the chain head after event 20 differs from the digest's" in result.stdout


def test_a_signed_digest_does_not_verify_without_the_secret(url: str, tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.write_text("s3cret\n")
    keyed = tmp_path / "keyed.sqlite"
    store = f"sqlite:///{keyed}"
    services = bootstrap(store, secret=b"s3cret")
    company(services, employees=1)
    services.close()
    digest = tmp_path / "digest.json"
    assert (
        run(
            store, "--secret-file", str(secret), "audit", "digest", "--output", str(digest)
        ).exit_code
        == 0
    )
    assert "signature" in json.loads(digest.read_text())
    assert (
        run(
            store, "--secret-file", str(secret), "audit", "verify", "--since-digest", str(digest)
        ).exit_code
        == 0
    )
    forged = {**json.loads(digest.read_text()), "events": 1}
    digest.write_text(json.dumps(forged))
    result = run(
        store, "--secret-file", str(secret), "audit", "verify", "--since-digest", str(digest)
    )
    assert (result.exit_code, "signature does not match" in result.stdout) == (8, True)


def test_an_export_verifies_on_its_own_and_any_change_to_it_is_found(
    url: str, tmp_path: Path
) -> None:
    path = tmp_path / "record.jsonl"
    assert run_json(url, "audit", "export", str(path))["events"] == 20
    lines = path.read_text().splitlines()
    header, first, trailer = (json.loads(lines[i]) for i in (0, 1, -1))
    assert (header["format"], header["format_version"], header["redacted"]) == (
        "succession-flow-export",
        1,
        False,
    )
    assert (first["subject"], first["version"], first["event"]["event"]) == (
        "position:VP-SALES",
        1,
        "Defined",
    )
    assert set(first) >= {"originator_id", "topic", "body", "body_sha256", "seal"}
    assert (trailer["kind"], trailer["events"], len(lines)) == ("trailer", 20, 22)
    assert (
        run(
            "sqlite:////nonexistent/dir/x.sqlite", "audit", "verify", "--export", str(path)
        ).exit_code
        == 0
    )
    changed = lines[2].replace("Employee E1001", "Employee X1001")  # E1001's registration
    assert changed != lines[2]
    path.write_text("\n".join([*lines[:2], changed, *lines[3:]]) + "\n")
    result = run(url, "audit", "verify", "--export", str(path))
    assert result.exit_code == 8
    assert "body does not match its body_sha256" in result.stdout
    view_only = lines[2].replace('"name": "Employee E1001"', '"name": "Employee X1001"')
    assert view_only != lines[2]
    path.write_text("\n".join([*lines[:2], view_only, *lines[3:]]) + "\n")
    result = run(url, "audit", "verify", "--export", str(path))
    assert result.exit_code == 8
    assert "readable fields differ from the stored body" in result.stdout
    path.write_text("\n".join(lines[:-3]) + "\n")
    result = run(url, "audit", "verify", "--export", str(path))
    assert (result.exit_code, "no trailer: the file is truncated" in result.stdout) == (8, True)


def test_a_redacted_export_has_no_names_yet_still_verifies(url: str, tmp_path: Path) -> None:
    path = tmp_path / "shared.jsonl"
    assert run(url, "audit", "export", str(path), "--redact").exit_code == 0
    text = path.read_text()
    assert "Employee E100" not in text and "tester" not in text and '"body"' not in text
    assert '"name": "[redacted]"' in text
    assert run(url, "audit", "verify", "--export", str(path)).exit_code == 0


def test_reports_redact_names_and_actors(url: str) -> None:
    status = run_json(url, "status", "E1001@VP-SALES", "--redact")
    assert (status["name"], status["nominated_by"].startswith("actor-")) == ("[redacted]", True)
    history = run_json(url, "history", "employee:E1001", "--redact")
    assert history[0]["details"]["profile"]["name"] == "[redacted]"
    assert "tester" not in json.dumps(history)


def test_bad_audit_files_are_refused_in_one_line(url: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    result = run(url, "audit", "verify", "--since-digest", str(bad))
    assert (result.exit_code, result.stderr) == (
        2,
        f"error: {bad}: not a succession-flow digest (no format: succession-flow-digest)\n",
    )
    before = event_count(url)
    result = run(url, "audit", "verify", "--export", str(bad))
    assert (result.exit_code, result.stderr) == (
        2,
        f"error: {bad}:line 1: not a succession-flow-export header\n",
    )
    assert event_count(url) == before
