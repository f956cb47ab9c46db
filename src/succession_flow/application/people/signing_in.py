"""Who is asking: a user's password or an API token checked against the record.

Both answer None for every kind of refusal (unknown name, wrong password, disabled user,
revoked or unknown token), so a caller cannot tell them apart and neither can whoever asks.
Each request asks again, so a disabled user or a revoked token stops working at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from succession_flow.adapters.passwords import (
    digest_matches,
    password_matches,
    unknown_user_hash,
)
from succession_flow.application.people.users import acting_roles, directory
from succession_flow.application.services import Services
from succession_flow.domain.errors import InvalidInput
from succession_flow.domain.roles import actor_name, within


@dataclass(frozen=True)
class Identity:
    """A proven user, and the roles this proof lets them act with."""

    name: str
    roles: frozenset[str]


def by_password(services: Services, name: str, password: str) -> str | None:
    """The user's normal name when the password is theirs and they are not disabled."""
    try:
        name = actor_name(name)
    except InvalidInput:
        return None
    found = directory(services)
    user = found.users.get(name) if found is not None else None
    hashed = user["password_hash"] if user is not None else unknown_user_hash()
    matched = password_matches(hashed, password)
    return name if matched and user is not None and not user["disabled"] else None


def by_token(services: Services, token: str) -> Identity | None:
    """The token's user with the token's role, while the token and the user are both live."""
    token_id = token.split(".", 1)[0]
    found = directory(services)
    held = found.tokens.get(token_id) if found is not None else None
    if held is None or held["revoked"] or not digest_matches(held["digest"], token):
        return None
    if found is None or not found.is_active(held["user"]):
        return None
    if not within(held["role"], acting_roles(services, held["user"])):
        return None  # the user lost the role since: the token cannot act above them
    return Identity(held["user"], frozenset({held["role"]}))


def by_session(services: Services, name: str) -> Identity | None:
    """A signed-in user's roles now: a session outlives neither a disabling nor a revoked role."""
    found = directory(services)
    if found is None or not found.is_active(name):
        return None
    return Identity(name, acting_roles(services, name))
