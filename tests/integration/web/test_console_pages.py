"""The console's pages and `/api/v1` reads through a real HTTP client, on each backend: every
page and report answers, a bad parameter or a missing record answers its category as a page
(HTML) or as JSON (API), uploads are bounded, and downloads name their file."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from succession_flow.config import Config
from succession_flow.web.app import create_app
from succession_flow.web.reads_reports import REPORTS
from succession_flow.web.uploads import LIMIT
from tests.e2e.cli_helpers import event_count
from tests.e2e.rules_setup import SHIPPED
from tests.e2e.web_identity import page_csrf, signed_in, token_headers
from tests.e2e.web_store import EDITED_RULESET, RULE_DECIDED, build_web_store


@pytest.fixture(scope="module")
def url(module_store_url: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    build_web_store(module_store_url, tmp_path_factory.mktemp("pages"))
    return module_store_url


@pytest.fixture(scope="module")
def owner(url: str) -> TestClient:
    """Signed in as an hr-owner, who may see every page and report (no test signs out)."""
    return signed_in(TestClient(create_app(Config.resolve(url))), url, "hr-owner")


@pytest.fixture(scope="module")
def reviewer(url: str) -> dict[str, str]:
    """A reviewer's API token: reads, but not the adverse-impact report."""
    return token_headers(url, "reviewer")


PAGES = [
    ("/positions", "Positions and their benches"),
    ("/positions?echelon=management&unit=HR", "HEAD-HR"),
    ("/positions/CFO", "Position CFO"),
    (f"/candidates/{RULE_DECIDED}", f"Candidate {RULE_DECIDED}"),
    ("/employees/E1", "Talent card E1"),
    ("/reports", "Reports"),
    *((f"/reports/{name}", "<h2") for name in REPORTS),
    ("/reports/bench?as_of=2020-01-01", "2020-01-01"),
    ("/rules", "Rule sets"),
    ("/rules/simulate", 'type="file"'),
    ("/audit", "Audit"),
]


@pytest.mark.parametrize(("path", "shown"), PAGES, ids=[p for p, _ in PAGES])
def test_every_page_answers_for_an_hr_owner(owner: TestClient, path: str, shown: str) -> None:
    response = owner.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    assert shown in response.text


def test_the_home_page_is_the_positions(owner: TestClient) -> None:
    response = owner.get("/", follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (307, "/positions")


@pytest.mark.parametrize(
    ("path", "status", "said"),
    [
        ("/positions?echelon=bogus", 400, "echelon: &#39;bogus&#39; is not one of"),
        ("/positions?as_of=yesterday", 400, "as_of: "),
        ("/positions/NOPE", 404, "NOPE"),
        ("/candidates/no-at-sign", 400, "no-at-sign"),
        ("/reports/bogus", 404, "bogus"),
        ("/no/such/page", 404, "no such page"),
    ],
)
def test_a_refused_page_is_a_page_with_its_status_and_one_message(
    owner: TestClient, path: str, status: int, said: str
) -> None:
    response = owner.get(path)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert said in response.text


def test_a_diff_between_two_published_versions_is_on_the_rules_page(
    owner: TestClient, url: str
) -> None:
    [published] = [
        r for r in owner.get("/api/v1/rulesets").json()["rulesets"] if r["name"] == EDITED_RULESET
    ]
    old, new = (v["version"] for v in (published["versions"][0], published["versions"][-1]))
    page = owner.get(f"/rules?from={old}&to={new}")
    assert page.status_code == 200
    assert "4.1" in page.text
    api = owner.get(f"/api/v1/rulesets/diff?from={old}&to={new}")
    assert api.status_code == 200
    assert "4.1" in api.text


def test_the_digest_and_the_export_download_as_named_files(owner: TestClient, url: str) -> None:
    digest = owner.get("/audit/digest")
    assert digest.status_code == 200
    assert digest.headers["content-disposition"].startswith(
        'attachment; filename="succession-flow-digest-'
    )
    assert json.loads(digest.text)["events"] == event_count(url)
    export = owner.get("/audit/export")
    events = event_count(url)
    assert export.headers["content-disposition"] == (
        f'attachment; filename="succession-flow-export-{events}-events.jsonl"'
    )
    assert len(export.text.splitlines()) >= events


def test_verifying_since_a_kept_digest_finds_nothing_missing(owner: TestClient) -> None:
    kept = owner.get("/audit/digest").content
    csrf = page_csrf(owner)
    response = owner.post(
        "/audit/verify", data={"csrf": csrf}, files={"digest": ("digest.json", kept)}
    )
    assert response.status_code == 200
    assert "no problems found" in response.text


def test_a_rule_file_is_simulated_from_an_upload_and_nothing_is_written(
    owner: TestClient, url: str
) -> None:
    before = event_count(url)
    sent = (SHIPPED / f"{EDITED_RULESET}.yaml").read_bytes()
    csrf = page_csrf(owner, "/rules/simulate")
    page = owner.post(
        "/rules/simulate", data={"csrf": csrf}, files={"file": (f"{EDITED_RULESET}.yaml", sent)}
    )
    assert page.status_code == 200, page.text
    assert "nothing was written" in page.text or "would change" in page.text
    api = owner.post(
        "/api/v1/rulesets/simulate",
        headers={"x-csrf-token": csrf},
        files={"file": (f"{EDITED_RULESET}.yaml", sent)},
    )
    assert api.status_code == 200, api.text
    assert set(api.json()) >= {"considered", "changes"}
    assert event_count(url) == before


def test_a_simulation_without_a_file_is_bad_input(owner: TestClient) -> None:
    csrf = page_csrf(owner, "/rules/simulate")
    response = owner.post("/api/v1/rulesets/simulate", headers={"x-csrf-token": csrf},
                          files={"other": ("x.yaml", b"x")})  # fmt: skip
    assert response.status_code == 400
    assert response.json()["error"]["message"] == (
        "upload: no file in field 'file' (multipart/form-data)"
    )


def test_an_upload_larger_than_an_hr_file_may_be_is_refused_before_it_is_read(
    owner: TestClient,
) -> None:
    csrf = page_csrf(owner, "/rules/simulate")
    response = owner.post(
        "/api/v1/rulesets/simulate",
        headers={"x-csrf-token": csrf, "content-type": "multipart/form-data; boundary=b",
                 "content-length": str(LIMIT + 1)},
        content=b"--b--",
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json()["error"]["message"] == (
        f"upload: {LIMIT + 1:,} bytes; the limit is {LIMIT:,}"
    )


API_READS = [
    "/api/v1/positions",
    "/api/v1/positions?echelon=management",
    "/api/v1/positions/CFO",
    f"/api/v1/candidates/{RULE_DECIDED}",
    "/api/v1/employees/E1",
    *(f"/api/v1/reports/{name}" for name in REPORTS if name != "adverse-impact"),
    "/api/v1/rulesets",
    "/api/v1/audit/verify",
    "/api/v1/audit/digest",
]


@pytest.mark.parametrize("path", API_READS)
def test_every_api_read_answers_json_for_a_reviewers_token(
    owner: TestClient, reviewer: dict[str, str], path: str
) -> None:
    response = owner.get(path, headers=reviewer)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"


def test_a_reviewer_may_not_read_the_adverse_impact_report(
    owner: TestClient, reviewer: dict[str, str]
) -> None:
    response = owner.get("/api/v1/reports/adverse-impact", headers=reviewer)
    assert response.status_code == 403
    assert response.json()["error"]["category"] == "permission-denied"
