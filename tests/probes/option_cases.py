"""Each hostile value in each id, argument and option of the write commands (and the global
`--actor`): a bad value is refused in one line naming it, a valid one does what it says."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from tests.probes.cases import BAD_INPUT, DONE, Case
from tests.probes.hostile_values import HOSTILE, Kind

IDS = frozenset({Kind.ID, Kind.CHOICE})
"""Kinds the command line takes as typed: ` E1` is not `E1` there (HR cells are stripped)."""

CANDIDATE = "E1001@VP-SALES"
ADD = ("position", "add", "{n}", "--title", "T", "--echelon", "key-position", "--unit", "U")
"""`{n}` is a fresh position id per case, so a valid value never collides with the last."""
LATER = frozenset({0, 3, 4})
"""A valid value reaching a step its candidate is not ready for (4) or an id not there (3)."""

LOOKUP = frozenset({2, 3, 4})
"""An id the command looks up: refused as malformed (2), not found (3), or the candidate not
ready for the step (4) before the id is read; all write nothing."""
AS_OF = frozenset({"year 1", "year 9999", "date and time"})
"""`--as-of` also takes a time, and any date (a position did not exist then: exit 3)."""


@dataclass(frozen=True)
class Slot:
    name: str
    template: tuple[str, ...]
    """The command, `{v}` where the value goes."""
    kind: Kind | None
    """The kind of value it takes; None: no hostile value is valid there."""
    later: frozenset[int] = LATER
    """The exit codes a valid value may give."""
    refused: frozenset[int] = BAD_INPUT
    also: frozenset[str] = frozenset()


SLOTS: tuple[Slot, ...] = (
    Slot("position id", ("position", "add", "{v}", *ADD[3:]), Kind.ID, frozenset({0, 4})),
    Slot("position --title", (*ADD[:3], "--title", "{v}", *ADD[5:]), Kind.TEXT, DONE),
    Slot("position --unit", (*ADD[:-1], "{v}"), Kind.TEXT, DONE),
    Slot("position --cert", (*ADD, "--cert", "{v}"), Kind.TEXT, DONE),
    Slot(
        "position --planned-departure",
        (*ADD, "--incumbent", "E1002", "--planned-departure", "{v}"),
        Kind.DATE,
        DONE,
    ),
    Slot("position --reports-to", (*ADD, "--reports-to", "{v}"), Kind.ID, refused=LOOKUP),
    Slot(
        "demand vacancies", ("position", "demand", "VP-SALES", "{v}", "--reason", "r"), Kind.WHOLE
    ),
    Slot("demand --reason", ("position", "demand", "VP-SALES", "1", "--reason", "{v}"), Kind.TEXT),
    Slot(
        "nominate employee", ("nominate", "{v}@VP-SALES", "--reason", "r"), Kind.ID, refused=LOOKUP
    ),
    Slot("nominate position", ("nominate", "E1001@{v}", "--reason", "r"), Kind.ID, refused=LOOKUP),
    Slot("nominate --reason", ("nominate", "E1003@VP-SALES", "--reason", "{v}"), Kind.TEXT),
    Slot("exit --reason", ("exit", "E1002@VP-SALES", "--reason", "{v}"), Kind.CHOICE),
    Slot("promote --effective", ("promote", CANDIDATE, "--effective", "{v}"), Kind.DATE),
    Slot("readiness", ("readiness", CANDIDATE, "{v}", "--reason", "r"), Kind.CHOICE),
    Slot(
        "readiness --reason",
        ("readiness", CANDIDATE, "ready-now", "--reason", "{v}"),
        Kind.TEXT,
        refused=frozenset({2, 4}),  # the candidate's state is checked first: not pooled yet
    ),
    Slot(
        "record-course course",
        ("record-course", CANDIDATE, "{v}", "--score", "80"),
        Kind.ID,
        refused=LOOKUP,
    ),
    Slot(
        "record-course --score",
        ("record-course", CANDIDATE, "C1", "--score", "{v}"),
        Kind.NUMBER,
        also=frozenset({"padded number"}),  # twelve, within 0..100
    ),
    Slot("run --workers", ("run", "evaluate", "--dry-run", "--workers", "{v}"), Kind.WHOLE),
    Slot(
        "run --position",
        ("run", "evaluate", "--dry-run", "--position", "{v}"),
        Kind.ID,
        refused=LOOKUP,
    ),
    Slot("select position", ("select", "{v}"), Kind.ID, refused=LOOKUP),
    Slot("role grant name", ("role", "grant", "{v}", "operator"), Kind.NAME),
    Slot("role grant role", ("role", "grant", "bob", "{v}"), Kind.CHOICE),
    Slot("plan task-done plan id", ("plan", "task-done", "{v}", "T1"), Kind.ID, refused=LOOKUP),
    Slot(
        "review open name",
        ("review", "open", "{v}", "--position", "VP-SALES", "--reason", "r"),
        Kind.ID,
    ),
    Slot(
        "review open --reason",
        ("review", "open", "R9", "--position", "VP-SALES", "--reason", "{v}"),
        Kind.TEXT,
    ),
    Slot("--actor", ("--actor", "{v}", "nominate", "E1003@VP-SALES", "--reason", "r"), Kind.NAME),
    Slot("--as-of", ("position", "show", "VP-SALES", "--as-of", "{v}"), Kind.DATE, also=AS_OF),
    Slot(
        "plan task-done --note",
        ("plan", "task-done", "talent-plan", "ratings-loaded", "--note", "{v}"),
        Kind.LIST,
    ),
)
"""Every id, argument and option of the write commands that takes a value of its own."""


def option_cases() -> Iterator[Case]:
    for counter, (slot, value) in enumerate(
        ((slot, value) for slot in SLOTS for value in HOSTILE), start=1
    ):
        at = slot.template.index("{v}") if "{v}" in slot.template else -1
        positional = at >= 0 and not slot.template[at - 1].startswith("-")
        args = tuple(
            a.replace("{v}", value.text).replace("{n}", f"P{counter}") for a in slot.template
        )
        fits = value.name in slot.also or (
            slot.kind is not None and value.valid_as(slot.kind, strips=slot.kind not in IDS)
        )
        if positional and value.text.startswith("-"):
            fits = False  # click reads it as an option: refused as one (exit 2)
        if slot.name == "run --workers" and fits:
            continue  # a valid count starts that many processes: the batch tests run those
        expect = slot.later if fits else slot.refused
        group = f"{slot.template[0]}|{slot.kind}|{sorted(slot.refused)}|{value.name}"
        label = f"{slot.name} = {value.name}"
        yield Case("ids and options", label, args, expect, not fits, group=group)
