"""One aggregate as it stood at a moment: the version it had then, and its state at it.

Apart from `history` so that `status` and the other one-aggregate reads load only the aggregate
they show, not every aggregate whose events a whole history can name.
"""

from __future__ import annotations

from datetime import datetime
from typing import TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from succession_flow.application.services import Services
from succession_flow.domain.errors import NotFound

A = TypeVar("A", bound=Aggregate)


def version_at(services: Services, uid: UUID, moment: datetime) -> int | None:
    """The aggregate's last version recorded at or before the moment (None: it did not exist)."""
    versions = [
        e.originator_version for e in services.store.events_of(uid) if e.timestamp <= moment
    ]
    return max(versions) if versions else None


def as_of(services: Services, uid: UUID, cls: type[A], label: str, moment: datetime | None) -> A:
    if moment is None:
        return services.store.get(uid, cls, label)
    version = version_at(services, uid, moment)
    found = services.store.find(uid, cls, version) if version is not None else None
    if found is None:
        raise NotFound(f"{label} did not exist at {moment.isoformat(timespec='seconds')}")
    return found
