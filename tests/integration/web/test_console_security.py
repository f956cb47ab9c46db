"""The console's proof of identity through a real HTTP client on each backend: the login form
and its CSRF cookie, the throttle, sessions ending at logout, a page's redirect to sign in and
the API's 401, and an unsafe request without the session's CSRF token refused (403)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from succession_flow.config import Config
from succession_flow.web.app import create_app
from succession_flow.web.login import FAILED, LOGIN_CSRF_COOKIE
from succession_flow.web.security.guards import SESSION_COOKIE
from succession_flow.web.security.throttle import ATTEMPTS
from tests.e2e.cli_helpers import event_count
from tests.e2e.web_identity import (
    PASSWORD,
    add_user_with_role,
    login_csrf,
    page_csrf,
    signed_in,
    user_of,
)


@pytest.fixture(scope="module")
def url(module_store_url: str) -> str:
    """A store with one reviewer; the tests read it or sign in and out, never write events."""
    add_user_with_role(module_store_url, "reviewer")
    return module_store_url


@pytest.fixture
def client(url: str) -> TestClient:
    return TestClient(create_app(Config.resolve(url)))


def login(client: TestClient, password: str, csrf: str | None, back: str = "/audit") -> Any:
    form = {"name": user_of("reviewer"), "password": password, "next": back}
    if csrf is not None:
        form["csrf"] = csrf
    return client.post("/login", data=form, follow_redirects=False)


def test_a_page_without_a_session_sends_the_browser_to_sign_in_and_back(
    client: TestClient,
) -> None:
    response = client.get("/positions?echelon=reserve", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/login?next={quote('/positions?echelon=reserve')}"


def test_the_api_without_a_token_answers_401_with_the_scheme_to_use(client: TestClient) -> None:
    response = client.get("/api/v1/positions")
    assert (response.status_code, response.headers["www-authenticate"]) == (401, "Bearer")
    assert response.json()["error"]["category"] == "unauthenticated"
    unknown = client.get("/api/v1/positions", headers={"Authorization": "Bearer t-nope.x"})
    assert unknown.status_code == 401
    assert "unknown, revoked" in unknown.json()["error"]["message"]
    empty = client.get("/api/v1/positions", headers={"Authorization": "Basic abc"})
    assert empty.status_code == 401


def test_the_login_form_sets_its_csrf_cookie_and_keeps_a_safe_next(client: TestClient) -> None:
    form = client.get("/login?next=//elsewhere.example/")
    assert form.status_code == 200
    assert 'name="next" value="/"' in form.text
    cookie = form.headers["set-cookie"].lower()
    assert cookie.startswith(f"{LOGIN_CSRF_COOKIE}=") and "httponly" in cookie
    assert "samesite=strict" in cookie and "path=/login" in cookie


def test_a_login_without_the_forms_csrf_token_is_refused(client: TestClient) -> None:
    login_csrf(client)
    response = login(client, PASSWORD, None)
    assert response.status_code == 403
    assert SESSION_COOKIE not in client.cookies


def test_a_wrong_password_says_one_message_and_a_right_one_signs_in(client: TestClient) -> None:
    wrong = login(client, "not the password", login_csrf(client))
    assert wrong.status_code == 401
    assert FAILED in wrong.text
    right = login(client, PASSWORD, login_csrf(client), back="/audit")
    assert (right.status_code, right.headers["location"]) == (303, "/audit")
    assert SESSION_COOKIE in client.cookies
    assert client.get("/audit").status_code == 200


def test_after_too_many_failures_even_the_right_password_waits(client: TestClient) -> None:
    for _ in range(ATTEMPTS):
        assert login(client, "guess", login_csrf(client)).status_code == 401
    waiting = login(client, PASSWORD, login_csrf(client))
    assert waiting.status_code == 401
    assert SESSION_COOKIE not in client.cookies


def test_an_unsafe_request_without_the_sessions_csrf_token_is_refused_and_writes_nothing(
    client: TestClient, url: str
) -> None:
    signed_in(client, url, "reviewer")
    before = event_count(url)
    response = client.post("/audit/verify", data={"csrf": "forged"})
    assert response.status_code == 403
    assert "CSRF token is missing or wrong" in response.text
    by_header = client.post("/audit/verify", headers={"x-csrf-token": page_csrf(client)})
    assert by_header.status_code == 200
    assert "no problems found" in by_header.text
    neither = client.post("/audit/verify", content=b"{}", headers={"content-type": "text/plain"})
    assert neither.status_code == 403
    assert event_count(url) == before


def test_signing_out_ends_the_session_at_once(client: TestClient, url: str) -> None:
    signed_in(client, url, "reviewer")
    out = client.post("/logout", data={"csrf": page_csrf(client)}, follow_redirects=False)
    assert (out.status_code, out.headers["location"]) == (303, "/login")
    assert client.get("/positions", follow_redirects=False).status_code == 303
