"""Proven identity in the console and `/api/v1`, with a real client on SQLite and PostgreSQL:
the login form, sessions and their CSRF token, API tokens, roles on every route, the recorded
actor, and refusals that change nothing."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Annotated, Any

import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient

from succession_flow.application.people import users
from succession_flow.application.pipeline import steps
from succession_flow.application.services import Services
from succession_flow.bootstrap import bootstrap
from succession_flow.config import Config
from succession_flow.domain.keys import CandidateKey
from succession_flow.domain.roles import Capability
from succession_flow.web.app import API, create_app, open_services
from succession_flow.web.login import FAILED
from succession_flow.web.security import Principal, requires
from tests.conftest import fresh_pg_schema
from tests.e2e.cli_helpers import event_count, run_json
from tests.e2e.web_identity import (
    ADMIN,
    PASSWORD,
    add_user_with_role,
    login_csrf,
    page_csrf,
    signed_in,
    token_headers,
    user_of,
)
from tests.e2e.web_store import build_web_store


@pytest.fixture(scope="module")
def url(module_store_url: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """One store per backend; the tests that write each move a candidate of their own."""
    build_web_store(module_store_url, tmp_path_factory.mktemp("identity"))
    return module_store_url


def with_readiness_route(app: FastAPI) -> FastAPI:
    """A write route as the apisteps routes are written: the actor is the principal's name."""

    @app.post(f"{API}/probe/{{candidate}}/readiness/{{readiness}}")
    async def change(
        candidate: str,
        readiness: str,
        services: Annotated[Services, Depends(open_services)],
        principal: Annotated[Principal, Depends(requires(Capability.OPERATE))],
    ) -> dict[str, Any]:
        key = CandidateKey.parse(candidate)
        steps.change_readiness(services, key, principal.name, readiness, None, "web review")
        return {"actor": principal.name}

    return app


def client_of(url: str) -> TestClient:
    return TestClient(with_readiness_route(create_app(Config.resolve(url))))


def login(client: TestClient, name: str, password: str, csrf: str | None = None) -> Any:
    form = {"name": name, "password": password, "next": "/positions"}
    if csrf is not None:
        form["csrf"] = csrf
    return client.post("/login", data=form, follow_redirects=False)


def test_signing_in_sets_a_strict_http_only_cookie_and_opens_the_pages(url: str) -> None:
    client = client_of(url)
    add_user_with_role(url, "reviewer")
    response = login(client, user_of("reviewer"), PASSWORD, login_csrf(client))
    assert (response.status_code, response.headers["location"]) == (303, "/positions")
    cookie = response.headers["set-cookie"].lower()
    assert "sf_session=" in cookie and "httponly" in cookie and "samesite=strict" in cookie
    assert "secure" not in cookie  # http here; set when served over https
    page = client.get("/positions")
    assert page.status_code == 200 and 'id="signed-in-as">web-reviewer<' in page.text


@pytest.mark.parametrize("name, password", [
    (user_of("reviewer"), "not the password"), ("nobody-at-all", PASSWORD), ("", ""),
])  # fmt: skip
def test_a_failed_sign_in_gives_one_message_whatever_was_wrong(
    url: str, name: str, password: str
) -> None:
    client = client_of(url)
    add_user_with_role(url, "reviewer")
    response = login(client, name, password, login_csrf(client))
    assert response.status_code == 401
    assert FAILED in response.text.replace("&#39;", "'")
    assert "sf_session" not in response.cookies


def test_after_five_failures_a_name_waits_even_with_the_right_password(url: str) -> None:
    client = client_of(url)
    name = add_user_with_role(url, "reviewer")
    csrf = login_csrf(client)
    for _ in range(5):
        assert login(client, name, "a wrong guess", csrf).status_code == 401
    refused = login(client, name, PASSWORD, csrf)
    other = login(client, add_user_with_role(url, "operator"), PASSWORD, csrf)
    assert refused.status_code == 401 and FAILED in refused.text.replace("&#39;", "'")
    assert other.status_code == 303  # counted per name: another user is not locked out


