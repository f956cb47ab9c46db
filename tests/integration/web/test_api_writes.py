"""Writes over `/api/v1` through a real HTTP client on each backend: the steps the HR system
calls, each judgement overridable with a justification, and batch jobs started and read
back; a refused write answers the CLI's category as JSON and writes nothing."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from succession_flow.config import Config
from succession_flow.web.app import create_app
from succession_flow.web.writing import writer_of
from tests.e2e.cli_helpers import event_count, run, run_json
from tests.e2e.rules_setup import SHIPPED, company_store
from tests.e2e.web_identity import token_headers, user_of

OVERRIDE = {"override": {"outcome": "pass", "justification": "calibration panel"}}


@pytest.fixture(scope="module")
def url(module_store_url: str) -> str:
    """The builders' company (VP-SALES, E1001..E1003) with the shipped rules; each test steps
    a candidate of its own."""
    company_store(module_store_url)
    published = run(module_store_url, "rules", "publish", "--rules", str(SHIPPED), "--note", "go")
    assert published.exit_code == 0, published.stderr
    return module_store_url


@pytest.fixture(scope="module")
def app(url: str) -> FastAPI:
    return create_app(Config.resolve(url))


@pytest.fixture(scope="module")
def client(app: FastAPI) -> TestClient:
    return TestClient(app)


@pytest.fixture(scope="module")
def operator(url: str) -> dict[str, str]:
    return token_headers(url, "operator")


def step(client: TestClient, headers: dict[str, str], path: str, body: Any = None) -> Any:
    response = client.post(f"/api/v1/candidates/{path}", json=body, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def test_a_candidate_is_judged_by_overrides_and_leaves_through_promotion(
    client: TestClient, operator: dict[str, str], url: str
) -> None:
    key = "E1002@VP-SALES"
    deadline = (date.today() + timedelta(days=60)).isoformat()
    walk = [
        ("nominate", {"reason": "talent review"}),
        ("evaluate", OVERRIDE),
        ("pool", {"override": {"outcome": "ready-1-2-years", "justification": "panel"}}),
        ("readiness", {"readiness": "ready-now", "emergency": True, "reason": "review"}),
        ("train", {"courses": ["LEAD-301"], "deadline": deadline, "goals": ["lead a unit"]}),
        ("record-course", {"course": "LEAD-301", "score": 40, "passed": True}),
        ("complete-training", {"override": {"outcome": "passed", "justification": "panel"}}),
        ("promote", {"effective": date.today().isoformat(), **OVERRIDE} | {
            "override": {"outcome": "promote", "justification": "board"}}),
    ]  # fmt: skip
    answers = [step(client, operator, f"{key}/{name}", body) for name, body in walk]
    assert [a["outcome"] for a in answers] == [
        "nominated", "pass", "ready-1-2-years", "ready-now", "in_training", "passed", "passed",
        "promote"]  # fmt: skip
    assert answers[2]["overridden"] is True
    assert answers[-1]["state"] == "promoted"
    assert {e["actor"] for e in run_json(url, "history", key)} == {user_of("operator")}


def test_an_operator_takes_a_candidate_out_of_the_pipeline_with_a_reason(
    client: TestClient, operator: dict[str, str]
) -> None:
    key = "E1003@VP-SALES"
    step(client, operator, f"{key}/nominate", {"reason": "talent review"})
    left = step(client, operator, f"{key}/exit", {"reason": "withdrawn"})
    assert left["state"] == "exited"


@pytest.mark.parametrize(
    ("path", "body", "status", "category"),
    [
        ("E1001@VP-SALES/nominate", {"reason": "x", "actor": "mallory"}, 400, "bad-input"),
        ("E1001@VP-SALES/nominate", {"reason": ""}, 400, "bad-input"),
        ("no-at-sign/evaluate", None, 400, "bad-input"),
        ("E9@VP-SALES/approve", {"reason": "x"}, 403, "permission-denied"),
        ("E1001@VP-SALES/promote", {"effective": "tomorrow"}, 400, "bad-input"),
        ("E1001@NOWHERE/reject", {"reason": "x"}, 403, "permission-denied"),
    ],
)
def test_a_refused_step_answers_its_category_and_writes_nothing(
    client: TestClient,
    operator: dict[str, str],
    url: str,
    path: str,
    body: Any,
    status: int,
    category: str,
) -> None:
    before = event_count(url)
    response = client.post(f"/api/v1/candidates/{path}", json=body, headers=operator)
    assert (response.status_code, response.json()["error"]["category"]) == (status, category)
    assert event_count(url) == before


def finished(app: FastAPI) -> None:
    """Every write queued so far has run: the writer is one thread, taking them in turn."""
    writer_of(app).submit(lambda services: None).result()


def test_a_dry_run_job_is_accepted_run_in_turn_and_read_back_with_its_table(
    app: FastAPI, client: TestClient, operator: dict[str, str], url: str
) -> None:
    before = event_count(url)
    started = client.post(
        "/api/v1/jobs", json={"step": "evaluate", "position": "VP-SALES", "dry_run": True},
        headers=operator,
    )  # fmt: skip
    assert started.status_code == 202, started.text
    job = started.json()
    assert (job["state"], job["position"], job["dry_run"]) == ("queued", "VP-SALES", True)
    finished(app)
    done = client.get(f"/api/v1/jobs/{job['id']}", headers=operator).json()
    assert done["state"] == "done"
    assert done["result"]["dry_run"] is True and done["started"] and done["finished"]
    assert event_count(url) == before


@pytest.mark.parametrize(
    ("body", "status", "said"),
    [
        ({"step": "bogus"}, 400, "'bogus' is not one of"),
        ({"step": "evaluate", "position": "NOWHERE"}, 404, "NOWHERE"),
        ({"step": "evaluate", "echelon": "reserve", "actor": "x"}, 400, "actor"),
    ],
)
def test_a_refused_job_is_never_queued(
    client: TestClient, operator: dict[str, str], body: Any, status: int, said: str
) -> None:
    response = client.post("/api/v1/jobs", json=body, headers=operator)
    assert response.status_code == status
    assert said in response.json()["error"]["message"]


def test_a_job_nobody_started_is_not_found(client: TestClient, operator: dict[str, str]) -> None:
    response = client.get("/api/v1/jobs/nope", headers=operator)
    assert response.status_code == 404
    assert response.json()["error"]["message"] == (
        "job nope not found (jobs do not survive a restart)"
    )
