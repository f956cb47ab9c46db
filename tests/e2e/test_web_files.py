"""Files through the console, on SQLite and PostgreSQL: a rule-set file uploaded to simulate, a
kept digest uploaded to verify against, today's digest and the redacted export downloaded. Each
answers what the CLI command does with the same file, and none of them writes an event. The API is
asked with a token, the pages by a session whose upload forms carry its CSRF token."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from succession_flow.config import Config
from succession_flow.web.app import create_app
from succession_flow.web.uploads import LIMIT
from tests.e2e.cli_helpers import event_count, run, run_json
from tests.e2e.rules_setup import SHIPPED
from tests.e2e.web_identity import page_csrf, signed_in, token_headers
from tests.e2e.web_store import build_web_store

EXIT_AFTER_ONE_FAILURE = (
    (SHIPPED / "exit.yaml").read_text().replace("    default: 2\n", "    default: 1\n")
)
"""The exit rules, ending a candidacy at the first failed evaluation instead of the second."""


@pytest.fixture(scope="module")
def url(module_store_url: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    build_web_store(module_store_url, tmp_path_factory.mktemp("files"))
    return module_store_url


@pytest.fixture(scope="module")
def client(url: str) -> TestClient:
    """A program with an hr-owner's token: simulating is theirs (and auditors')."""
    return TestClient(create_app(Config.resolve(url)), headers=token_headers(url, "hr-owner"))


@pytest.fixture(scope="module")
def console(url: str) -> TestClient:
    """An hr-owner signed in through the login form, as a person uses the pages."""
    return signed_in(TestClient(create_app(Config.resolve(url))), url, "hr-owner")


def csrf(console: TestClient) -> dict[str, str]:
    """The hidden field the page's forms carry."""
    return {"csrf": page_csrf(console)}


def ok(response: Any) -> Any:
    assert response.status_code == 200, response.text
    return response


def simulate(client: TestClient, text: str | bytes, name: str = "exit.yaml") -> Any:
    return client.post("/api/v1/rulesets/simulate", files={"file": (name, text)})


def test_simulating_an_uploaded_file_is_rules_simulate_on_that_file_alone(
    client: TestClient, url: str, tmp_path: Path
) -> None:
    before = event_count(url)
    found = ok(simulate(client, EXIT_AFTER_ONE_FAILURE)).json()
    (tmp_path / "exit.yaml").write_text(EXIT_AFTER_ONE_FAILURE)
    cli = run_json(url, "rules", "simulate", "--rules", str(tmp_path))
    assert (found.pop("file"), found.pop("ruleset"), len(found.pop("version"))) == (
        "exit.yaml", "exit", 64)  # fmt: skip
    assert found == cli
    assert [(c["candidate"], c["published"], c["on_disk"]) for c in found["changes"]] == [
        ("E5@CFO", "stay", "exit")
    ]
    assert event_count(url) == before


@pytest.mark.parametrize(
    "text, message",
    [
        (b"name: exit\nstep: [\n", "exit.yaml:3: YAML syntax: did not find expected node content"),
        (b"\xff\xfe", "exit.yaml:1: not UTF-8 text (byte 0xff): save the file as UTF-8"),
        (b"a: !!python/object:os.system x\n", "exit.yaml:1: unknown tag "
         "'python/object:os.system': HR files hold plain values, lists and mappings"),
    ],
)  # fmt: skip
def test_a_bad_rule_file_is_the_safe_loader_s_line_and_nothing_is_written(
    client: TestClient, url: str, text: bytes, message: str
) -> None:
    before = event_count(url)
    response = simulate(client, text)
    assert response.status_code == 400
    assert response.json()["error"] == {"status": 400, "category": "bad-input", "message": message}
    assert event_count(url) == before


def test_an_upload_too_large_is_refused_before_it_is_read(client: TestClient) -> None:
    response = simulate(client, b"#" * LIMIT)
    assert response.status_code == 400
    declared = int(response.request.headers["content-length"])
    assert response.json()["error"]["message"] == (
        f"upload: {declared:,} bytes; the limit is {LIMIT:,}"
    )


def test_a_simulation_without_a_file_is_bad_input(client: TestClient) -> None:
    response = client.post("/api/v1/rulesets/simulate", data={"note": "no file"})
    assert response.status_code == 400
    assert response.json()["error"]["message"] == (
        "upload: no file in field 'file' (multipart/form-data)"
    )


