"""The demo console's users: one per role a visitor may want to try, each with a fresh
password, so `demo --serve` can be signed into at once and shows the roles at work."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from succession_flow.application.people import access, users
from succession_flow.application.services import Services
from succession_flow.domain.roles import Role

DEMO_ROLES = (Role.REVIEWER, Role.OPERATOR, Role.HR_OWNER, Role.AUDITOR)


@dataclass(frozen=True)
class DemoUser:
    name: str
    role: str
    password: str


def add_demo_users(services: Services) -> list[DemoUser]:
    """`demo-ROLE` for each demo role, its role granted by the demo's hr-owner (the first grant
    of the fresh store), with a password generated now and shown once."""
    owner = f"demo-{Role.HR_OWNER.value}"
    made = []
    for role in (Role.HR_OWNER, *(r for r in DEMO_ROLES if r != Role.HR_OWNER)):
        name = f"demo-{role.value}"
        access.grant(services, owner, name, role.value)
        password = secrets.token_urlsafe(12)
        users.add_user(services, owner, name, password)
        made.append(DemoUser(name, role.value, password))
    return sorted(made, key=lambda u: DEMO_ROLES.index(Role(u.role)))
