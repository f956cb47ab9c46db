"""A talent review (calibration) session: a group looks at one population's nine-box together,
proposes moves with a reason, and closes the session, which applies every move at once.

The session records proposals only; closing it changes the candidates and employees in the same
save (see `application.pipeline.review_sessions`), so a review either lands whole or not at all.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from succession_flow.domain import values
from succession_flow.domain.errors import IllegalTransition, InvalidInput
from succession_flow.domain.keys import NAMESPACE, check_code
from succession_flow.domain.lifecycle import LEVELS, Echelon, Readiness
from succession_flow.domain.values import check_choice

POPULATIONS = ("position", "echelon", "unit")
"""What a session reviews: the candidates of one position, one echelon or one org unit."""


def review_uuid(name: str) -> UUID:
    return uuid5(NAMESPACE, f"review:{name}")


class ReviewSession(Aggregate):
    @staticmethod
    def create_id(name: str, population: dict[str, str], reason: str, actor: str) -> UUID:
        return review_uuid(name)

    @event("Opened")
    def __init__(self, name: str, population: dict[str, str], reason: str, actor: str) -> None:
        self.name = name
        self.population = dict(population)
        self.reason = reason
        self.opened_by = actor
        self.moves: dict[str, dict[str, Any]] = {}
        """Subject (`readiness:E@P` or `potential:E`) -> the latest move proposed for it."""
        self.closed = False

    @classmethod
    def open(cls, name: str, population: dict[str, str], reason: str, actor: str) -> ReviewSession:
        check_code("review", name)
        if len(population) != 1:
            raise InvalidInput("a review needs exactly one of --position, --echelon or --unit")
        ((kind, value),) = population.items()
        check_choice("population", kind, POPULATIONS)
        if kind == "echelon":
            check_choice("--echelon", value, [e.value for e in Echelon])
        check_reason(reason, "open a review")
        return cls(name=name, population=population, reason=reason, actor=actor)

    def check_open(self) -> None:
        if self.closed:
            raise IllegalTransition(f"review {self.name} is closed")

    def propose_readiness(self, candidate: str, readiness: str, reason: str, actor: str) -> None:
        self.check_open()
        check_choice("--readiness", readiness, [r.value for r in Readiness])
        check_reason(reason, "propose a move")
        self._propose(subject=f"readiness:{candidate}", value=readiness, reason=reason, actor=actor)

    def propose_potential(self, employee_id: str, potential: str, reason: str, actor: str) -> None:
        self.check_open()
        check_choice("--potential", potential, LEVELS)
        check_reason(reason, "propose a move")
        self._propose(
            subject=f"potential:{employee_id}", value=potential, reason=reason, actor=actor
        )

    @event("MoveProposed")
    def _propose(self, subject: str, value: str, reason: str, actor: str) -> None:
        self.moves[subject] = {"value": value, "reason": reason, "actor": actor}

    def close(self, actor: str, applied: int) -> None:
        """Recorded in the save that applies the moves; `applied`: how many changed something."""
        self.check_open()
        self._close(actor=actor, applied=applied)

    @event("Closed")
    def _close(self, actor: str, applied: int) -> None:
        self.closed = True

    def because(self, reason: str) -> str:
        """The reason a change applied by this session carries, naming the session."""
        return f"talent review {self.name}: {reason}"


def check_reason(reason: str, doing: str) -> None:
    values.check_reason("--reason", reason, f"--reason is required to {doing}")
