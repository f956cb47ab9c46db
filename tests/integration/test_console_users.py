"""The console's users and API tokens as use cases on each store: who may add them, what a
password must be, and that every refusal of a sign-in (unknown name, wrong password, disabled
user, revoked, forged or outranked token) looks the same: None, and nothing recorded."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from succession_flow.application.people import access, signing_in, users
from succession_flow.application.services import Services
from succession_flow.domain.errors import (
    IllegalTransition,
    InvalidInput,
    NotFound,
    PermissionDenied,
)
from succession_flow.domain.roles import Role

PASSWORD = "correct horse battery"


def console(services: Services) -> None:
    """alice is the hr-owner, bob an operator; both are console users."""
    access.grant(services, "alice", "alice", "hr-owner")
    access.grant(services, "alice", "bob", "operator")
    users.add_user(services, "alice", "alice", PASSWORD)
    users.add_user(services, "alice", "bob", PASSWORD)


pytestmark = pytest.mark.company(build=console)


@pytest.mark.parametrize(
    ("do", "error", "message"),
    [
        (lambda s: users.add_user(s, "alice", "carol", "short"), InvalidInput, "password: at least 10 characters"),
        (lambda s: users.add_user(s, "alice", "carol", PASSWORD + " "), InvalidInput, "password: no surrounding space or line break"),
        (lambda s: users.add_user(s, "alice", "carol", "line\nbreak pass"), InvalidInput, "password: no surrounding space or line break"),
        (lambda s: users.add_user(s, "bob", "carol", PASSWORD), PermissionDenied, "actor 'bob' needs role hr-owner to configure (has operator)"),
        (lambda s: users.add_user(s, "alice", "bob ", PASSWORD), IllegalTransition, "user 'bob' already exists"),
        (lambda s: users.disable_user(s, "alice", "carol"), NotFound, "user 'carol' not found"),
        (lambda s: users.create_token(s, "alice", "bob", "hr-owner", "ci"), IllegalTransition, "user 'bob' has operator: a token cannot have role hr-owner"),
        (lambda s: users.create_token(s, "alice", "carol", "reviewer", "ci"), IllegalTransition, "user 'carol' has no role: a token cannot have role reviewer"),
        (lambda s: users.revoke_token(s, "alice", "t-000000000000"), NotFound, "token 't-000000000000' not found"),
    ],
    ids=["short", "space", "newline", "not-hr-owner", "twice", "disable-unknown", "token-above-user", "token-without-role", "revoke-unknown"],
)  # fmt: skip
def test_a_user_or_token_that_cannot_be_is_refused_and_nothing_is_recorded(
    module_services: Services,
    do: Callable[[Services], object],
    error: type[Exception],
    message: str,
) -> None:
    before = module_services.store.event_count()
    with pytest.raises(error) as refused:
        do(module_services)
    assert str(refused.value) == message
    assert module_services.store.event_count() == before


def test_a_token_acts_with_its_role_until_it_is_revoked(services: Services) -> None:
    made = users.create_token(services, "alice", "bob", "reviewer", "dashboard")
    assert made.token.startswith(f"{made.token_id}.")
    assert signing_in.by_token(services, made.token) == signing_in.Identity(
        "bob", frozenset({"reviewer"})
    )
    forged = made.token[:-1] + ("A" if made.token[-1] != "A" else "B")
    assert signing_in.by_token(services, forged) is None
    assert signing_in.by_token(services, "t-unknown.secret") is None
    assert users.tokens(services) == [
        {"token": made.token_id, "user": "bob", "role": "reviewer", "label": "dashboard",
         "revoked": False}
    ]  # fmt: skip
    assert users.revoke_token(services, "alice", made.token_id) == made.token_id
    assert signing_in.by_token(services, made.token) is None
    assert users.tokens(services)[0]["revoked"] is True
    with pytest.raises(IllegalTransition, match="is already revoked"):
        users.revoke_token(services, "alice", made.token_id)


@pytest.mark.parametrize("lose", ["role", "user"])
def test_a_token_stops_when_its_user_loses_the_role_or_is_disabled(
    services: Services, lose: str
) -> None:
    made = users.create_token(services, "alice", "bob", "operator", "batch")
    if lose == "role":
        access.grant(services, "alice", "bob", "reviewer")
        access.revoke(services, "alice", "bob", "operator")
    else:
        users.disable_user(services, "alice", "bob")
    assert signing_in.by_token(services, made.token) is None
    with pytest.raises(IllegalTransition):
        users.create_token(services, "alice", "bob", "operator", "again")


@pytest.mark.company()  # an empty store: no directory, no roles
def test_a_store_without_users_lists_none_and_lets_no_one_sign_in(services: Services) -> None:
    assert (users.users(services), users.tokens(services)) == ([], [])
    assert signing_in.by_password(services, "alice", PASSWORD) is None
    assert signing_in.by_token(services, "t-abc.secret") is None
    assert signing_in.by_session(services, "alice") is None
    assert users.acting_roles(services, "alice") == {role.value for role in Role}
