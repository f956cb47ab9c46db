"""Who may do what: roles granted to actors, kept as events like everything else.

Three roles, each including the ones below it: `reviewer` reads; `operator` also runs steps and
imports; `hr-owner` also edits and publishes rules, workflows and reference data and grants
roles. One role stands beside them: `auditor` reads like a reviewer and may also see an
individual's self-identified demographics (the `audit` capability, which hr-owners hold too);
an operator or reviewer sees only counts. `approver` likewise reads and may approve or reject
proposed nominations (the `approve` capability, which hr-owners hold too); an operator who
nominates may not approve, so a nomination under approval has two names on it. Until the first
role is granted the store is open (every actor may act): the first grant must make someone an
hr-owner, and from then on only hr-owners grant or revoke, and every write needs the role for it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from enum import StrEnum
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from succession_flow.domain.errors import IllegalTransition, InvalidInput, PermissionDenied
from succession_flow.domain.keys import NAMESPACE


class Role(StrEnum):
    HR_OWNER = "hr-owner"
    OPERATOR = "operator"
    REVIEWER = "reviewer"
    AUDITOR = "auditor"
    APPROVER = "approver"


class Capability(StrEnum):
    """What a write needs; on the CLI reading needs nothing, in the console it needs `read`."""

    READ = "read"  # the console's and the API's reads: every role holds it
    CONFIGURE = "configure"  # rules, workflows, positions, roles
    OPERATE = "operate"  # pipeline steps, batches, HR imports
    AUDIT = "see demographics"  # an individual's self-identified categories (reading, not writing)
    APPROVE = "approve nominations"  # approve or reject a proposed nomination


LEVEL = {Role.REVIEWER: 0, Role.AUDITOR: 0, Role.APPROVER: 0, Role.OPERATOR: 1, Role.HR_OWNER: 2}
"""Roles are cumulative: a role may do whatever the roles below it may (an auditor reads)."""

GRANTS: dict[Capability, Role] = {
    Capability.READ: Role.REVIEWER,
    Capability.CONFIGURE: Role.HR_OWNER,
    Capability.OPERATE: Role.OPERATOR,
    Capability.AUDIT: Role.HR_OWNER,
    Capability.APPROVE: Role.HR_OWNER,
}
ALSO_GRANTED: dict[Capability, Role] = {
    Capability.AUDIT: Role.AUDITOR,
    Capability.APPROVE: Role.APPROVER,
}
"""A capability a role beside the ladder holds as well as the ranks that reach GRANTS."""
ACCESS_ID = uuid5(NAMESPACE, "access-control")


class AccessControl(Aggregate):
    """The one record of role assignments in a store."""

    @staticmethod
    def create_id() -> UUID:
        return ACCESS_ID

    @event("Started")
    def __init__(self) -> None:
        self.roles: dict[str, list[str]] = {}

    def roles_of(self, actor: str) -> list[str]:
        return list(self.roles.get(actor, []))

    def holders(self, role: Role) -> list[str]:
        return sorted(a for a, roles in self.roles.items() if role in roles)

    def holds(self, actor: str, role: Role) -> bool:
        """Whether the actor has the role or one above it."""
        return any(LEVEL[Role(held)] >= LEVEL[role] for held in self.roles_of(actor))

    def check_may(self, actor: str, capability: Capability) -> None:
        if not self.roles:
            return
        if not self.may(actor, capability):
            needed = " or ".join(
                r for r in (GRANTS[capability], ALSO_GRANTED.get(capability)) if r is not None
            )
            has = ", ".join(self.roles_of(actor)) or "no role"
            raise PermissionDenied(
                f"actor {actor!r} needs role {needed} to {capability} (has {has})"
            )

    def may(self, actor: str, capability: Capability) -> bool:
        """Open stores allow everything; else the ladder's rank, or the role granted beside it."""
        if not self.roles:
            return True
        return allows(self.roles_of(actor), capability)

    def acting_roles(self, actor: str) -> frozenset[str]:
        """The roles an actor acts with: those granted, or every role while the store is open
        (as every actor may act until the first grant)."""
        if not self.roles:
            return frozenset(r.value for r in Role)
        return frozenset(self.roles_of(actor))

    def grant(self, actor: str, role: str, by: str) -> None:
        actor = actor_name(actor)
        checked = check_role(role)
        if not self.roles and checked != Role.HR_OWNER:
            raise IllegalTransition("the first role granted must be hr-owner")
        self.check_may(by, Capability.CONFIGURE)
        if checked in self.roles_of(actor):
            raise IllegalTransition(f"actor {actor!r} already has role {checked}")
        self._grant(subject=actor, role=checked.value, actor=by)

    @event("RoleGranted")
    def _grant(self, subject: str, role: str, actor: str) -> None:
        self.roles.setdefault(subject, []).append(role)

    def revoke(self, actor: str, role: str, by: str) -> None:
        actor = actor_name(actor)
        checked = check_role(role)
        self.check_may(by, Capability.CONFIGURE)
        if checked not in self.roles_of(actor):
            raise IllegalTransition(f"actor {actor!r} does not have role {checked}")
        if checked == Role.HR_OWNER and self.holders(Role.HR_OWNER) == [actor]:
            raise IllegalTransition(f"actor {actor!r} is the last hr-owner; grant another first")
        self._revoke(subject=actor, role=checked.value, actor=by)

    @event("RoleRevoked")
    def _revoke(self, subject: str, role: str, actor: str) -> None:
        self.roles[subject].remove(role)
        if not self.roles[subject]:
            del self.roles[subject]


def allows(roles: Iterable[str], capability: Capability) -> bool:
    """Whether these roles together reach the capability: the ladder's rank, or the role
    granted beside it (an operator does not see demographics; an auditor does)."""
    held = {Role(r) for r in roles}
    also = ALSO_GRANTED.get(capability)
    return any(LEVEL[r] >= LEVEL[GRANTS[capability]] for r in held) or also in held


def within(role: str, roles: Iterable[str]) -> bool:
    """Whether `role` allows nothing the `roles` do not: a token's ceiling is its user's."""
    held = list(roles)
    return all(allows(held, c) for c in Capability if allows([role], c))


def check_role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise InvalidInput(
            f"role {role!r} is not one of {', '.join(r.value for r in Role)}"
        ) from None


def actor_name(name: str) -> str:
    """The one normal form of a person's name in the record: Unicode NFC, no surrounding space,
    no control characters. `" alice"`, `"alice\\n"` and `"alice"` are one person; an empty name
    or one with a control character inside would leave a hole in the audit trail."""
    normal = unicodedata.normalize("NFC", name).strip()
    if not normal:
        raise InvalidInput("an actor must be named: the name is empty")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in normal):
        raise InvalidInput(f"actor {normal!r} contains a control character")
    return normal
