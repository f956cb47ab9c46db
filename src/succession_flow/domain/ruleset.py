"""A rule set's published versions, kept in the event store so old decisions can re-run.

The source text of every version stays in the store: files may change or disappear, but a
decision citing a version hash can always find the exact rules it was made under.
"""

from __future__ import annotations

from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from succession_flow.domain.errors import IllegalTransition, NotFound
from succession_flow.domain.keys import NAMESPACE
from succession_flow.domain.values import check_note, check_reason


def ruleset_uuid(name: str) -> UUID:
    return uuid5(NAMESPACE, f"ruleset:{name}")


class RuleSet(Aggregate):
    @staticmethod
    def create_id(name: str) -> UUID:
        return ruleset_uuid(name)

    @event("Created")
    def __init__(self, name: str, actor: str) -> None:
        self.name = name
        self.step = ""
        self.current = ""
        self.sources: dict[str, str] = {}
        self.history: list[str] = []

    def publish(self, step: str, version: str, source: str, actor: str, note: str) -> None:
        note = check_note("--note", note)
        if version == self.current:
            raise IllegalTransition(
                f"rule set {self.name}: version {version[:12]} is already published"
            )
        self._publish(step=step, version=version, source=source, actor=actor, note=note)

    @event("Published")
    def _publish(self, step: str, version: str, source: str, actor: str, note: str) -> None:
        self.step = step
        self.current = version
        self.sources[version] = source
        self.history.append(version)

    def accept_impact(
        self, version: str, flagged: list[str], justification: str, actor: str
    ) -> None:
        """HR publishes a version knowing it flags these categories; never without a reason."""
        missing = "--justification is required to accept an adverse impact"
        check_reason("--justification", justification, missing)
        if version != self.current:
            raise IllegalTransition(f"rule set {self.name}: {version[:12]} is not the current one")
        self._accept_impact(
            version=version, flagged=list(flagged), justification=justification, actor=actor
        )

    @event("ImpactAccepted")
    def _accept_impact(
        self, version: str, flagged: list[str], justification: str, actor: str
    ) -> None:
        pass

    def source_of(self, version: str) -> str:
        """A version by full hash or unambiguous prefix (auditors type short hashes)."""
        matches = [v for v in self.sources if v.startswith(version)] if version else []
        if len(matches) != 1:
            raise NotFound(f"rule set {self.name}: no single version {version!r}")
        return self.sources[matches[0]]

    @property
    def current_source(self) -> str:
        if not self.current:
            raise NotFound(f"rule set {self.name}: nothing published")
        return self.sources[self.current]
