"""Every event type the record can hold, by the name histories and filters show.

Read off the aggregates themselves, so a new event is known the moment it is declared, and a
misspelt filter (`--type Exitted`) is named instead of answering "(none)".
"""

from __future__ import annotations

import difflib

from eventsourcing.domain import Aggregate

from succession_flow.domain.access import AccessControl
from succession_flow.domain.candidate import Candidate
from succession_flow.domain.echelon_workflow import EchelonWorkflow
from succession_flow.domain.employee import Employee
from succession_flow.domain.errors import InvalidInput
from succession_flow.domain.identity import UserDirectory
from succession_flow.domain.plan import TalentPlan
from succession_flow.domain.pool import TalentPool
from succession_flow.domain.position import Position
from succession_flow.domain.review import ReviewSession
from succession_flow.domain.ruleset import RuleSet

AGGREGATES: tuple[type[Aggregate], ...] = (
    AccessControl,
    Candidate,
    EchelonWorkflow,
    Employee,
    TalentPlan,
    TalentPool,
    Position,
    ReviewSession,
    RuleSet,
    UserDirectory,
)


LIBRARY_BASES = frozenset({"Event"})
"""The library's base event class, present on every aggregate."""


def event_types() -> frozenset[str]:
    return frozenset(
        name
        for aggregate in AGGREGATES
        for name, member in vars(aggregate).items()
        if isinstance(member, type)
        and issubclass(member, Aggregate.Event)
        and name not in LIBRARY_BASES
    )


def check_event_types(names: tuple[str, ...]) -> tuple[str, ...]:
    """The names unchanged, or a one-line error naming the first unknown one."""
    known = event_types()
    for name in names:
        if name not in known:
            close = difflib.get_close_matches(name, sorted(known), n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise InvalidInput(f"unknown event type {name!r}{hint}")
    return names
