"""A decision is what a rule set (or an operator) said about one step, with enough to replay it.

Events store decisions as plain dicts (``to_dict``) so that an auditor can read them without our
code, and so a decision made years ago re-runs with the same rule version and the same facts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MANUAL = "manual"
"""``ruleset`` of a decision given by an operator on the command line rather than by rules."""


@dataclass(frozen=True)
class Decision:
    """The outcome of one step and the trace that explains it."""

    outcome: str
    reason: str
    ruleset: str = MANUAL
    version: str = ""
    matched: tuple[str, ...] = ()
    facts: dict[str, Any] = field(default_factory=dict)
    attributes: dict[str, Any] = field(default_factory=dict)
    read: dict[str, int] = field(default_factory=dict)
    """The records whose data fed the facts and the version of each read (`position`,
    `employee`), so an auditor can say which requirements were in force; empty in decisions
    recorded before it existed and in manual ones."""

    @property
    def is_manual(self) -> bool:
        return self.ruleset == MANUAL

    @classmethod
    def manual(cls, outcome: str, reason: str, **attributes: Any) -> Decision:
        return cls(outcome=outcome, reason=reason, attributes=dict(attributes))

    def to_dict(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "reason": self.reason,
            "ruleset": self.ruleset,
            "version": self.version,
            "matched": list(self.matched),
            "facts": dict(self.facts),
            "attributes": dict(self.attributes),
            **({"read": dict(self.read)} if self.read else {}),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Decision:
        return cls(
            outcome=str(data["outcome"]),
            reason=str(data.get("reason", "")),
            ruleset=str(data.get("ruleset", MANUAL)),
            version=str(data.get("version", "")),
            matched=tuple(data.get("matched", ())),
            facts=dict(data.get("facts", {})),
            attributes=dict(data.get("attributes", {})),
            read={str(k): int(v) for k, v in dict(data.get("read", {})).items()},
        )
