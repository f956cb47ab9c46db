"""Use cases for the console's users and API tokens: add, disable, create, revoke, list.

Every one is a write an hr-owner makes (`Capability.CONFIGURE`), checked first. A token's role
is checked against its user's grants here, where both records are at hand.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from succession_flow.adapters.passwords import hash_password, token_digest
from succession_flow.application.people.access import access_control, require
from succession_flow.application.services import Services
from succession_flow.domain.access import AccessControl
from succession_flow.domain.errors import IllegalTransition, InvalidInput
from succession_flow.domain.identity import DIRECTORY_ID, UserDirectory
from succession_flow.domain.roles import Capability, actor_name, within

MIN_PASSWORD = 10


@dataclass(frozen=True)
class NewToken:
    """What `token create` shows once: the id to revoke it by, and the secret itself."""

    token_id: str
    user: str
    role: str
    label: str
    token: str


def directory(services: Services) -> UserDirectory | None:
    return services.store.find(DIRECTORY_ID, UserDirectory)


def acting_roles(services: Services, name: str) -> frozenset[str]:
    """The roles `name` acts with now (see `AccessControl.acting_roles`)."""
    return (access_control(services) or AccessControl()).acting_roles(actor_name(name))


def add_user(services: Services, by: str, name: str, password: str) -> str:
    require(services, by, Capability.CONFIGURE)
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"password: at least {MIN_PASSWORD} characters")
    if password != password.strip() or "\n" in password:
        raise InvalidInput("password: no surrounding space or line break")
    hashed = hash_password(password)

    def attempt() -> str:
        found = directory(services) or UserDirectory()
        found.add_user(name, hashed, by)
        services.store.save(found)
        return actor_name(name)

    return services.store.retrying(attempt, "users")


def disable_user(services: Services, by: str, name: str) -> str:
    require(services, by, Capability.CONFIGURE)

    def attempt() -> str:
        found = directory(services) or UserDirectory()
        found.disable_user(name, by)
        services.store.save(found)
        return actor_name(name)

    return services.store.retrying(attempt, "users")


def create_token(services: Services, by: str, user: str, role: str, label: str) -> NewToken:
    """A token for `user` acting with `role`, which must be within the user's roles."""
    require(services, by, Capability.CONFIGURE)
    user = actor_name(user)
    if not within(role, acting_roles(services, user)):
        held = ", ".join(sorted(acting_roles(services, user))) or "no role"
        raise IllegalTransition(f"user {user!r} has {held}: a token cannot have role {role}")
    token_id = f"t-{secrets.token_hex(6)}"
    token = f"{token_id}.{secrets.token_urlsafe(32)}"

    def attempt() -> NewToken:
        found = directory(services) or UserDirectory()
        found.create_token(token_id, user, role, label, token_digest(token), by)
        services.store.save(found)
        return NewToken(token_id, user, role, label, token)

    return services.store.retrying(attempt, "tokens")


def revoke_token(services: Services, by: str, token_id: str) -> str:
    require(services, by, Capability.CONFIGURE)

    def attempt() -> str:
        found = directory(services) or UserDirectory()
        found.revoke_token(token_id, by)
        services.store.save(found)
        return token_id

    return services.store.retrying(attempt, "tokens")


def users(services: Services) -> list[dict[str, Any]]:
    """Every user with the roles granted to that name; never a password hash."""
    found = directory(services)
    listed = found.users if found is not None else {}
    return [{"user": name, "disabled": u["disabled"], "roles": sorted(acting_roles(services, name))}
            for name, u in sorted(listed.items())]  # fmt: skip


def tokens(services: Services) -> list[dict[str, Any]]:
    """Every token by id, user, role and label; never the secret, nor its digest."""
    found = directory(services)
    listed = found.tokens if found is not None else {}
    return [{"token": token_id, "user": t["user"], "role": t["role"], "label": t["label"],
             "revoked": t["revoked"]} for token_id, t in sorted(listed.items())]  # fmt: skip
