"""The pipeline's steps over `/api/v1`, on SQLite and PostgreSQL, with a real client and token:
each answers what the CLI command prints, records the token's user as the actor, and a refused
step answers the CLI's category as JSON and writes nothing."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from succession_flow.config import Config
from succession_flow.web.app import create_app
from tests.e2e.cli_helpers import event_count, run, run_json
from tests.e2e.rules_setup import SHIPPED, approval_workflows, company_store
from tests.e2e.web_identity import token_headers, user_of

KEY = "E1001@VP-SALES"


@pytest.fixture
def url(store_url: str) -> str:
    """The builders' company (VP-SALES, E1001..E1003) with the shipped rules published."""
    company_store(store_url)
    published = run(store_url, "rules", "publish", "--rules", str(SHIPPED), "--note", "go")
    assert published.exit_code == 0, published.stderr
    return store_url


@pytest.fixture
def client(url: str) -> TestClient:
    return TestClient(create_app(Config.resolve(url)))


def post(client: TestClient, path: str, headers: dict[str, str], body: Any = None) -> Any:
    response = client.post(f"/api/v1{path}", json=body, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def test_a_candidate_walks_the_pipeline_through_the_api_as_the_token_s_user(
    client: TestClient, url: str
) -> None:
    operator = token_headers(url, "operator")
    deadline = (date.today() + timedelta(days=90)).isoformat()
    walk = [
        ("nominate", {"reason": "annual talent review"}),
        ("evaluate", None),
        ("pool", None),
        ("train", {"courses": ["LEAD-301", "STRAT-310"], "deadline": deadline}),
        ("record-course", {"course": "LEAD-301", "score": 85}),
        ("record-course", {"course": "STRAT-310", "score": 90}),
        ("complete-training", None),
        ("promote", {}),
    ]
    answers = [post(client, f"/candidates/{KEY}/{step}", operator, body) for step, body in walk]
    assert [a["outcome"] for a in answers] == [
        "nominated", "pass", "ready-now", "in_training", "passed", "passed", "passed", "promote"]  # fmt: skip
    assert answers[-1]["state"] == "promoted"
    history = run_json(url, "history", KEY)
    assert {e["actor"] for e in history} == {user_of("operator")}
    decided = {
        e["event"]: e["details"]["decision"] for e in history if e["details"].get("decision")
    }
    assert answers[1]["decision"] == decided["Evaluated"]
    assert answers[-1]["decision"] == decided["Promoted"]


def test_a_step_answers_what_the_cli_prints_for_the_same_step(client: TestClient, url: str) -> None:
    operator = token_headers(url, "operator")
    for who in ("E1001", "E1002"):
        post(client, f"/candidates/{who}@VP-SALES/nominate", operator, {"reason": "review"})
    by_api = post(client, "/candidates/E1001@VP-SALES/evaluate", operator)
    printed = run(url, "--format", "json", "evaluate", "E1002@VP-SALES", actor=user_of("operator"))
    by_cli = json.loads(printed.stdout)
    assert {**by_api, "candidate": "E1002@VP-SALES"} == {
        **by_cli, "decision": {**by_cli["decision"], "facts": by_api["decision"]["facts"]}}  # fmt: skip
    assert by_api["decision"]["facts"].keys() == by_cli["decision"]["facts"].keys()


def test_an_override_is_recorded_with_its_justification_under_the_token_s_user(
    client: TestClient, url: str
) -> None:
    operator = token_headers(url, "operator")
    post(client, f"/candidates/{KEY}/nominate", operator, {"reason": "review"})
    body = {"override": {"outcome": "fail", "justification": "panel concerns"}}
    answer = post(client, f"/candidates/{KEY}/evaluate", operator, body)
    assert (answer["outcome"], answer["overridden"]) == ("fail", True)
    overrides = [e for e in run_json(url, "history", KEY) if e["event"] == "DecisionOverridden"]
    assert [(e["actor"], e["details"]["justification"]) for e in overrides] == [
        (user_of("operator"), "panel concerns")]  # fmt: skip


def test_approval_needs_an_approver_not_the_operator_who_nominated(
    store_url: str, tmp_path: Path
) -> None:
    company_store(store_url)
    for args in (["rules", "publish", "--rules", str(SHIPPED)],
                 ["workflows", "publish", "--folder", str(approval_workflows(tmp_path))]):  # fmt: skip
        assert run(store_url, *args, "--note", "go").exit_code == 0
    client = TestClient(create_app(Config.resolve(store_url)))
    operator, approver = token_headers(store_url, "operator"), token_headers(store_url, "approver")
    nominated = post(client, f"/candidates/{KEY}/nominate", operator, {"reason": "review"})
    refused = client.post(f"/api/v1/candidates/{KEY}/approve", json={"reason": "ok"},
                          headers=operator)  # fmt: skip
    approved = post(client, f"/candidates/{KEY}/approve", approver, {"reason": "board 2026-11"})
    assert (nominated["state"], refused.status_code, approved["state"]) == (
        "proposed", 403, "nominated")  # fmt: skip
    assert refused.json()["error"]["category"] == "permission-denied"


@pytest.mark.parametrize(
    "step, body, status, category, message",
    [
        ("pool", None, 409, "illegal-transition",
         "E1001@VP-SALES: cannot pool a candidate who is nominated"),
        ("evaluate", {"actor": "mallory"}, 400, "bad-input",
         "body.actor: Extra inputs are not permitted"),
        ("evaluate", {"override": {"outcome": "pass", "justification": " "}}, 400, "bad-input",
         "--justification is required to override a rule decision"),
        ("train", {"deadline": "31/12/2026"}, 400, "bad-input",
         "deadline: '31/12/2026' is not a date like 2015-04-01"),
        ("exit", {"reason": "bored"}, 400, "bad-input",
         "--reason 'bored' is not one of withdrawn, left-company, failed-examination, other"),
        ("nominate", {"reason": ""}, 400, "bad-input",
         "body.reason: String should have at least 1 character"),
    ],
)  # fmt: skip
def test_a_refused_step_answers_the_cli_s_category_and_writes_nothing(
    client: TestClient,
    url: str,
    step: str,
    body: Any,
    status: int,
    category: str,
    message: str,
) -> None:
    operator = token_headers(url, "operator")
    post(client, f"/candidates/{KEY}/nominate", operator, {"reason": "review"})
    before = event_count(url)
    response = client.post(f"/api/v1/candidates/{KEY}/{step}", json=body, headers=operator)
    assert (response.status_code, response.json()) == (
        status, {"error": {"status": status, "category": category, "message": message}})  # fmt: skip
    assert event_count(url) == before


@pytest.mark.parametrize(
    "candidate, status, category",
    [("E9999@VP-SALES", 404, "not-found"), ("E1001", 400, "bad-input"),
     ("E1001@NOPE", 404, "not-found")],
)  # fmt: skip
def test_a_step_on_someone_who_is_not_there_is_refused_and_writes_nothing(
    client: TestClient, url: str, candidate: str, status: int, category: str
) -> None:
    operator = token_headers(url, "operator")
    before = event_count(url)
    response = client.post(f"/api/v1/candidates/{candidate}/nominate", json={"reason": "r"},
                           headers=operator)  # fmt: skip
    assert (response.status_code, response.json()["error"]["category"]) == (status, category)
    assert event_count(url) == before


@pytest.mark.parametrize("role, status", [("reviewer", 403), ("approver", 403), (None, 401)])
def test_a_step_without_the_operator_role_is_refused_and_writes_nothing(
    client: TestClient, url: str, role: str | None, status: int
) -> None:
    headers = token_headers(url, role) if role else {}
    before = event_count(url)
    response = client.post(f"/api/v1/candidates/{KEY}/nominate", json={"reason": "r"},
                           headers=headers)  # fmt: skip
    assert response.status_code == status, response.text
    assert event_count(url) == before


def test_the_openapi_schema_documents_every_step_and_job_with_its_errors(
    client: TestClient,
) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    paths, models = schema["paths"], schema["components"]["schemas"]
    writes = {
        p: ops["post"]
        for p, ops in paths.items()
        if "post" in ops and ops["post"]["tags"] != ["reads"]
    }
    assert sorted(writes) == [
        f"/api/v1/candidates/{{candidate}}/{step}"
        for step in ("approve", "complete-training", "evaluate", "exit", "nominate", "pool",
                     "promote", "readiness", "record-course", "reject", "train")
    ] + ["/api/v1/jobs"]  # fmt: skip
    for path, operation in writes.items():
        answers = {"400", "401", "403", "404", "409", "503"}
        assert answers | {"202" if path.endswith("jobs") else "200"} <= set(operation["responses"])
        body = operation["requestBody"]["content"]["application/json"]["schema"]
        ref = next(b["$ref"] for b in [body, *body.get("anyOf", [])] if "$ref" in b)
        assert "actor" not in models[ref.rsplit("/", 1)[1]]["properties"], path
    assert set(paths["/api/v1/jobs/{job_id}"]["get"]["responses"]) >= {"200", "404"}


def test_a_write_to_a_read_only_store_is_unavailable_and_writes_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/store.sqlite"
    company_store(url)
    operator = token_headers(url, "operator")
    before = event_count(url)
    client = TestClient(create_app(Config.resolve(f"{url}?mode=ro")))
    for path, body in [(f"/candidates/{KEY}/nominate", {"reason": "r"}),
                       ("/jobs", {"step": "evaluate"})]:  # fmt: skip
        response = client.post(f"/api/v1{path}", json=body, headers=operator)
        assert (response.status_code, response.json()["error"]["category"]) == (
            503, "store-unavailable")  # fmt: skip
    assert event_count(url) == before
