"""The one event -> state table agrees with the Candidate aggregate and the read model."""

from __future__ import annotations

from eventsourcing.domain import AggregateEvent

from succession_flow.domain.candidate import Candidate
from succession_flow.domain.lifecycle import STATE_AFTER, State
from succession_flow.readmodel.projection import HANDLERS


def test_every_event_in_the_lifecycle_table_is_an_event_of_the_candidate() -> None:
    for name in STATE_AFTER:
        assert issubclass(Candidate.__dict__[name], AggregateEvent), name


def test_every_state_is_reached_by_some_event_of_the_table() -> None:
    assert set(STATE_AFTER.values()) == set(State)


def test_the_read_model_reads_every_event_of_the_lifecycle_table() -> None:
    assert {f"Candidate.{name}" for name in STATE_AFTER} <= set(HANDLERS)
