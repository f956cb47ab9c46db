"""The HTTP API with a real client, on SQLite and PostgreSQL: each read answers what the CLI's
matching command prints with `--format json`, and errors carry the CLI's categories."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from succession_flow.config import Config
from succession_flow.web.app import create_app
from tests.e2e.cli_helpers import event_count, run, run_json
from tests.e2e.web_identity import token_headers
from tests.e2e.web_store import RULE_DECIDED, build_web_store


@pytest.fixture(scope="module")
def url(module_store_url: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """One store per backend for the whole module: every request here only reads."""
    build_web_store(module_store_url, tmp_path_factory.mktemp("web"))
    return module_store_url


@pytest.fixture(scope="module")
def client(url: str) -> TestClient:
    return TestClient(create_app(Config.resolve(url)), headers=token_headers(url, "hr-owner"))


def get(client: TestClient, path: str) -> Any:
    response = client.get(path)
    assert response.status_code == 200, response.text
    return response.json()


def test_positions_are_the_bench_report_of_the_echelon(client: TestClient, url: str) -> None:
    found = get(client, "/api/v1/positions")
    units, chart = found.pop("units"), found.pop("orgchart")
    assert found == {"as_of": "now", **run_json(url, "report", "bench")}
    assert units == ["Finance", "HR", "Sales", "Technology"]
    assert chart == run_json(url, "report", "orgchart")


def test_positions_of_a_unit_carry_its_org_chart_once_a_post_is_held_or_reports(
    client: TestClient, url: str
) -> None:
    chart = get(client, "/api/v1/positions?unit=Technology")["orgchart"]
    assert chart == run_json(url, "report", "orgchart", "--unit", "Technology")
    assert [p["position"] for p in chart["positions"]] == ["CTO"]
    assert get(client, "/api/v1/positions?unit=Sales")["orgchart"] is None  # vacant, alone
    assert get(client, "/api/v1/positions?echelon=reserve")["orgchart"] is None


@pytest.mark.parametrize(
    "query, cli, shown",
    [
        ("unit=Finance", ["--unit", "Finance"], ["CFO"]),
        ("echelon=management", ["--echelon", "management"], ["HEAD-HR"]),
        ("echelon=management&unit=Finance", ["--echelon", "management", "--unit", "Finance"], []),
    ],
)
def test_positions_filter_by_echelon_and_unit_as_report_bench_does(
    client: TestClient, url: str, query: str, cli: list[str], shown: list[str]
) -> None:
    found = get(client, f"/api/v1/positions?{query}")
    assert [p["position"] for p in found["positions"]] == shown
    assert found["summary"] == run_json(url, "report", "bench", *cli)["summary"]


def test_a_position_is_its_report_with_the_replenishment_need(client: TestClient, url: str) -> None:
    found = get(client, "/api/v1/positions/VP-SALES")
    need, revision = found.pop("replenishment"), found.pop("revision")
    assert found == {"as_of": "now", **run_json(url, "report", "position", "VP-SALES")}
    assert (need["target"], need["remaining"], need["need"]) == (3, 2, 1)
    assert revision == {"position": "VP-SALES", "version": 1, "revised": None, "changes": {},
                        "text": "position VP-SALES v1"}  # fmt: skip


def test_a_candidate_shows_its_status_timeline_and_explained_decisions_as_the_cli(
    client: TestClient, url: str
) -> None:
    found = get(client, f"/api/v1/candidates/{RULE_DECIDED}")
    assert found["status"] == run_json(url, "status", RULE_DECIDED)
    assert found["timeline"] == run_json(url, "history", RULE_DECIDED)
    assert found["decisions"] == run_json(url, "explain", RULE_DECIDED)
    decision = found["decisions"][0]
    assert (decision["decided_by"], decision["ruleset"], decision["outcome"]) == (
        "rules", "evaluation", "fail")  # fmt: skip
    assert decision["published"]["note"] == "the shipped rules"


def test_a_past_view_before_anything_existed_says_what_did_not_exist(client: TestClient) -> None:
    response = client.get(f"/api/v1/candidates/{RULE_DECIDED}?as_of=2020-01-01")
    positions = get(client, "/api/v1/positions?as_of=2020-01-01")
    assert response.status_code == 404
    assert response.json()["error"]["message"] == (
        f"candidate {RULE_DECIDED} did not exist at 2020-01-01T23:59:59+00:00"
    )
    assert (positions["as_of"], positions["positions"]) == ("2020-01-01T23:59:59+00:00", [])


def test_the_talent_card_lists_the_record_its_changes_candidacies_and_nine_box(
    client: TestClient, url: str
) -> None:
    found = get(client, "/api/v1/employees/E1")
    assert found["record"] == run_json(url, "employee", "show", "E1")
    assert [c["candidate"] for c in found["candidacies"]] == ["E1@VP-SALES"]
    assert found["ninebox"] == {"performance": "high", "potential": "high", "box": "star"}
    assert [c["event"] for c in found["changes"]] == [
        "Registered", "RatingRecorded", "CompetenciesAssessed", "JobMatchAssessed", "TalentAssessed"]  # fmt: skip


@pytest.mark.parametrize(
    "name", ["bench", "pipeline", "ninebox", "orgchart", "plan", "adverse-impact"]
)
def test_each_report_is_the_value_the_cli_prints(client: TestClient, url: str, name: str) -> None:
    found = get(client, f"/api/v1/reports/{name}")
    assert (found["report"], found["as_of"]) == (name, "now")
    assert found["value"] == run_json(url, "report", name)


@pytest.mark.parametrize(
    "query, cli, placed",
    [
        ("unit=Sales", ["--unit", "Sales"], ["E1", "E2", "E3", "E4", "E5", "E6", "E7", "E8"]),
        ("unit=Finance", ["--unit", "Finance"], []),
        ("position=VP-SALES", ["--position", "VP-SALES"], ["E1", "E2", "E3"]),
        ("unit=Sales&position=CFO", ["--unit", "Sales", "--position", "CFO"], ["E4", "E5"]),
    ],
)
def test_the_nine_box_narrows_to_a_unit_and_a_position_as_the_cli_does(
    client: TestClient, url: str, query: str, cli: list[str], placed: list[str]
) -> None:
    found = get(client, f"/api/v1/reports/ninebox?{query}")["value"]
    assert found == run_json(url, "report", "ninebox", *cli)
    people = sorted(p["employee"] for box in found["boxes"] for p in box["people"])
    assert people == placed


def test_rule_sets_list_each_version_with_who_published_it_and_the_diff_is_the_cli_s(
    client: TestClient, url: str
) -> None:
    rulesets = {r["name"]: r for r in get(client, "/api/v1/rulesets")["rulesets"]}
    versions = rulesets["evaluation"]["versions"]
    assert [(v["by"], v["note"]) for v in versions] == [
        ("tester", "the shipped rules"), ("hr-owner", "core competence bar raised")]  # fmt: skip
    assert rulesets["evaluation"]["current"] == versions[1]["version"]
    old, new = versions[0]["version"][:12], versions[1]["version"][:12]
    diff = get(client, f"/api/v1/rulesets/diff?from={old}&to={new}")
    assert [diff] == run_json(url, "rules", "diff", "--from", old, "--to", new)
    assert diff["parameters"] != {}


def test_verify_reports_what_audit_verify_reports(client: TestClient, url: str) -> None:
    found = get(client, "/api/v1/audit/verify")
    assert found == run_json(url, "audit", "verify")
    assert (found["ok"], found["findings"]) == (True, [])


@pytest.mark.parametrize(
    "path, status, category, message",
    [
        ("/api/v1/positions/NOPE", 404, "not-found", "position NOPE not found"),
        ("/api/v1/candidates/E1", 400, "bad-input",
         "candidate 'E1' must be written EMPLOYEE@POSITION, e.g. E1001@VP-SALES"),
        ("/api/v1/positions?as_of=31/12/2026", 400, "bad-input",
         "as_of: '31/12/2026' is not a date or date-time like 2026-06-30 or 2026-06-30T17:00"),
        ("/api/v1/positions?echelon=board", 400, "bad-input",
         "query.echelon: Input should be 'key-position', 'management' or 'reserve'"),
        ("/api/v1/reports/payroll", 404, "not-found",
         "report 'payroll' not found: use one of bench, pipeline, ninebox, orgchart, plan, "
         "adverse-impact"),
        ("/api/v1/rulesets/diff?from=0000&to=1111", 404, "not-found",
         "--from 0000: no single published version starts so"),
        ("/api/v1/nothing-here", 404, "not-found", "no such page"),
    ],
)  # fmt: skip
def test_a_refused_request_answers_the_cli_s_category_as_json_and_writes_nothing(
    client: TestClient, url: str, path: str, status: int, category: str, message: str
) -> None:
    before = event_count(url)
    response = client.get(path)
    assert response.status_code == status
    assert response.json() == {"error": {"status": status, "category": category,
                                         "message": message}}  # fmt: skip
    assert event_count(url) == before


def test_the_openapi_schema_documents_every_read_and_its_errors(client: TestClient) -> None:
    every = get(client, "/api/v1/openapi.json")["paths"]
    paths = {
        p: {m: o for m, o in ops.items() if o["tags"] == ["reads"]} for p, ops in every.items()
    }
    paths = {p: ops for p, ops in paths.items() if ops}
    assert sorted(paths) == [
        "/api/v1/audit/digest", "/api/v1/audit/export", "/api/v1/audit/verify",
        "/api/v1/candidates/{candidate}", "/api/v1/employees/{employee_id}",
        "/api/v1/positions", "/api/v1/positions/{position_id}",
        "/api/v1/reports/{name}",
        "/api/v1/rulesets", "/api/v1/rulesets/diff", "/api/v1/rulesets/simulate",
    ]  # fmt: skip
    for path, operations in paths.items():
        for method, operation in operations.items():
            assert {"200", "400", "401", "403", "404", "409", "503"} <= set(
                operation["responses"]
            ), path
            assert method in ("get", "post"), path
    upload = paths["/api/v1/rulesets/simulate"]["post"]["requestBody"]["content"]
    assert upload["multipart/form-data"]["schema"]["required"] == ["file"]


def test_serve_refuses_a_store_that_does_not_exist(tmp_path: Path) -> None:
    missing = tmp_path / "missing.sqlite"
    result = run(f"sqlite:///{missing}", "serve", "--port", "0")
    assert (result.exit_code, result.stderr) == (
        3, f"error: no store at {missing}: run a writing command or `init` first\n")  # fmt: skip
    assert not missing.exists()
