"""Importing HR exports: every bad row located by file, row and column; all or nothing."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.cli_helpers import event_count, run, run_json

EMPLOYEES = [
    [
        "employee_id",
        "name",
        "department",
        "hire_date",
        "education",
        "years_experience",
        "certifications",
        "prior_posts",
    ],
    [
        "E1",
        "Ana Lima",
        "Sales",
        "2012-03-01",
        "master",
        "12",
        "Sales Leadership;PMP",
        "Regional Manager",
    ],
    ["E2", "Bo Chen", "Finance", "2015-06-15", "bachelor", "9", "", ""],
]
RATINGS = [
    ["employee_id", "year", "rating"],
    ["E1", "2024", "meets"],
    ["E1", "2025", "exceeds"],
    ["E2", "2025", "meets"],
]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


pytestmark = pytest.mark.backends("sqlite")  # imports on PostgreSQL: test_cli_postgres_writes.py


def test_a_clean_import_records_every_value_and_a_reimport_changes_nothing(
    tmp_path: Path, url: str
) -> None:
    files = [
        str(write_csv(tmp_path / "employees.csv", EMPLOYEES)),
        str(write_csv(tmp_path / "ratings.csv", RATINGS)),
    ]
    first = run_json(url, "import", *files)
    assert first == {"rows": 5, "applied": 5, "rejected": 0, "events": 5, "rejects_file": None}
    shown = run_json(url, "employee", "show", "E1")
    assert (shown["certifications"], shown["ratings"]) == (
        ["Sales Leadership", "PMP"],
        {"2024": "meets", "2025": "exceeds"},
    )
    before = event_count(url)
    again = run_json(url, "import", *files)
    assert (again["applied"], again["events"]) == (5, 0)
    assert event_count(url) == before


BAD_ROWS = [
    (
        ["E3", "Cy", "Ops", "2019-01-01", "phd", "5", "", ""],
        "employees.csv:row 4:education: 'phd' is not one of secondary, bachelor, master, doctorate",
    ),
    (
        ["E3", "Cy", "Ops", "01/02/2019", "master", "5", "", ""],
        "employees.csv:row 4:hire_date: '01/02/2019' is not a date like 2015-04-01",
    ),
    (
        ["E3", "Cy", "Ops", "2019-01-01", "master", "five", "", ""],
        "employees.csv:row 4:years_experience: 'five' is not a whole number",
    ),
    (["E3", "", "Ops", "2019-01-01", "master", "5", "", ""], "employees.csv:row 4:name: is empty"),
    (
        ["E 3", "Cy", "Ops", "2019-01-01", "master", "5", "", ""],
        "employees.csv:row 4:employee_id: employee id 'E 3' is not valid: use letters, digits, '-', '_' or '.' (max 64)",
    ),
]


@pytest.mark.parametrize(("bad", "message"), BAD_ROWS, ids=[m.split(":")[2] for _, m in BAD_ROWS])
def test_a_bad_row_is_named_by_file_row_and_column_and_nothing_is_imported(
    tmp_path: Path, url: str, bad: list[str], message: str
) -> None:
    path = write_csv(tmp_path / "employees.csv", [*EMPLOYEES, bad])
    run(url, "init")
    result = run(url, "import", str(path))
    assert result.exit_code == 2
    assert result.stderr == f"error: {tmp_path}/{message}\n"
    assert event_count(url) == 0


def test_all_bad_rows_are_reported_at_once(tmp_path: Path, url: str) -> None:
    ratings = write_csv(
        tmp_path / "ratings.csv", [*RATINGS, ["E1", "2023", "great"], ["E9", "2025", "meets"]]
    )
    result = run(url, "import", str(write_csv(tmp_path / "employees.csv", EMPLOYEES)), str(ratings))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"error: {ratings}:row 5:rating: 'great' is not one of does-not-meet, partially-meets, meets, exceeds, outstanding",
        f"error: {ratings}:row 6:employee_id: employee E9 not found (import employees first)",
    ]


def test_skip_bad_imports_the_good_rows_and_writes_the_rejected_ones(
    tmp_path: Path, url: str
) -> None:
    ratings = write_csv(tmp_path / "ratings.csv", [*RATINGS, ["E1", "2023", "great"]])
    rejects = tmp_path / "rejects.csv"
    args = [
        "import",
        "--skip-bad",
        "--rejects",
        str(rejects),
        str(write_csv(tmp_path / "employees.csv", EMPLOYEES)),
        str(ratings),
    ]
    result = run(url, "--format", "json", *args)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["rejected"] == 1
    with rejects.open() as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["source"], r["rating"]) for r in rows] == [(f"{ratings}:row 5", "great")]
    assert run_json(url, "employee", "show", "E1")["ratings"] == {
        "2024": "meets",
        "2025": "exceeds",
    }


def test_a_json_export_of_whole_records_imports_and_locates_bad_fields(
    tmp_path: Path, url: str
) -> None:
    record: dict[str, Any] = {
        "employee_id": "E7",
        "name": "Dee",
        "department": "QA",
        "hire_date": "2018-02-01",
        "education": "bachelor",
        "years_experience": 7,
        "certifications": ["ISO 9001"],
        "prior_posts": [],
        "ratings": {"2025": "meets"},
        "competencies": {
            "professional_quality": 3.5,
            "core_competence": 3.8,
            "psychological_quality": 3.1,
            "knowledge_quality": 3.0,
        },
        "job_match": {
            "ability_type": 70,
            "personality": 72,
            "temperament": 68,
            "career_motivation": 80,
            "career_interest": 75,
        },
        "potential": "moderate",
        "risk_of_loss": "low",
        "impact_of_loss": "medium",
    }
    good = tmp_path / "people.json"
    good.write_text(json.dumps([record]))
    assert run_json(url, "import", str(good))["events"] == 5
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            [
                {
                    **record,
                    "employee_id": "E8",
                    "competencies": {**record["competencies"], "core_competence": 7},
                }
            ]
        )
    )
    result = run(url, "import", str(bad))
    assert (result.exit_code, result.stderr) == (
        2,
        f"error: {bad}:record 1:competencies.core_competence: 7 is outside 0..5\n",
    )


def test_an_unreadable_or_unknown_file_is_bad_input(tmp_path: Path, url: str) -> None:
    odd = write_csv(tmp_path / "odd.csv", [["who", "what"], ["a", "b"]])
    result = run(url, "import", str(odd))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {odd}:row 1: header matches no known export")
    broken = tmp_path / "broken.json"
    broken.write_text('[{\n  "employee_id": }')
    result = run(url, "import", str(broken))
    assert (result.exit_code, result.stderr) == (
        2,
        f"error: {broken}:line 2: invalid JSON: Expecting value\n",
    )
