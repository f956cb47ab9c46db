"""Errors as the CLI shows them (cli/errors.py): each named error has its own exit code, a
bug exits 1, and every problem is one escaped line."""

from __future__ import annotations

import pytest

from succession_flow.cli import errors
from succession_flow.domain.errors import (
    Conflict,
    DamagedRecord,
    IllegalTransition,
    InvalidInput,
    ManyProblems,
    NotFound,
    PermissionDenied,
    StoreUnavailable,
)


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (InvalidInput("x"), 2),
        (NotFound("x"), 3),
        (IllegalTransition("x"), 4),
        (Conflict("x"), 5),
        (StoreUnavailable("x"), 6),
        (PermissionDenied("x"), 7),
        (DamagedRecord("E1@CFO", 2, "seal differs"), 8),
        (errors.CheckFailed("x"), 8),
        (ValueError("x"), 1),
    ],
)
def test_each_error_exits_with_its_own_documented_code(error: Exception, code: int) -> None:
    assert errors.exit_code_for(error) == code


def test_an_echoed_newline_or_escape_sequence_stays_on_one_line() -> None:
    assert errors.error_lines(InvalidInput("x"), "no such employee: E1\n\x1b[31m") == [
        "error: no such employee: E1\\n\\x1b[31m"
    ]


def test_many_problems_give_one_line_each() -> None:
    many = ManyProblems(["a.csv:2: name: empty", "a.csv:3: id: empty"])
    assert errors.error_lines(many, str(many)) == [
        "error: a.csv:2: name: empty",
        "error: a.csv:3: id: empty",
    ]
