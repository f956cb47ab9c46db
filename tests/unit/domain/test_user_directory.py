"""The user directory refuses what would blur the record, and a token's role is capped by the
user's grants on the one role ladder."""

from __future__ import annotations

import pytest

from succession_flow.domain.errors import IllegalTransition, InvalidInput, NotFound
from succession_flow.domain.identity import UserDirectory
from succession_flow.domain.roles import Capability, allows, within


def directory_with_bob() -> UserDirectory:
    found = UserDirectory()
    found.add_user(" bob\n", "argon2-hash", "alice")
    return found


def test_a_user_is_kept_under_the_one_normal_form_of_the_name() -> None:
    found = directory_with_bob()
    assert list(found.users) == ["bob"]
    assert found.user("bob ") == {"password_hash": "argon2-hash", "disabled": False}
    with pytest.raises(IllegalTransition, match="user 'bob' already exists"):
        found.add_user("bob", "other", "alice")
    with pytest.raises(InvalidInput, match="control character"):
        found.add_user("bo\x07b", "h", "alice")


def test_a_disabled_user_gets_no_token_and_is_disabled_once() -> None:
    found = directory_with_bob()
    found.disable_user("bob", "alice")
    assert not found.is_active("bob")
    with pytest.raises(IllegalTransition, match="already disabled"):
        found.disable_user("bob", "alice")
    with pytest.raises(IllegalTransition, match="user 'bob' is disabled"):
        found.create_token("t-1", "bob", "reviewer", "", "digest", "alice")


def test_a_token_is_revoked_once_and_unknown_ones_are_not_found() -> None:
    found = directory_with_bob()
    found.create_token("t-1", "bob", "operator", "nightly", "digest", "alice")
    found.revoke_token("t-1", "alice")
    assert found.token("t-1")["revoked"] is True
    with pytest.raises(IllegalTransition, match="already revoked"):
        found.revoke_token("t-1", "alice")
    with pytest.raises(NotFound, match="token 't-2' not found"):
        found.revoke_token("t-2", "alice")
    with pytest.raises(InvalidInput, match="role 'boss' is not one of"):
        found.create_token("t-3", "bob", "boss", "", "digest", "alice")


@pytest.mark.parametrize("role, granted, fits", [
    ("reviewer", ["operator"], True),
    ("operator", ["operator"], True),
    ("operator", ["hr-owner"], True),
    ("auditor", ["hr-owner"], True),
    ("hr-owner", ["operator"], False),
    ("auditor", ["operator"], False),  # the ladder's rank does not reach demographics
    ("approver", ["operator"], False),
    ("reviewer", [], False),
    ("operator", ["reviewer", "auditor"], False),
])  # fmt: skip
def test_a_token_role_is_within_the_users_roles(role: str, granted: list[str], fits: bool) -> None:
    assert within(role, granted) is fits


@pytest.mark.parametrize("roles, capability, allowed", [
    (["reviewer"], Capability.READ, True),
    (["auditor"], Capability.READ, True),
    (["approver"], Capability.READ, True),
    (["reviewer"], Capability.OPERATE, False),
    (["operator"], Capability.AUDIT, False),
    (["auditor"], Capability.AUDIT, True),
    (["hr-owner"], Capability.AUDIT, True),
    ([], Capability.READ, False),
])  # fmt: skip
def test_roles_allow_a_capability_by_rank_or_beside_the_ladder(
    roles: list[str], capability: Capability, allowed: bool
) -> None:
    assert allows(roles, capability) is allowed