def test_a_sign_in_without_the_forms_csrf_token_is_refused(url: str) -> None:
    client = client_of(url)
    name = add_user_with_role(url, "reviewer")
    login_csrf(client)
    assert login(client, name, PASSWORD).status_code == 403
    assert login(client, name, PASSWORD, "forged").status_code == 403


def test_a_session_post_needs_its_csrf_token(url: str) -> None:
    client = signed_in(client_of(url), url, "reviewer")
    missing = client.post("/audit/verify")
    forged = client.post("/audit/verify", data={"csrf": "forged"})
    carried = client.post("/audit/verify", data={"csrf": page_csrf(client)})
    assert (missing.status_code, forged.status_code, carried.status_code) == (403, 403, 200)
    assert "CSRF token is missing or wrong" in missing.text
    assert 'id="verify-result"' in carried.text


def test_without_proof_the_api_answers_401_and_a_page_sends_to_the_login_form(url: str) -> None:
    client = client_of(url)
    api = client.get(f"{API}/positions")
    page = client.get("/positions/VP-SALES?as_of=2026-01-01", follow_redirects=False)
    wrong = client.get(f"{API}/positions", headers={"Authorization": "Bearer t-0.nothing"})
    basic = client.get(f"{API}/positions", headers={"Authorization": "Basic d2ViOndlYg=="})
    assert basic.status_code == 401
    assert (api.status_code, api.headers["www-authenticate"]) == (401, "Bearer")
    assert api.json()["error"]["category"] == "unauthenticated"
    assert wrong.status_code == 401
    assert (page.status_code, page.headers["location"]) == (
        303, "/login?next=/positions/VP-SALES%3Fas_of%3D2026-01-01")  # fmt: skip
    assert client.get(f"{API}/openapi.json").status_code == 200


def test_a_revoked_token_and_a_disabled_users_token_and_session_are_401(url: str) -> None:
    headers = token_headers(url, "approver")
    client = client_of(url)
    assert client.get(f"{API}/positions", headers=headers).status_code == 200
    services = bootstrap(url)
    try:
        token_id = headers["Authorization"].split()[1].split(".")[0]
        users.revoke_token(services, ADMIN, token_id)
    finally:
        services.close()
    assert client.get(f"{API}/positions", headers=headers).status_code == 401
    fresh = token_headers(url, "approver", name="leaver")
    session = signed_in(client_of(url), url, "approver", name="leaver")
    services = bootstrap(url)
    try:
        users.disable_user(services, ADMIN, "leaver")
    finally:
        services.close()
    assert client.get(f"{API}/positions", headers=fresh).status_code == 401
    assert session.get("/positions", follow_redirects=False).status_code == 303


@pytest.mark.parametrize("role, allowed", [
    ("reviewer", False), ("operator", False), ("auditor", True), ("hr-owner", True),
])  # fmt: skip
def test_the_adverse_impact_report_is_the_auditors_and_hr_owners(
    url: str, role: str, allowed: bool
) -> None:
    client = client_of(url)
    headers = token_headers(url, role)
    api = client.get(f"{API}/reports/adverse-impact", headers=headers)
    bench = client.get(f"{API}/reports/bench", headers=headers)
    assert (api.status_code, bench.status_code) == (200 if allowed else 403, 200)
    if not allowed:
        assert api.json()["error"] == {"status": 403, "category": "permission-denied",
            "message": f"user 'web-{role}' needs a role that may see demographics (has {role})"}  # fmt: skip


def test_a_write_records_the_authenticated_user_as_its_actor(url: str) -> None:
    client = client_of(url)
    response = client.post(f"{API}/probe/E1@VP-SALES/readiness/ready-1-2-years",
                           headers=token_headers(url, "operator"))  # fmt: skip
    assert response.json() == {"actor": "web-operator"}
    last = run_json(url, "history", "E1@VP-SALES")[-1]
    assert (last["event"], last["actor"]) == ("ReadinessChanged", "web-operator")
    assert "os_user" not in last["details"]