def test_today_s_digest_is_audit_digest(client: TestClient, url: str) -> None:
    found = ok(client.get("/api/v1/audit/digest")).json()
    cli = run_json(url, "audit", "digest")
    assert {**found, "time": ""} == {**cli, "time": ""}
    assert found["events"] == event_count(url)


def test_verify_against_a_kept_digest_is_audit_verify_since_digest(
    client: TestClient, url: str, tmp_path: Path
) -> None:
    kept = ok(client.get("/api/v1/audit/digest")).content
    found = ok(client.post("/api/v1/audit/verify", files={"digest": ("kept.json", kept)})).json()
    (tmp_path / "kept.json").write_bytes(kept)
    cli = run_json(url, "audit", "verify", "--since-digest", str(tmp_path / "kept.json"))
    assert found == cli
    assert (found["ok"], found["digest"]["events"], "without_digest" in found) == (
        True, json.loads(kept)["events"], False)  # fmt: skip


def test_a_digest_of_more_events_than_the_store_holds_is_a_finding(client: TestClient) -> None:
    kept = ok(client.get("/api/v1/audit/digest")).json()
    forged = json.dumps({**kept, "events": kept["events"] + 5}).encode()
    found = ok(client.post("/api/v1/audit/verify", files={"digest": ("d.json", forged)})).json()
    assert found["ok"] is False
    assert [f["message"] for f in found["findings"]] == [
        f"has {kept['events']} events, the digest {kept['events'] + 5}: events were removed"
    ]


def test_verify_without_a_digest_file_says_what_only_a_digest_can_show(client: TestClient) -> None:
    found = ok(client.post("/api/v1/audit/verify")).json()
    assert found == ok(client.get("/api/v1/audit/verify")).json()
    assert found["without_digest"].startswith("without --since-digest this cannot show")


def test_the_export_download_is_the_redacted_export_and_verifies_on_its_own(
    client: TestClient, url: str, tmp_path: Path
) -> None:
    response = ok(client.get("/api/v1/audit/export"))
    count = event_count(url)
    assert response.headers["content-type"] == "application/x-ndjson"
    assert response.headers["content-disposition"] == (
        f'attachment; filename="succession-flow-export-{count}-events.jsonl"'
    )
    downloaded = tmp_path / "downloaded.jsonl"
    downloaded.write_bytes(response.content)
    assert run(url, "audit", "export", str(tmp_path / "cli.jsonl"), "--redact").exit_code == 0
    ours, theirs = (
        [json.loads(line) for line in path.read_text().splitlines()]
        for path in (downloaded, tmp_path / "cli.jsonl")
    )
    assert ours[1:] == theirs[1:]
    assert {**ours[0], "exported_at": ""} == {**theirs[0], "exported_at": ""}
    assert ours[0]["redacted"] is True
    verified = run_json(url, "audit", "verify", "--export", str(downloaded))
    assert (verified["ok"], verified["events"]) == (True, count)


def test_a_rule_file_simulated_on_the_page_lists_whose_outcome_changes(
    console: TestClient, url: str
) -> None:
    form = ok(console.get("/rules/simulate")).text
    assert '<form method="post" action="/rules/simulate" enctype="multipart/form-data"' in form
    before = event_count(url)
    sent = {"file": ("exit.yaml", EXIT_AFTER_ONE_FAILURE)}
    page = ok(console.post("/rules/simulate", files=sent, data=csrf(console)))
    assert '<li id="changed">1 outcome(s) would change; nothing was written</li>' in page.text
    assert (
        '<tr><td><a href="/candidates/E5@CFO">E5@CFO</a></td><td>exit</td><td>stay</td>'
        "<td>exit</td><td>failed the evaluation a second time</td></tr>"
    ) in page.text
    assert event_count(url) == before


def test_a_bad_rule_file_on_the_page_is_a_400_page_naming_the_line(console: TestClient) -> None:
    sent = {"file": ("exit.yaml", b"step: [\n")}
    response = console.post("/rules/simulate", files=sent, data=csrf(console))
    assert response.status_code == 400
    assert "<p>exit.yaml:2: YAML syntax: did not find expected node content</p>" in response.text


