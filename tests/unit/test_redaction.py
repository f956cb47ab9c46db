"""`--redact`: names and hire dates go, actors become stable pseudonyms, self-identified
demographics are withheld; ids, positions, decisions and facts stay."""

from __future__ import annotations

import re
from typing import Any

from succession_flow.application.audit.redaction import (
    REDACTED,
    WITHHELD,
    pseudonym,
    redact_entry,
    redact_row,
    redact_view,
    withheld,
)
from succession_flow.domain.demographics import DIMENSIONS


def test_a_pseudonym_is_stable_distinct_and_hides_the_name() -> None:
    assert pseudonym("alice") == pseudonym("alice")
    assert pseudonym("alice") != pseudonym("bob")
    assert re.fullmatch(r"actor-[0-9a-f]{8}", pseudonym("alice"))
    assert pseudonym("") == ""  # no actor stays no actor


def test_a_redacted_event_keeps_the_process_and_drops_the_person() -> None:
    profile = {"name": "Ada Lovelace", "hire_date": "2012-03-01", "education": "master"}
    view: dict[str, Any] = {
        "event": "Registered",
        "actor": "alice",
        "details": {
            "employee_id": "E1",
            "profile": profile,
            "nominated_by": "bob",
        },
    }
    shown = redact_view(view)
    assert shown == {
        "event": "Registered",
        "actor": pseudonym("alice"),
        "details": {
            "employee_id": "E1",
            "profile": {"name": REDACTED, "hire_date": REDACTED, "education": "master"},
            "nominated_by": pseudonym("bob"),
        },
    }
    assert profile["name"] == "Ada Lovelace"  # the original is untouched


def test_an_empty_name_is_left_empty_rather_than_marked_redacted() -> None:
    view = {
        "event": "Registered",
        "actor": "hr",
        "details": {"profile": {"name": "", "hire_date": None}},
    }
    assert redact_view(view)["details"]["profile"] == {"name": "", "hire_date": None}


def test_declared_demographics_are_withheld_and_other_events_pass_unchanged() -> None:
    dimension = next(iter(DIMENSIONS))
    declared = {
        "event": "DemographicsDeclared",
        "actor": "E1",
        "details": {dimension: "x", "employee_id": "E1"},
    }
    assert withheld(declared)["details"] == {dimension: WITHHELD, "employee_id": "E1"}
    assert redact_view(declared)["details"][dimension] == WITHHELD
    other = {"event": "Nominated", "details": {dimension: "x"}}
    assert withheld(other) is other


def test_a_report_row_loses_its_name_and_its_actors() -> None:
    row = {
        "candidate": "E1@VP",
        "name": "Ada",
        "actor": "alice",
        "nominated_by": "bob",
        "state": "pooled",
    }
    assert redact_row(row) == {
        "candidate": "E1@VP",
        "name": REDACTED,
        "actor": pseudonym("alice"),
        "nominated_by": pseudonym("bob"),
        "state": "pooled",
    }


def test_an_explain_entry_pseudonymises_who_acted_overrode_and_published() -> None:
    entry = {
        "step": "evaluate",
        "actor": "alice",
        "override": {"by": "carol", "justification": "board"},
        "published": {"by": "dave", "version": "abc"},
        "facts": {"competency_score": 4.1},
    }
    assert redact_entry(entry) == {
        "step": "evaluate",
        "actor": pseudonym("alice"),
        "override": {"by": pseudonym("carol"), "justification": "board"},
        "published": {"by": pseudonym("dave"), "version": "abc"},
        "facts": {"competency_score": 4.1},
    }
    assert redact_entry({"actor": "x", "override": None})["override"] is None
