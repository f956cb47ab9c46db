"""Everything a use case needs, passed in one object so tests can supply their own parts."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from succession_flow.application.ports import DecisionEngine
from succession_flow.domain.pipeline_steps import DEFAULT_RULESETS

if TYPE_CHECKING:  # the store is opened by bootstrap; importing it here would load the driver
    from succession_flow.adapters.event_store import Store


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Services:
    store: Store
    engine: DecisionEngine
    clock: Callable[[], datetime] = utc_now
    step_rulesets: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_RULESETS))
    pass_mark: float = 70.0
    pinned: dict[tuple[str, str], Any] | None = None
    """Set during a batch: the workflows and rule sets in force when it started, read once
    (see `workflows.pinned`)."""
    read_model: Callable[[datetime | None], AbstractContextManager[Any]] | None = None
    """Opens the read model's database, caught up (None) or folded as of a moment."""
    on_close: list[Callable[[], None]] = field(default_factory=list)
    """What else `close` closes (a server's kept read model)."""

    def today(self) -> date:
        return self.clock().date()

    def close(self) -> None:
        for closing in self.on_close:
            closing()
        self.store.close()
