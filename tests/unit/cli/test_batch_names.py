"""Who a batch gave which outcome (cli/batch_names.py): the text caps the names it prints per
outcome, the CSV rows name everyone, skipped ones with why, and an unwritable file is refused
before anything runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from succession_flow.cli.batch_names import (
    NAMES_SHOWN,
    named_line,
    names_file,
    outcome_lines,
    outcome_rows,
)
from succession_flow.domain.errors import InvalidInput


def test_a_line_names_everyone_up_to_the_cap_and_counts_the_rest() -> None:
    many = [f"E{n}@CFO" for n in range(NAMES_SHOWN + 2)]
    line = named_line("pass", many)
    assert line.startswith("pass: E0@CFO, E1@CFO, ")
    assert line.endswith(f"E{NAMES_SHOWN - 1}@CFO and 2 more (--names-csv FILE lists all)")
    assert named_line("fail", []) == "fail: (none)"
    assert named_line("fail", many[:NAMES_SHOWN]).endswith(f"E{NAMES_SHOWN - 1}@CFO")


def test_outcome_lines_are_sorted_and_leave_out_outcomes_nobody_got() -> None:
    names = {"pass": ["E2@CFO", "E1@CFO"], "fail": [], "exit": ["E3@CTO"]}
    assert outcome_lines(names) == ["exit: E3@CTO", "pass: E1@CFO, E2@CFO"]


def test_rows_name_each_candidate_and_each_skipped_one_with_its_refusal() -> None:
    rows = outcome_rows({"pass": ["E2@CFO", "E1@CFO"]}, ["E9@CFO: no such employee: E9"])
    assert rows == [
        {"candidate": "E1@CFO", "outcome": "pass", "detail": ""},
        {"candidate": "E2@CFO", "outcome": "pass", "detail": ""},
        {"candidate": "E9@CFO", "outcome": "skipped", "detail": "no such employee: E9"},
    ]


def test_the_file_holds_a_header_even_when_nobody_was_named(tmp_path: Path) -> None:
    path = tmp_path / "names.csv"
    with names_file(path) as write:
        write([])
    assert path.read_text() == "candidate,outcome,detail\n"
    with names_file(path) as write:
        write(outcome_rows({"pass": ["E1@CFO"]}, []))
    assert path.read_text() == "candidate,outcome,detail\nE1@CFO,pass,\n"


def test_no_file_asked_for_writes_nothing(tmp_path: Path) -> None:
    with names_file(None) as write:
        write(outcome_rows({"pass": ["E1@CFO"]}, []))
    assert list(tmp_path.iterdir()) == []


def test_a_file_that_cannot_be_written_is_refused_as_bad_input(tmp_path: Path) -> None:
    path = tmp_path / "missing" / "names.csv"
    with pytest.raises(InvalidInput) as refused, names_file(path):
        pytest.fail("the batch must not run")
    assert str(refused.value) == f"--names-csv {path}: cannot write: No such file or directory"
