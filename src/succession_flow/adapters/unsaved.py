"""What a dry run would have written, kept in memory and read back as if it were in the log.

A dry run is the real run with one difference: its saves land here instead of in the database.
Events are encoded by the store's own mapper, exactly as a real save encodes them, and every
later load in the same run replays them on top of the stored log, so the second chunk of a dry
run sees the pools, plan budgets and vacancies the first chunk changed, as the real run would.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from uuid import UUID

from eventsourcing.persistence import Notification, StoredEvent


class Unsaved:
    """Stored events that were never written, in save order."""

    def __init__(self) -> None:
        self.log: list[StoredEvent] = []
        self.by_aggregate: dict[UUID | str, list[StoredEvent]] = {}

    def put(self, stored: Iterable[StoredEvent]) -> None:
        for event in stored:
            self.log.append(event)
            self.by_aggregate.setdefault(event.originator_id, []).append(event)

    def holds(self, aggregate_id: UUID) -> bool:
        return aggregate_id in self.by_aggregate

    def of(self, ids: Iterable[UUID]) -> list[StoredEvent]:
        """These aggregates' unsaved events, each aggregate's in version order."""
        return [event for uid in ids for event in self.by_aggregate.get(uid, ())]

    def notifications(self, topics: list[str], after: int) -> Iterator[Notification]:
        """The unsaved events as notifications numbered on from the log's last one."""
        for n, event in enumerate(self.log, start=after + 1):
            if not topics or event.topic in topics:
                yield Notification(
                    originator_id=event.originator_id,
                    originator_version=event.originator_version,
                    topic=event.topic,
                    state=event.state,
                    id=n,
                )
