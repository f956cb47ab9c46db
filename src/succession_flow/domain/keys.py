"""Stable ids: the same position, employee or candidate always maps to the same aggregate id.

Deterministic ids make a duplicate nomination collide in the store itself (an integrity error),
so two concurrent nominations can never both succeed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from uuid import UUID, uuid5

from succession_flow.domain.errors import InvalidInput

NAMESPACE = UUID("6f1c3c1e-2b7a-4f53-9d0e-5a8f5c0f1b11")
_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
"""Matched whole (`fullmatch`): with `match` and `$`, an id with a trailing newline passed."""


def check_code(kind: str, value: Any) -> str:
    """Refuse ids that would be ambiguous in `EMPLOYEE@POSITION` or in a file name."""
    if not isinstance(value, str) or not _CODE.fullmatch(value):
        raise InvalidInput(
            f"{kind} id {value!r} is not valid: use letters, digits, '-', '_' or '.' (max 64)"
        )
    return value


def position_uuid(position_id: str) -> UUID:
    return uuid5(NAMESPACE, f"position:{position_id}")


def employee_uuid(employee_id: str) -> UUID:
    """Cached: an import asks for each employee's id once per file that names them."""
    return _employee_uuid(employee_id)


@lru_cache(maxsize=65536)
def _employee_uuid(employee_id: str) -> UUID:
    return uuid5(NAMESPACE, f"employee:{employee_id}")


def pool_uuid(position_id: str) -> UUID:
    return uuid5(NAMESPACE, f"pool:{position_id}")


def candidate_uuid(employee_id: str, position_id: str) -> UUID:
    return uuid5(NAMESPACE, f"candidate:{employee_id}@{position_id}")


@dataclass(frozen=True, order=True)
class CandidateKey:
    """A candidate is one employee for one position, written `EMPLOYEE@POSITION`."""

    employee_id: str
    position_id: str

    @classmethod
    def parse(cls, text: str) -> CandidateKey:
        employee, sep, position = text.partition("@")
        if not sep or not employee or not position:
            raise InvalidInput(
                f"candidate {text!r} must be written EMPLOYEE@POSITION, e.g. E1001@VP-SALES"
            )
        return cls(check_code("employee", employee), check_code("position", position))

    @property
    def uuid(self) -> UUID:
        return candidate_uuid(self.employee_id, self.position_id)

    def __str__(self) -> str:
        return f"{self.employee_id}@{self.position_id}"


def creation_label(event: Any) -> str:
    """The name an auditor knows an aggregate by (`E@P`, `pool:P`, ...), from its first event."""
    data = event.__dict__
    if "employee_id" in data and "position_id" in data:
        return f"{data['employee_id']}@{data['position_id']}"
    if type(event).__qualname__.startswith("TalentPool"):
        return f"pool:{data['position_id']}"
    if type(event).__qualname__.startswith("AccessControl"):
        return "roles"
    if type(event).__qualname__.startswith("UserDirectory"):
        return "users"
    if type(event).__qualname__.startswith("ReviewSession"):
        return f"review:{data['name']}"
    for field, kind in (
        ("position_id", "position"),
        ("employee_id", "employee"),
        ("name", "ruleset"),
    ):
        if field in data:
            return f"{kind}:{data[field]}"
    return str(event.originator_id)
