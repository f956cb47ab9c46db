"""Revoking roles: the actor loses what the role allowed, and the store never loses its last
hr-owner (someone must always be able to grant roles again). Refusals record nothing."""

from __future__ import annotations

import pytest

from succession_flow.application.people import access
from succession_flow.application.services import Services
from succession_flow.domain.errors import IllegalTransition, InvalidInput, PermissionDenied
from succession_flow.domain.roles import Capability

pytestmark = pytest.mark.company()  # an empty store on each backend


def roles_of_the_store(services: Services) -> list[dict[str, object]]:
    return access.assignments(services)


@pytest.fixture
def staffed(services: Services) -> Services:
    """alice is the hr-owner; bob operates and audits."""
    access.grant(services, "alice", "alice", "hr-owner")
    access.grant(services, "alice", "bob", "operator")
    access.grant(services, "alice", "bob", "auditor")
    return services


def test_a_revoked_role_no_longer_allows_its_work_and_the_revocation_is_an_event(
    staffed: Services,
) -> None:
    before = staffed.store.event_count()
    access.revoke(staffed, "alice", "bob", "operator")
    assert staffed.store.event_count() == before + 1
    assert roles_of_the_store(staffed) == [
        {"actor": "alice", "roles": ["hr-owner"]},
        {"actor": "bob", "roles": ["auditor"]},
    ]
    with pytest.raises(PermissionDenied) as refused:
        access.require(staffed, "bob", Capability.OPERATE)
    assert str(refused.value) == "actor 'bob' needs role operator to operate (has auditor)"
    access.require(staffed, "bob", Capability.AUDIT)  # the other role still holds


def test_revoking_an_actors_last_role_removes_the_actor_from_the_list(staffed: Services) -> None:
    access.revoke(staffed, "alice", "bob", "operator")
    access.revoke(staffed, "alice", "bob", "auditor")
    assert roles_of_the_store(staffed) == [{"actor": "alice", "roles": ["hr-owner"]}]
    with pytest.raises(PermissionDenied, match="has no role"):
        access.require(staffed, "bob", Capability.AUDIT)


def test_the_last_hr_owner_cannot_be_revoked_and_nothing_is_recorded(staffed: Services) -> None:
    before = staffed.store.event_count()
    with pytest.raises(IllegalTransition) as refused:
        access.revoke(staffed, "alice", "alice", "hr-owner")
    assert str(refused.value) == "actor 'alice' is the last hr-owner; grant another first"
    assert staffed.store.event_count() == before
    assert {"actor": "alice", "roles": ["hr-owner"]} in roles_of_the_store(staffed)


def test_once_a_second_hr_owner_exists_the_first_may_step_down(staffed: Services) -> None:
    access.grant(staffed, "alice", "carol", "hr-owner")
    access.revoke(staffed, "carol", "alice", "hr-owner")
    assert roles_of_the_store(staffed) == [
        {"actor": "bob", "roles": ["auditor", "operator"]},
        {"actor": "carol", "roles": ["hr-owner"]},
    ]
    with pytest.raises(PermissionDenied):
        access.grant(staffed, "alice", "dave", "operator")  # alice can no longer configure
    with pytest.raises(IllegalTransition, match="'carol' is the last hr-owner"):
        access.revoke(staffed, "carol", "carol", "hr-owner")


@pytest.mark.parametrize(
    ("by", "actor", "role", "error", "message"),
    [
        ("bob", "bob", "auditor", PermissionDenied, "actor 'bob' needs role hr-owner to configure (has operator, auditor)"),
        ("alice", "bob", "hr-owner", IllegalTransition, "actor 'bob' does not have role hr-owner"),
        ("alice", "nobody", "operator", IllegalTransition, "actor 'nobody' does not have role operator"),
        ("alice", "bob", "boss", InvalidInput, "role 'boss' is not one of hr-owner, operator, reviewer, auditor, approver"),
    ],
 ids=["not-an-hr-owner", "role-not-held", "unknown-actor", "unknown-role"],
)  # fmt: skip
def test_a_refused_revocation_names_why_and_records_nothing(
    staffed: Services,
    by: str,
    actor: str,
    role: str,
    error: type[Exception],
    message: str,
) -> None:
    before = staffed.store.event_count()
    with pytest.raises(error) as refused:
        access.revoke(staffed, by, actor, role)
    assert str(refused.value) == message
    assert staffed.store.event_count() == before


def test_a_name_is_revoked_in_its_normal_form(staffed: Services) -> None:
    access.revoke(staffed, "alice", " bob\n", "operator")
    assert {"actor": "bob", "roles": ["auditor"]} in roles_of_the_store(staffed)
