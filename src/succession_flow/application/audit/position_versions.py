"""Which position requirements a decision read: the version it cites and the revision behind it.

A decision records the version of the position record its facts came from (`Decision.read`);
this replays the position's own events once to say what that version was: when it was last
revised, and each attribute that revision changed, old -> new.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from succession_flow.application.services import Services
from succession_flow.domain.keys import position_uuid


@dataclass(frozen=True)
class Revision:
    version: int
    day: str
    changes: dict[str, tuple[Any, Any]]
    reason: str


@dataclass
class PositionVersions:
    """The revisions of one position, read on first use."""

    services: Services
    position_id: str
    _revisions: list[Revision] | None = field(default=None, init=False)

    def revisions(self) -> list[Revision]:
        if self._revisions is None:
            self._revisions = list(self._replay())
        return self._revisions

    def _replay(self) -> list[Revision]:
        aggregate: Any = None
        found = []
        for event in self.services.store.events_of(position_uuid(self.position_id)):
            if type(event).__qualname__.endswith("Revised"):
                changes = {k: (getattr(aggregate, k, None), v) for k, v in event.changes.items()}
                day = event.timestamp.date().isoformat()
                found.append(Revision(event.originator_version, day, changes, event.reason))
            aggregate = event.mutate(aggregate)
        return found

    def cite(self, version: int) -> dict[str, Any]:
        """The cited version with the revision in force at it (None: as first defined)."""
        revision = next((r for r in reversed(self.revisions()) if r.version <= version), None)
        text = f"position {self.position_id} v{version}"
        if revision is not None:
            changed = "; ".join(
                f"{k} {shown(a)} -> {shown(b)}" for k, (a, b) in revision.changes.items()
            )
            text += f" (revised {revision.day}: {changed})"
        return {
            "position": self.position_id,
            "version": version,
            "revised": None if revision is None else revision.day,
            "changes": {}
            if revision is None
            else {k: list(v) for k, v in revision.changes.items()},
            "text": text,
        }


def shown(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return str(value)
