# ruff: noqa: RUF001  (Arabic-Indic and full-width digits are the point of these tables)
"""The one validation of HR values (domain/values.py): what every import and command refuses."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from succession_flow.domain.errors import InvalidInput
from succession_flow.domain.keys import check_code
from succession_flow.domain.values import check_date, check_text, parse_number


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "name: must not be empty"),
        ("   ", "name: must not be empty"),
        ("Ana\nLima", "name: control character U+000A is not allowed"),
        ("Ana\x00", "name: control character U+0000 is not allowed"),
        ("\x1b[31mAna\x1b[0m", "name: control character U+001B is not allowed"),
        ("Ana\tLima", "name: control character U+0009 is not allowed"),
        ("Ana\u2028Lima", "name: control character U+2028 is not allowed"),
        ("Ana\u202eamiL", "name: control character U+202E is not allowed"),
        ({"first": "Ana"}, "name: expected text, not an object"),
        (["Ana"], "name: expected text, not a list"),
        (None, "name: expected text, not null"),
        (True, "name: expected text, not true/false"),
    ],
)
def test_a_name_that_would_garble_a_terminal_or_is_not_text_is_refused(
    value: Any, message: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        check_text("name", value)
    assert str(refused.value) == message


@pytest.mark.parametrize("value", ["Ana Lima", "  Zoë Ōtani ", "محمد", "Anne-Marie O'Neil"])
def test_a_printable_name_in_any_script_is_kept_stripped(value: str) -> None:
    assert check_text("name", value) == value.strip()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0001-01-01", "hire_date: 0001-01-01 is outside 1900-01-01..2199-12-31"),
        ("9999-12-31", "hire_date: 9999-12-31 is outside 1900-01-01..2199-12-31"),
        ("20150401", "hire_date: '20150401' is not a date like 2015-04-01"),
        ("2015-W14-3", "hire_date: '2015-W14-3' is not a date like 2015-04-01"),
        ("٢٠١٥-٠٤-٠١", "hire_date: '٢٠١٥-٠٤-٠١' is not a date like 2015-04-01"),
        ("2015-02-30", "hire_date: '2015-02-30' is not a date like 2015-04-01"),
        ("2015-04-01\n", "hire_date: '2015-04-01\\n' is not a date like 2015-04-01"),
        (20150401, "hire_date: 20150401 is not a date like 2015-04-01"),
    ],
)
def test_an_implausible_or_basic_format_date_is_refused(value: Any, message: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        check_date("hire_date", value)
    assert str(refused.value) == message


def test_a_date_in_the_plausible_range_is_read() -> None:
    assert check_date("hire_date", "2015-04-01") == date(2015, 4, 1)
    assert check_date("hire_date", "1900-01-01") == date(1900, 1, 1)


@pytest.mark.parametrize(
    ("raw", "whole", "message"),
    [
        ("٢٠٢٤", True, "year: '٢٠٢٤' is not a whole number"),
        ("１２", True, "year: '１２' is not a whole number"),
        ("1_000", True, "year: '1_000' is not a whole number"),
        ("2024.0", True, "year: '2024.0' is not a whole number"),
        ("nan", False, "year: 'nan' is not a number"),
        ("inf", False, "year: 'inf' is not a number"),
        ("1e5", False, "year: '1e5' is not a number"),
        ("٣.٥", False, "year: '٣.٥' is not a number"),
    ],
)
def test_a_number_not_written_in_ascii_digits_is_refused(
    raw: str, whole: bool, message: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_number("year", raw, whole)
    assert str(refused.value) == message


@pytest.mark.parametrize(
    ("raw", "whole", "value"), [("12", True, 12), ("-3", True, -3), ("3.5", False, 3.5)]
)
def test_a_number_in_ascii_digits_is_read(raw: str, whole: bool, value: float) -> None:
    assert parse_number("n", raw, whole) == value


@pytest.mark.parametrize("value", ["VP-SALES\n", "VP-SALES\r\n", "E1\x00", "E١"])
def test_an_id_with_a_trailing_newline_or_a_control_character_is_refused(value: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        check_code("position", value)
    assert str(refused.value).startswith(f"position id {value!r} is not valid")
