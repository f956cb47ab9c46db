"""Roles and what each may do, and the one normal form of an actor's name: plain values, apart
from the `AccessControl` aggregate (`access`) so that every command can name its actor and the
capability it needs without loading the aggregate's event classes.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from enum import StrEnum

from succession_flow.domain.errors import InvalidInput


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
