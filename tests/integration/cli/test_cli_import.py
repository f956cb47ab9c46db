"""`import` through the CLI on each backend: good rows are written and counted, a bad row
rejects the whole file (exit 2, nothing written), and with --skip-bad the good rows go in
while the bad ones are written aside and named, one line each, on stderr."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.cli_helpers import run, run_json

HEADER = (
    "employee_id,name,department,hire_date,education,years_experience,certifications,prior_posts\n"
)
GOOD = "E1,Ana Lima,Sales,2011-03-01,master,14,Sales Leadership,Regional Sales Director\n"
BAD = "E2,Bruno Costa,Sales,not-a-date,master,12,,\n"


def export(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "employees.csv"
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


def test_good_rows_are_imported_and_counted(store_url: str, tmp_path: Path) -> None:
    result = run(store_url, "import", str(export(tmp_path, GOOD)))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("imported 1 of 1 rows (")
    assert run_json(store_url, "employee", "show", "E1")["name"] == "Ana Lima"


def test_a_bad_row_rejects_the_whole_import_naming_its_line(store_url: str, tmp_path: Path) -> None:
    result = run(store_url, "import", str(export(tmp_path, GOOD, BAD)))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"error: {tmp_path / 'employees.csv'}:row 3:hire_date: 'not-a-date' is not a date "
        "like 2015-04-01\n"
    )
    assert run(store_url, "employee", "show", "E1").exit_code == 3
    assert not (tmp_path / "rejected-rows.csv").exists()


def test_skip_bad_imports_the_good_rows_and_writes_the_bad_ones_aside(
    store_url: str, tmp_path: Path
) -> None:
    rejects = tmp_path / "bad.csv"
    args = ("import", "--skip-bad", "--rejects", str(rejects), str(export(tmp_path, GOOD, BAD)))
    result = run(store_url, *args)
    assert result.exit_code == 0, result.stderr
    [line] = result.stderr.splitlines()
    assert line == f"rejected: {tmp_path / 'employees.csv'}:row 3:hire_date: 'not-a-date' is " + (
        "not a date like 2015-04-01"
    )
    assert result.stdout.startswith("imported 1 of 2 rows (")
    assert result.stdout.rstrip().endswith(f"; 1 rejected, written to {rejects}")
    assert "not-a-date" in rejects.read_text(encoding="utf-8")
    again = run_json(store_url, *args)
    assert (again["applied"], again["rejected"], again["events"]) == (1, 1, 0)
    assert again["rejects_file"] == str(rejects)


def test_a_rejects_file_that_cannot_be_written_is_refused_before_anything_is_imported(
    store_url: str, tmp_path: Path
) -> None:
    missing = tmp_path / "nowhere" / "bad.csv"
    result = run(store_url, "import", "--skip-bad", "--rejects", str(missing),
                 str(export(tmp_path, GOOD, BAD)))  # fmt: skip
    assert (result.exit_code, result.stdout) == (2, "")
    assert len(result.stderr.splitlines()) == 1 and "nowhere" in result.stderr
    assert run(store_url, "employee", "show", "E1").exit_code == 3