def test_the_audit_page_verifies_against_an_uploaded_digest_and_offers_both_downloads(
    console: TestClient,
) -> None:
    page = ok(console.get("/audit")).text
    assert '<a href="/audit/digest" download id="digest-download">' in page
    assert '<a href="/audit/export" download id="export-download">' in page
    digest = ok(console.get("/audit/digest"))
    assert digest.headers["content-disposition"].startswith(
        'attachment; filename="succession-flow-digest-'
    )
    events = digest.json()["events"]
    kept = {"digest": ("kept.json", digest.content)}
    result = ok(console.post("/audit/verify", files=kept, data=csrf(console)))
    assert f"extends the digest of {events} events; no problems found</p>" in result.text
    assert ok(console.get("/audit/export")).content.count(b"\n") == events + 2  # header, trailer


def test_a_page_that_only_shows_now_says_so_when_given_a_date(console: TestClient) -> None:
    page = ok(console.get("/audit?as_of=2020-01-01")).text
    assert "This page works on the record as it stands now" in page
    assert "Past view" not in page
    result = ok(console.post("/audit/verify?as_of=2020-01-01", data=csrf(console))).text
    assert '<form class="asof" method="get" action="/audit">' in result


UPLOAD_FORMS = {"simulate": ("/rules/simulate", "file"), "verify": ("/audit/verify", "digest")}
"""The two multipart forms of the pages: where each posts, and its file field."""


def upload(console: TestClient, form: str) -> dict[str, tuple[str, bytes]]:
    """The file each form takes: a revised rule set, or the digest the store gives now."""
    if form == "simulate":
        return {"file": ("exit.yaml", EXIT_AFTER_ONE_FAILURE.encode())}
    return {"digest": ("kept.json", ok(console.get("/audit/digest")).content)}


@pytest.mark.parametrize("form", list(UPLOAD_FORMS))
@pytest.mark.parametrize("token", ["", "not-the-session-s-token"], ids=["missing", "wrong"])
def test_an_upload_form_without_the_session_s_csrf_token_is_refused_and_writes_nothing(
    console: TestClient, url: str, form: str, token: str
) -> None:
    files = upload(console, form)
    before = event_count(url)
    data = {"csrf": token} if token else None
    response = console.post(UPLOAD_FORMS[form][0], files=files, data=data)
    assert response.status_code == 403
    assert "the form&#39;s CSRF token is missing or wrong: reload the page" in response.text
    assert 'id="changed"' not in response.text and 'id="verify-result"' not in response.text
    assert event_count(url) == before


@pytest.mark.parametrize("form", list(UPLOAD_FORMS))
@pytest.mark.parametrize("where", ["field", "header"])
def test_an_upload_form_carrying_the_csrf_token_is_answered(
    console: TestClient, form: str, where: str
) -> None:
    token = page_csrf(console)
    data = {"csrf": token} if where == "field" else None
    headers = {"x-csrf-token": token} if where == "header" else None
    response = console.post(UPLOAD_FORMS[form][0], files=upload(console, form), data=data,
                            headers=headers)  # fmt: skip
    assert response.status_code == 200, response.text
    assert ('id="changed"' if form == "simulate" else 'id="verify-result"') in response.text


@pytest.mark.parametrize("path", ["/rules/simulate", "/api/v1/rulesets/simulate"])
def test_a_reviewer_may_not_simulate_a_rule_file_as_it_shows_the_groups_impact_ratios(
    url: str, path: str
) -> None:
    reviewer = TestClient(create_app(Config.resolve(url)), headers=token_headers(url, "reviewer"))
    response = reviewer.post(path, files={"file": ("exit.yaml", EXIT_AFTER_ONE_FAILURE)})
    assert response.status_code == 403
    assert "needs a role that may see demographics (has reviewer)" in response.text


def test_a_reviewer_keeps_a_digest_verifies_against_it_and_downloads_the_redacted_export(
    url: str,
) -> None:
    reviewer = TestClient(create_app(Config.resolve(url)), headers=token_headers(url, "reviewer"))
    kept = ok(reviewer.get("/audit/digest")).content
    verified = ok(reviewer.post("/api/v1/audit/verify", files={"digest": ("kept.json", kept)}))
    assert verified.json()["ok"] is True
    assert json.loads(ok(reviewer.get("/api/v1/audit/export")).text.splitlines()[0])["redacted"]
