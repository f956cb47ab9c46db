"""The console's users and API tokens: who may sign in, kept as events like everything else.

A user is an actor name with a password (its argon2 hash only); what the user may do is the
roles granted to that same name (`access.AccessControl`), so there is one role model. A token
lets a program act as its user with one role no higher than the user's; only its digest is
kept, so the record never holds a secret that would let a reader act. Users are disabled,
never deleted, and tokens revoked, never deleted: the audit trail keeps who could act when.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from succession_flow.domain.errors import IllegalTransition, NotFound
from succession_flow.domain.keys import NAMESPACE
from succession_flow.domain.roles import actor_name, check_role

DIRECTORY_ID = uuid5(NAMESPACE, "user-directory")


class UserDirectory(Aggregate):
    """The one record of the console's users and their API tokens in a store."""

    @staticmethod
    def create_id() -> UUID:
        return DIRECTORY_ID

    @event("Started")
    def __init__(self) -> None:
        self.users: dict[str, dict[str, Any]] = {}
        self.tokens: dict[str, dict[str, Any]] = {}

    def user(self, name: str) -> dict[str, Any]:
        found = self.users.get(actor_name(name))
        if found is None:
            raise NotFound(f"user {actor_name(name)!r} not found")
        return found

    def token(self, token_id: str) -> dict[str, Any]:
        found = self.tokens.get(token_id)
        if found is None:
            raise NotFound(f"token {token_id!r} not found")
        return found

    def add_user(self, name: str, password_hash: str, by: str) -> None:
        name = actor_name(name)
        if name in self.users:
            raise IllegalTransition(f"user {name!r} already exists")
        self._add_user(subject=name, password_hash=password_hash, actor=by)

    @event("UserAdded")
    def _add_user(self, subject: str, password_hash: str, actor: str) -> None:
        self.users[subject] = {"password_hash": password_hash, "disabled": False}

    def disable_user(self, name: str, by: str) -> None:
        found = self.user(name)
        if found["disabled"]:
            raise IllegalTransition(f"user {actor_name(name)!r} is already disabled")
        self._disable_user(subject=actor_name(name), actor=by)

    @event("UserDisabled")
    def _disable_user(self, subject: str, actor: str) -> None:
        self.users[subject]["disabled"] = True

    def create_token(
        self, token_id: str, user: str, role: str, label: str, digest: str, by: str
    ) -> None:
        """The role's ceiling (the user's grants) is checked by the caller, who has them."""
        self.check_active(user)
        if token_id in self.tokens:
            raise IllegalTransition(f"token {token_id!r} already exists")
        self._create_token(token_id=token_id, user=actor_name(user), role=check_role(role).value,
                           label=label, digest=digest, actor=by)  # fmt: skip

    @event("TokenCreated")
    def _create_token(
        self, token_id: str, user: str, role: str, label: str, digest: str, actor: str
    ) -> None:
        self.tokens[token_id] = {"user": user, "role": role, "label": label, "digest": digest,
                                 "revoked": False}  # fmt: skip

    def revoke_token(self, token_id: str, by: str) -> None:
        if self.token(token_id)["revoked"]:
            raise IllegalTransition(f"token {token_id!r} is already revoked")
        self._revoke_token(token_id=token_id, actor=by)

    @event("TokenRevoked")
    def _revoke_token(self, token_id: str, actor: str) -> None:
        self.tokens[token_id]["revoked"] = True

    def check_active(self, name: str) -> None:
        if self.user(name)["disabled"]:
            raise IllegalTransition(f"user {actor_name(name)!r} is disabled")

    def is_active(self, name: str) -> bool:
        found = self.users.get(name)
        return found is not None and not found["disabled"]
