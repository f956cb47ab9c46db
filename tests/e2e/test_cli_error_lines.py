"""An id echoed in an error is shown on one line, as typed: a newline, an ANSI escape or a line
separator inside it is written escaped (`\\n`, `\\x1b`, `\\u2028`), so it can neither split the
message nor reach the terminal raw; a message that lists several problems keeps one a line."""

from __future__ import annotations

from pathlib import Path

import pytest

from succession_flow.domain.values import escaped
from tests.e2e.cli_helpers import run
from tests.probes.hostile_inputs import employees, row


@pytest.fixture
def url(tmp_path: Path) -> str:
    store = f"sqlite:///{tmp_path}/store.sqlite"
    assert run(store, "init").exit_code == 0
    return store


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("VP\nx", "VP\\nx"),
        ("VP\r\nx", "VP\\r\\nx"),
        ("VP\x1b[31mx", "VP\\x1b[31mx"),
        ("VP\u2028x", "VP\\u2028x"),
        ("VP\u202ex", "VP\\u202ex"),
        ("VP\tx", "VP\\tx"),
        ("VP\x00x", "VP\\x00x"),
    ],
    ids=["newline", "crlf", "ansi", "line-separator", "bidi", "tab", "nul"],
)
@pytest.mark.parametrize(
    ("command", "noun"),
    [(("position", "show"), "position"), (("employee", "show"), "employee")],
    ids=["position", "employee"],
)
def test_a_read_given_an_id_with_a_control_character_says_not_found_on_one_escaped_line(
    url: str, typed: str, shown: str, command: tuple[str, ...], noun: str
) -> None:
    result = run(url, *command, typed)
    assert (result.exit_code, result.stderr) == (3, f"error: {noun} {shown} not found\n")


def test_a_history_subject_with_a_newline_is_one_line_too(url: str) -> None:
    result = run(url, "history", "review:R\nx")
    assert (result.exit_code, result.stderr) == (3, "error: review:R\\nx not found\n")


def test_a_bad_option_value_with_a_newline_is_one_line(url: str) -> None:
    result = run(url, "--format", "j\nx", "list")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: Invalid value for '--format': 'j\\nx' is not one of 'table', 'json'.\n"
    )


def test_an_import_with_two_bad_rows_still_names_each_on_its_own_line(
    url: str, tmp_path: Path
) -> None:
    export = tmp_path / "in.csv"
    export.write_bytes(employees(row(eid="E1", hired="0001-01-01"), row(eid="E2", years="x")))
    result = run(url, "import", str(export))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"error: {export}:row 2:hire_date: 0001-01-01 is outside 1900-01-01..2199-12-31",
        f"error: {export}:row 3:years_experience: 'x' is not a whole number",
    ]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain, Zoë, محمد", "plain, Zoë, محمد"),
        ("a\nb", "a\\nb"),
        ("a\x1b[2Jb", "a\\x1b[2Jb"),
        ("a\u2029b", "a\\u2029b"),
        ("a\u2066b", "a\\u2066b"),
        ("a\x7fb", "a\\x7fb"),
    ],
)
def test_escaped_writes_only_the_unsafe_characters_as_a_repr_would(text: str, shown: str) -> None:
    assert escaped(text) == shown
