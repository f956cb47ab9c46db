"""The workflow in force for one echelon, published into the store like a rule set.

Batch steps read the published text, never a file on disk, so what a step did (which rule set
gated it, which courses and deadline a plan got) can be explained from the store alone.
"""

from __future__ import annotations

from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from succession_flow.domain.errors import IllegalTransition, NotFound
from succession_flow.domain.keys import NAMESPACE
from succession_flow.domain.values import check_note


def workflow_uuid(echelon: str) -> UUID:
    return uuid5(NAMESPACE, f"workflow:{echelon}")


class EchelonWorkflow(Aggregate):
    @staticmethod
    def create_id(echelon: str) -> UUID:
        return workflow_uuid(echelon)

    @event("Created")
    def __init__(self, echelon: str, actor: str) -> None:
        self.echelon = echelon
        self.name = ""
        self.current = ""
        self.sources: dict[str, str] = {}
        self.history: list[str] = []

    def publish(self, name: str, version: str, source: str, actor: str, note: str) -> None:
        note = check_note("--note", note)
        if version == self.current:
            raise IllegalTransition(
                f"workflow {self.echelon}: version {version[:12]} is already published"
            )
        self._publish(name=name, version=version, source=source, actor=actor, note=note)

    @event("Published")
    def _publish(self, name: str, version: str, source: str, actor: str, note: str) -> None:
        self.name = name
        self.current = version
        self.sources[version] = source
        self.history.append(version)

    @property
    def current_source(self) -> str:
        if not self.current:
            raise NotFound(f"workflow {self.echelon}: nothing published")
        return self.sources[self.current]
