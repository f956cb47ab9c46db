"""HR values refused the same way by every door (import CSV and JSON, position commands, promote):
one line naming the file, row and column or the option, exit 2, nothing written; both stores."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from succession_flow.formats.hr_exports import COLUMNS
from tests.e2e.cli_helpers import event_count, run

HEADER = list(COLUMNS["employees"])
GOOD = ["E1", "Ana Lima", "Sales", "2012-03-01", "master", "12", "PMP", ""]


def employee(**changes: str) -> list[str]:
    return [changes.get(column, value) for column, value in zip(HEADER, GOOD, strict=True)]


CSV_REFUSALS = [
    ({"hire_date": "0001-01-01"}, "hire_date: 0001-01-01 is outside 1900-01-01..2199-12-31"),
    ({"hire_date": "9999-12-31"}, "hire_date: 9999-12-31 is outside 1900-01-01..2199-12-31"),
    ({"hire_date": "20150401"}, "hire_date: '20150401' is not a date like 2015-04-01"),
    ({"years_experience": "١٢"}, "years_experience: '١٢' is not a whole number"),
    ({"name": "Ana\x1b[2J"}, "name: control character U+001B is not allowed"),
    ({"name": "Ana\nLima"}, "name: control character U+000A is not allowed"),
    ({"name": "Ana\x00"}, "name: control character U+0000 is not allowed"),
    ({"department": "Sa\rles"}, "department: control character U+000D is not allowed"),
    ({"certifications": "PMP;\x07Bell"}, "certifications: control character U+0007 is not allowed"),
]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


@pytest.mark.parametrize(("changes", "problem"), CSV_REFUSALS, ids=[p for _, p in CSV_REFUSALS])
def test_an_implausible_hr_value_in_a_csv_is_refused_by_row_and_column_writing_nothing(
    store_url: str, tmp_path: Path, changes: dict[str, str], problem: str
) -> None:
    path = write_csv(tmp_path / "employees.csv", [HEADER, employee(**changes)])
    before = event_count(store_url)
    result = run(store_url, "import", str(path))
    assert (result.exit_code, result.stderr) == (2, f"error: {path}:row 2:{problem}\n")
    assert event_count(store_url) == before


RECORD: dict[str, Any] = dict(zip(HEADER, GOOD, strict=True)) | {
    "years_experience": 12,
    "certifications": [],
    "prior_posts": [],
}
JSON_REFUSALS = [
    ({"name": {"first": "Ana"}}, "name: expected text, not an object"),
    ({"name": ["Ana"]}, "name: expected text, not a list"),
    ({"department": True}, "department: expected text, not true/false"),
    ({"prior_posts": [{"post": "x"}]}, "prior_posts: expected text, not an object"),
    ({"hire_date": "2015-04\n-01"}, "hire_date: control character U+000A is not allowed"),
    ({"ratings": {"٢٠٢٤": "meets"}}, "ratings.٢٠٢٤: '٢٠٢٤' is not a year"),
    ({"name": "Ana\u202e"}, "name: control character U+202E is not allowed"),
]


@pytest.mark.parametrize(("changes", "problem"), JSON_REFUSALS, ids=[p for _, p in JSON_REFUSALS])
def test_an_implausible_hr_value_in_a_json_record_is_refused_by_field_writing_nothing(
    store_url: str, tmp_path: Path, changes: dict[str, Any], problem: str
) -> None:
    path = tmp_path / "people.json"
    path.write_text(json.dumps([RECORD | changes]), encoding="utf-8")
    before = event_count(store_url)
    result = run(store_url, "import", str(path))
    assert (result.exit_code, result.stderr) == (2, f"error: {path}:record 1:{problem}\n")
    assert event_count(store_url) == before


def test_duplicate_employee_and_rating_rows_in_one_import_are_each_reported_by_row(
    store_url: str, tmp_path: Path
) -> None:
    people = write_csv(
        tmp_path / "employees.csv",
        [HEADER, employee(), employee(name="Ana Lima-Souza"), employee(employee_id="E2")],
    )
    ratings = write_csv(
        tmp_path / "ratings.csv",
        [["employee_id", "year", "rating"], ["E1", "2024", "meets"], ["E1", "2024", "exceeds"]],
    )
    result = run(store_url, "import", str(people), str(ratings))
    assert (result.exit_code, result.stderr) == (
        2,
        f"error: {people}:row 3: duplicate of {people}:row 2 (employee_id E1)\n"
        f"error: {ratings}:row 3: duplicate of {ratings}:row 2 (employee_id E1 year 2024)\n",
    )
    assert event_count(store_url) == 0


VP = ["position", "add", "VP", "--title", "VP", "--echelon", "key-position", "--unit", "Sales"]
COMMAND_REFUSALS = [
    (
        ["position", "add", "VP2\n", *VP[3:]],
        "error: position id 'VP2\\n' is not valid: use letters, digits, '-', '_' or '.' (max 64)\n",
    ),
    (
        ["position", "add", "VP2", "--title", "\x1b[31mVP", *VP[5:]],
        "error: title: control character U+001B is not allowed\n",
    ),
    (
        ["position", "add", "VP2", *VP[3:-1], "Sales\nOps"],
        "error: unit: control character U+000A is not allowed\n",
    ),
    (
        [
            "position",
            "add",
            "VP2",
            *VP[3:],
            "--planned-departure",
            "9999-12-31",
            "--incumbent",
            "E9",
        ],
        "error: planned_departure: 9999-12-31 is outside 1900-01-01..2199-12-31\n",
    ),
    (
        ["position", "demand", "VP", "1", "--reason", ""],
        "error: --reason: say why the demand changes\n",
    ),
    (
        ["position", "demand", "VP", "1", "--reason", "board\x00"],
        "error: --reason: control character U+0000 is not allowed\n",
    ),
    (
        ["promote", "E1@VP", "--effective", "0001-01-01"],
        "error: Invalid value for '--effective': 0001-01-01 is outside 1900-01-01..2199-12-31\n",
    ),
    (
        ["promote", "E1@VP", "--effective", "20270101"],
        "error: Invalid value for '--effective': '20270101' is not a date like 2015-04-01\n",
    ),
]


@pytest.mark.parametrize(
    ("args", "message"), COMMAND_REFUSALS, ids=[m for _, m in COMMAND_REFUSALS]
)
def test_a_command_given_an_implausible_value_refuses_it_in_one_line_writing_nothing(
    store_url: str, args: list[str], message: str
) -> None:
    assert run(store_url, *VP).exit_code == 0
    before = event_count(store_url)
    result = run(store_url, *args)
    assert (result.exit_code, result.stderr) == (2, message)
    assert event_count(store_url) == before
