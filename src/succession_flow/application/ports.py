"""What the application needs from the outside world, so adapters can be swapped in tests."""

from __future__ import annotations

from typing import Any, Protocol

from succession_flow.domain.decision import Decision


class DecisionEngine(Protocol):
    """Decides one step: facts in, decision with its trace out.

    ``source`` is the rule set's YAML text exactly as published; the engine compiles it (and may
    cache by content hash), so a decision can always be re-run under the version in force then.
    """

    def decide(self, source: str, facts: dict[str, Any]) -> Decision: ...
