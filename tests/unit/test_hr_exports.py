"""Reading HR exports: each CSV is known by its header, every row keeps its file and row number
(the header is row 1), and a file that cannot be read is one clear line naming it."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from succession_flow.domain.errors import InvalidInput
from succession_flow.formats.hr_exports import (
    Row,
    check_rejects_file,
    read_export,
    write_rejects,
)

SAMPLES = Path(__file__).parents[2] / "samples" / "hr"


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("employees.csv", "employees"),
        ("ratings.csv", "ratings"),
        ("competencies.csv", "competencies"),
        ("job_match.csv", "job_match"),
        ("talent.csv", "talent"),
        ("courses.csv", "courses"),
        ("demographics.csv", "demographics"),
        ("records.json", "record"),
    ],
)
def test_each_shipped_sample_is_read_as_its_kind(name: str, kind: str) -> None:
    rows = read_export(SAMPLES / name)
    assert rows
    assert {r.kind for r in rows} == {kind}
    unit = "record 1" if name.endswith(".json") else "row 2"
    assert rows[0].where("employee_id") == f"{SAMPLES / name}:{unit}:employee_id"


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_the_most_specific_kind_wins_blank_rows_are_skipped_and_row_numbers_stay_the_files(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path / "mixed.csv",
        "\ufeffemployee_id, potential ,risk_of_loss,impact_of_loss,year,rating\n"
        "E1, high ,low,high,2025,meets\n"
        " , ,,,,\n"
        "E2,low,low,low,2025,exceeds\n",
    )
    rows = read_export(path)
    assert [(r.kind, r.number, r.values["employee_id"], r.values["potential"]) for r in rows] == [
        ("talent", 2, "E1", "high"),
        ("talent", 4, "E2", "low"),
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("odd.csv", "id,when\nE1,2025\n", ":row 1: header matches no known export (employees: employee_id, name,"),
        ("short.csv", "employee_id,year,rating\nE1,2025,meets\nE2,2025\n", ":row 3: 2 cells, the header has 3"),
        ("empty.csv", "", ":row 1: header matches no known export"),
        ("object.json", '{"employee_id": "E1"}', ": expected a list of employee objects"),
        ("numbers.json", "[1, 2]", ": expected a list of employee objects"),
        ("ratings.xlsx", "employee_id,year,rating\n", ": expected a .csv or .json export"),
    ],
    ids=["unknown-header", "short-row", "empty", "json-object", "json-not-objects", "suffix"],
)  # fmt: skip
def test_an_export_that_is_not_one_is_refused_naming_the_file_and_row(
    tmp_path: Path, name: str, content: str, message: str
) -> None:
    path = write(tmp_path / name, content)
    with pytest.raises(InvalidInput) as refused:
        read_export(path)
    assert str(refused.value).startswith(f"{path}{message}")


def test_a_missing_file_and_latin_1_bytes_are_refused_in_one_line(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match=r"missing\.csv: no such file$"):
        read_export(tmp_path / "missing.csv")
    latin = write(tmp_path / "latin.csv", "employee_id,year,rating\nE1,2025,trés\n", "latin-1")
    with pytest.raises(InvalidInput) as refused:
        read_export(latin)
    assert str(refused.value) == f"{latin}:2: not UTF-8 text (byte 0xe9): save the file as UTF-8"
    assert "\n" not in str(refused.value)


def test_rejected_rows_are_written_with_their_source_and_error_and_nested_values_as_json(
    tmp_path: Path,
) -> None:
    rejected = [
        (Row("hr/ratings.csv", 3, "ratings", {"employee_id": "E1", "year": "20x5"}), "year: bad"),
        (Row("hr/records.json", 2, "record", {"employee_id": "E2", "ratings": {"2025": "meets"}}),
         "name: missing"),
    ]  # fmt: skip
    path = tmp_path / "rejects.csv"
    check_rejects_file(path)
    write_rejects(path, rejected)
    with path.open(newline="", encoding="utf-8") as handle:
        assert list(csv.reader(handle)) == [
            ["source", "error", "employee_id", "ratings", "year"],
            ["hr/ratings.csv:row 3", "year: bad", "E1", "", "20x5"],
            ["hr/records.json:record 2", "name: missing", "E2", '{"2025": "meets"}', ""],
        ]


def test_a_rejects_file_that_cannot_be_written_is_refused_before_and_during_the_import(
    tmp_path: Path,
) -> None:
    nowhere = tmp_path / "no" / "rejects.csv"
    with pytest.raises(InvalidInput) as before:
        check_rejects_file(nowhere)
    assert str(before.value) == (
        f"{nowhere}: cannot write the rejected rows: no folder {tmp_path / 'no'}"
    )
    folder = tmp_path / "a-folder.csv"
    folder.mkdir()
    row = Row("x.csv", 2, "ratings", {"employee_id": "E1"})
    with pytest.raises(InvalidInput) as during:
        write_rejects(folder, [(row, "bad")])
    assert str(during.value) == f"{folder}: cannot write the rejected rows: Is a directory"
