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

from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from succession_flow.domain.errors import IllegalTransition, PermissionDenied
from succession_flow.domain.keys import NAMESPACE
from succession_flow.domain.roles import (
    ALSO_GRANTED,
    GRANTS,
    LEVEL,
    Capability,
    Role,
    actor_name,
    allows,
    check_role,
)

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