@pytest.mark.parametrize("role", ["reviewer", "auditor", "approver"])
def test_a_write_without_the_role_is_403_and_records_nothing(url: str, role: str) -> None:
    client = client_of(url)
    headers = token_headers(url, role)
    before = event_count(url)
    response = client.post(f"{API}/probe/E7@HEAD-HR/readiness/ready-1-2-years", headers=headers)
    assert response.status_code == 403
    assert response.json()["error"]["category"] == "permission-denied"
    assert event_count(url) == before


def test_a_signed_in_user_without_any_role_may_not_read_but_may_sign_out(url: str) -> None:
    add_user_with_role(url, "reviewer")  # roles granted: the store is no longer open to all
    client = client_of(url)
    services = bootstrap(url)
    name = f"no-role-{uuid.uuid4().hex[:6]}"
    try:
        users.add_user(services, ADMIN, name, PASSWORD)
    finally:
        services.close()
    assert login(client, name, PASSWORD, login_csrf(client)).status_code == 303
    refused = client.get("/positions")
    assert refused.status_code == 403
    assert f"user {name!r} needs a role" in refused.text.replace("&#39;", "'")
    signed_out = client.post(
        "/logout", data={"csrf": page_csrf(client, "/positions")}, follow_redirects=False
    )
    assert (signed_out.status_code, signed_out.headers["location"]) == (303, "/login")
    assert client.get("/positions", follow_redirects=False).status_code == 303


def test_a_read_only_sqlite_store_answers_writes_503_and_still_signs_in(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/web.sqlite"
    build_web_store(url, tmp_path)
    headers = token_headers(url, "operator")
    client = client_of(f"{url}?mode=ro")
    before = event_count(url)
    response = client.post(f"{API}/probe/E4@CFO/readiness/ready-now", headers=headers)
    assert response.status_code == 503
    assert response.json()["error"]["message"] == (
        "store is read-only: this console cannot record anything")  # fmt: skip
    assert event_count(url) == before
    assert signed_in(client, url, "reviewer").get("/positions").status_code == 200


@pytest.mark.postgres
def test_a_database_role_that_cannot_write_answers_writes_503(
    postgres_server: str, tmp_path: Path
) -> None:
    import psycopg

    with fresh_pg_schema(postgres_server) as owner:
        build_web_store(owner, tmp_path)
        headers = token_headers(owner, "operator")
        schema = owner.split("schema=")[1]
        name = f"sf_web_reader_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(postgres_server, autocommit=True) as conn:
            conn.execute(f'CREATE ROLE "{name}" LOGIN')
            conn.execute(f'GRANT USAGE ON SCHEMA "{schema}" TO "{name}"')
            conn.execute(f'GRANT SELECT ON ALL TABLES IN SCHEMA "{schema}" TO "{name}"')
        try:
            client = client_of(owner.replace("://postgres@", f"://{name}@"))
            before = event_count(owner)
            response = client.post(f"{API}/probe/E4@CFO/readiness/ready-now", headers=headers)
            assert response.status_code == 503
            assert event_count(owner) == before
            assert client.get(f"{API}/positions", headers=headers).status_code == 200
        finally:
            with psycopg.connect(postgres_server, autocommit=True) as conn:
                conn.execute(f'DROP OWNED BY "{name}"')
                conn.execute(f'DROP ROLE "{name}"')


def test_over_https_the_session_cookie_is_secure(url: str) -> None:
    client = TestClient(create_app(Config.resolve(url)), base_url="https://console.example")
    name = add_user_with_role(url, "reviewer")
    response = login(client, name, PASSWORD, login_csrf(client))
    assert response.status_code == 303
    assert "; secure" in response.headers["set-cookie"].lower()


@pytest.mark.parametrize("back, lands", [
    ("/candidates/E5@CFO", "/candidates/E5@CFO"),
    ("//elsewhere.example/x", "/"), ("https://elsewhere.example/", "/"), ("/\\\\x", "/"),
])  # fmt: skip
def test_signing_in_returns_only_to_a_page_of_this_console(url: str, back: str, lands: str) -> None:
    client = client_of(url)
    name = add_user_with_role(url, "reviewer")
    form = {"name": name, "password": PASSWORD, "next": back, "csrf": login_csrf(client)}
    response = client.post("/login", data=form, follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, lands)
