"""Proven callers for the console's tests: a user holding a role, a token for it, a session.

`token_headers(url, role)` is what a program sends; `signed_in(client, url, role)` signs a
TestClient in through the login form, as a person does.
"""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from succession_flow.application.people import access, users
from succession_flow.bootstrap import bootstrap
from succession_flow.domain.roles import Role

ADMIN = "web-admin"
"""The hr-owner who grants the test users their roles (the first grant of a store)."""
PASSWORD = "correct horse battery staple"


def user_of(role: str) -> str:
    return f"web-{role}"


def add_user_with_role(
    url: str, role: str, secret: bytes | None = None, name: str | None = None
) -> str:
    """The user `name` (else `web-ROLE`) holding ROLE, with PASSWORD; made once per store."""
    name = name or user_of(role)
    services = bootstrap(url, secret=secret)
    try:
        control = access.access_control(services)
        if control is None or not control.roles_of(ADMIN):
            control = access.grant(services, ADMIN, ADMIN, Role.HR_OWNER.value)
        if role not in control.roles_of(name):
            access.grant(services, ADMIN, name, role)
        if name not in {u["user"] for u in users.users(services)}:
            users.add_user(services, ADMIN, name, PASSWORD)
    finally:
        services.close()
    return name


def token_headers(
    url: str, role: str, secret: bytes | None = None, name: str | None = None
) -> dict[str, str]:
    """`Authorization: Bearer` of a new token for `name` (else `web-ROLE`), acting with ROLE."""
    name = add_user_with_role(url, role, secret, name)
    services = bootstrap(url, secret=secret)
    try:
        made = users.create_token(services, ADMIN, name, role, f"tests as {role}")
    finally:
        services.close()
    return {"Authorization": f"Bearer {made.token}"}


def login_csrf(client: TestClient) -> str:
    page = client.get("/login")
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert found is not None, page.text
    return found.group(1)


def signed_in(client: TestClient, url: str, role: str, name: str | None = None) -> TestClient:
    """The client, signed in through the form as `name` (else `web-ROLE`), its cookie kept."""
    name = add_user_with_role(url, role, name=name)
    response = client.post(
        "/login",
        data={"name": name, "password": PASSWORD, "csrf": login_csrf(client), "next": "/"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return client


def page_csrf(client: TestClient, path: str = "/audit") -> str:
    """The session's CSRF token, as a page's forms carry it."""
    found = re.search(r'name="csrf" value="([^"]+)"', client.get(path).text)
    assert found is not None
    return found.group(1)
