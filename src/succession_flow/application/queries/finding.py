"""Read-side use cases: find candidates and positions, show state and history.

These scan the event log's notifications page by page; a read model replaces the scans when a
store grows large.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from succession_flow.application.services import Services
from succession_flow.domain.candidate import Candidate
from succession_flow.domain.employee import Employee
from succession_flow.domain.keys import CandidateKey, position_uuid
from succession_flow.domain.position import Position


def event_class(aggregate: type[Any], name: str) -> type[Any]:
    """The event class `eventsourcing` made for a decorated method (invisible to type checkers)."""
    found: type[Any] = aggregate.__dict__[name]
    return found


def candidate_keys(services: Services, position_id: str | None = None) -> Iterator[CandidateKey]:
    """Every candidate ever nominated, in nomination order."""
    store = services.store
    for notification in store.notifications((event_class(Candidate, "Nominated"),)):
        event = store.decode(notification)
        if position_id is None or event.position_id == position_id:
            yield CandidateKey(event.employee_id, event.position_id)


def candidates(services: Services, position_id: str | None = None) -> Iterator[Candidate]:
    for key in candidate_keys(services, position_id):
        candidate = services.store.find(key.uuid, Candidate)
        if candidate is not None:
            yield candidate


def positions(services: Services) -> list[Position]:
    store = services.store
    found = []
    for notification in store.notifications((event_class(Position, "Defined"),)):
        event = store.decode(notification)
        position = store.find(position_uuid(event.position_id), Position)
        if position is not None:
            found.append(position)
    return found


def employees(services: Services) -> Iterator[Employee]:
    store = services.store
    for notification in store.notifications((event_class(Employee, "Registered"),)):
        employee = store.find(notification.originator_id, Employee)
        if employee is not None:
            yield employee


HIDDEN = {"originator_id", "originator_version", "timestamp", "originator_topic"}


def event_view(event: Any) -> dict[str, Any]:
    details = {k: v for k, v in event.__dict__.items() if k not in HIDDEN}
    return {
        "version": event.originator_version,
        "time": event.timestamp.isoformat(timespec="seconds"),
        "event": type(event).__qualname__.split(".")[-1],
        "actor": details.pop("actor", ""),
        "details": details,
    }
