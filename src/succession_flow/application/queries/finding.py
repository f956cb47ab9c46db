"""Read-side use cases: find candidates and positions, show state and history.

These scan the event log's notifications page by page; a read model replaces the scans when a
store grows large.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import Any

from succession_flow.adapters.paging import PAGE
from succession_flow.application.batch.waiting import scan_states
from succession_flow.application.services import Services
from succession_flow.domain.candidate import Candidate
from succession_flow.domain.employee import Employee
from succession_flow.domain.keys import CandidateKey, position_uuid
from succession_flow.domain.lifecycle import State
from succession_flow.domain.position import Position


def event_class(aggregate: type[Any], name: str) -> type[Any]:
    """The event class `eventsourcing` made for a decorated method (invisible to type checkers)."""
    found: type[Any] = aggregate.__dict__[name]
    return found


def candidate_keys(
    services: Services, position_id: str | None = None, states: Collection[State] | None = None
) -> list[CandidateKey]:
    """Every candidate ever nominated (or those now in `states`), in nomination order, from the
    one pass over the log that also finds who waits for a batch step (`scan_states`)."""
    return [
        seen.key
        for seen in scan_states(services.store).values()
        if position_id in (None, seen.key.position_id) and (states is None or seen.state in states)
    ]


def candidates(
    services: Services, position_id: str | None = None, states: Collection[State] | None = None
) -> Iterator[Candidate]:
    """The candidates `candidate_keys` lists, loaded in bulk a page at a time (not one query
    per candidate)."""
    keys = candidate_keys(services, position_id, states)
    for start in range(0, len(keys), PAGE):
        page = keys[start : start + PAGE]
        loaded = services.store.find_many(key.uuid for key in page)
        for key in page:
            candidate = loaded[key.uuid]
            if isinstance(candidate, Candidate):
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
CREDENTIALS = {"password_hash", "digest"}
"""A user's password hash and a token's digest: kept in the record, never shown or exported
(a hash shown is a hash someone can try to crack offline)."""


def event_view(event: Any) -> dict[str, Any]:
    details = {k: v for k, v in event.__dict__.items() if k not in HIDDEN | CREDENTIALS}
    return {
        "version": event.originator_version,
        "time": event.timestamp.isoformat(timespec="seconds"),
        "event": type(event).__qualname__.split(".")[-1],
        "actor": details.pop("actor", ""),
        "details": details,
    }
