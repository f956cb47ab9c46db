"""The talent pool of one position: who is in it now, at what readiness.

Saved in the same transaction as the candidate whose step changed it, so the pool and the
candidates can never disagree.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from succession_flow.domain.errors import IllegalTransition
from succession_flow.domain.keys import pool_uuid


class TalentPool(Aggregate):
    @staticmethod
    def create_id(position_id: str) -> UUID:
        return pool_uuid(position_id)

    @event("Opened")
    def __init__(self, position_id: str, actor: str) -> None:
        self.position_id = position_id
        self.members: dict[str, dict[str, Any]] = {}

    def admit(
        self, employee_id: str, readiness: str, emergency_successor: bool, actor: str
    ) -> None:
        if employee_id in self.members:
            raise IllegalTransition(f"{employee_id} is already in the {self.position_id} pool")
        self._admit(
            employee_id=employee_id,
            readiness=readiness,
            emergency_successor=emergency_successor,
            actor=actor,
        )

    @event("MemberAdmitted")
    def _admit(
        self, employee_id: str, readiness: str, emergency_successor: bool, actor: str
    ) -> None:
        self.members[employee_id] = {
            "readiness": readiness,
            "emergency_successor": emergency_successor,
        }

    def change_readiness(
        self, employee_id: str, readiness: str, emergency_successor: bool, actor: str
    ) -> None:
        self._check_member(employee_id)
        self._change_readiness(
            employee_id=employee_id,
            readiness=readiness,
            emergency_successor=emergency_successor,
            actor=actor,
        )

    @event("MemberReadinessChanged")
    def _change_readiness(
        self, employee_id: str, readiness: str, emergency_successor: bool, actor: str
    ) -> None:
        self.members[employee_id] = {
            "readiness": readiness,
            "emergency_successor": emergency_successor,
        }

    def release(self, employee_id: str, outcome: str, actor: str) -> None:
        """A member leaves as a winner (promoted) or is eliminated (exited)."""
        self._check_member(employee_id)
        self._release(employee_id=employee_id, outcome=outcome, actor=actor)

    @event("MemberReleased")
    def _release(self, employee_id: str, outcome: str, actor: str) -> None:
        del self.members[employee_id]

    def _check_member(self, employee_id: str) -> None:
        if employee_id not in self.members:
            raise IllegalTransition(f"{employee_id} is not in the {self.position_id} pool")

    def count(self, readiness: str | None = None) -> int:
        return sum(
            1 for m in self.members.values() if readiness is None or m["readiness"] == readiness
        )
