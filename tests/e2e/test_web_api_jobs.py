"""Batch jobs over `/api/v1/jobs`, on SQLite and PostgreSQL: a job is `run STEP` on the server's
one writer, its result the table `run --format json` prints; a refused job is never queued."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from succession_flow.config import Config
from succession_flow.web.app import create_app
from succession_flow.web.writing import jobs_of, writer_of
from tests.e2e.cli_helpers import event_count, run, run_json
from tests.e2e.rules_setup import SHIPPED, company_store
from tests.e2e.web_identity import token_headers, user_of

NOMINEES = ["E1001@VP-SALES", "E1002@VP-SALES", "E1003@VP-SALES"]


@pytest.fixture
def url(store_url: str) -> str:
    """Three nominees for VP-SALES, the shipped rules published."""
    company_store(store_url)
    assert (
        run(store_url, "rules", "publish", "--rules", str(SHIPPED), "--note", "go").exit_code == 0
    )
    for key in NOMINEES:
        assert run(store_url, "nominate", key, "--reason", "review").exit_code == 0
    return store_url


@pytest.fixture
def client(url: str) -> TestClient:
    return TestClient(create_app(Config.resolve(url)))


def finished(client: TestClient, job_id: str, headers: dict[str, str]) -> Any:
    """The job once the writer has run it: work queued after it runs after it."""
    writer_of(client.app).submit(lambda services: None).result()  # type: ignore[arg-type]
    response = client.get(f"/api/v1/jobs/{job_id}", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def start(client: TestClient, headers: dict[str, str], **body: Any) -> Any:
    response = client.post("/api/v1/jobs", json=body, headers=headers)
    assert response.status_code == 202, response.text
    return response.json()


def test_a_job_runs_the_step_for_everyone_waiting_and_reports_run_s_table(
    client: TestClient, url: str
) -> None:
    expected = run_json(url, "run", "evaluate", "--dry-run")  # before any role is granted
    operator = token_headers(url, "operator")
    started = start(client, operator, step="evaluate", position="VP-SALES")
    assert (started["actor"], started["step"], started["position"]) == (
        user_of("operator"), "evaluate", "VP-SALES")  # fmt: skip
    job = finished(client, started["id"], operator)
    assert (job["state"], job["error"], job["progress"]) == ("done", None, {"done": 3, "total": 3})
    result = job["result"]
    assert {**result, "dry_run": True, "events": 0} == expected
    assert result["events"] > 0
    for key in NOMINEES:
        status = run_json(url, "status", key)
        assert status["state"] == "evaluated"
    actors = {e["actor"] for e in run_json(url, "history", NOMINEES[0])}
    assert actors == {"tester", user_of("operator")}


def test_a_dry_run_job_reports_the_same_and_writes_nothing(client: TestClient, url: str) -> None:
    expected = run_json(url, "run", "evaluate", "--dry-run")  # before any role is granted
    operator = token_headers(url, "operator")
    before = event_count(url)
    job = finished(client, start(client, operator, step="evaluate", dry_run=True)["id"], operator)
    assert job["result"] == expected
    assert event_count(url) == before


@pytest.mark.parametrize(
    "body, role, status, category",
    [
        ({"step": "evaluate", "position": "NOPE"}, "operator", 404, "not-found"),
        ({"step": "promote"}, "operator", 400, "bad-input"),
        ({"step": "evaluate", "echelon": "board"}, "operator", 400, "bad-input"),
        ({"step": "evaluate", "actor": "mallory"}, "operator", 400, "bad-input"),
        ({"step": "evaluate"}, "reviewer", 403, "permission-denied"),
        ({"step": "evaluate"}, None, 401, "unauthenticated"),
    ],
)
def test_a_refused_job_is_never_queued_and_writes_nothing(
    client: TestClient,
    url: str,
    body: dict[str, Any],
    role: str | None,
    status: int,
    category: str,
) -> None:
    headers = token_headers(url, role) if role else {}
    before = event_count(url)
    response = client.post("/api/v1/jobs", json=body, headers=headers)
    assert (response.status_code, response.json()["error"]["category"]) == (status, category)
    assert len(jobs_of(client.app)) == 0  # type: ignore[arg-type]
    assert event_count(url) == before


def test_a_job_that_is_not_there_is_not_found(client: TestClient, url: str) -> None:
    response = client.get("/api/v1/jobs/0123abcd", headers=token_headers(url, "reviewer"))
    assert (response.status_code, response.json()["error"]["message"]) == (
        404, "job 0123abcd not found (jobs do not survive a restart)")  # fmt: skip
