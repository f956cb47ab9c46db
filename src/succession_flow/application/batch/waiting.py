"""Who is waiting for a step, found by one pass over the notification log, no aggregate loaded.

This pass is the one way candidates are listed: `queries.candidate_keys` and `queries.candidates`
(which then bulk-loads them a page at a time) read it too.

A candidate's state follows from the topic of its last state-changing event alone, so the pass
decodes only `Nominated` events (for the position and echelon) and reads the others' topics.
Loading every candidate aggregate instead costs a query and a replay per candidate and holds them
all in memory; this pass keeps one small record per candidate.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.utils import get_topic

from succession_flow.domain.candidate import Candidate
from succession_flow.domain.keys import CandidateKey
from succession_flow.domain.lifecycle import STATE_AFTER, State

if TYPE_CHECKING:  # types only: importing the store at start-up would load its driver
    from succession_flow.adapters.event_store import Store
    from succession_flow.application.batch.runner import Scope

SCAN_PAGE = 5000
"""Notifications per query: the scan reads long runs, so fewer, larger pages."""


@dataclass(slots=True)
class Seen:
    key: CandidateKey
    echelon: str
    state: State


def scan_states(store: Store) -> dict[UUID, Seen]:
    """Every candidate's key, echelon and current state, in nomination order."""
    classes = tuple(Candidate.__dict__[name] for name in STATE_AFTER)
    topics = {get_topic(Candidate.__dict__[name]): state for name, state in STATE_AFTER.items()}
    nominated = get_topic(Candidate.__dict__["Nominated"])
    seen: dict[UUID, Seen] = {}
    for note in store.notifications(classes, page=SCAN_PAGE):
        if note.topic == nominated:
            event: Any = store.decode(note)
            key = CandidateKey(event.employee_id, event.position_id)
            seen[note.originator_id] = Seen(key, event.echelon, State.NOMINATED)
        elif note.originator_id in seen:
            seen[note.originator_id].state = topics[note.topic]
    return seen


def waiting_keys(store: Store, scope: Scope, states: tuple[State, ...]) -> list[CandidateKey]:
    """The candidates in scope whose current state is one of `states`, in nomination order."""
    return list(_waiting(scan_states(store), scope, states))


def _waiting(
    seen: dict[UUID, Seen], scope: Scope, states: tuple[State, ...]
) -> Iterator[CandidateKey]:
    for record in seen.values():
        if record.state in states and scope.covers_position(record.key.position_id, record.echelon):
            yield record.key
