"""`position import FILE.csv`: bulk define and revise, all or nothing, row-level errors naming
file, row and column, re-import records nothing; on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.cli_helpers import event_count, run, run_json

SAMPLE = Path(__file__).parents[2] / "samples" / "positions.csv"
HEADER = "position_id,title,echelon,unit,min_years,reports_to,vacancies,reason\n"


def write(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "positions.csv"
    path.write_text(HEADER + "".join(f"{r}\n" for r in rows))
    return path


def test_the_sample_defines_every_position_and_importing_it_again_records_nothing(
    store_url: str,
) -> None:
    first = run_json(store_url, "position", "import", str(SAMPLE))
    assert (first["rows"], first["applied"], first["events"]) == (4, 4, 4)
    qa = run_json(store_url, "position", "show", "HEAD-QA")
    assert (qa["reports_to"], qa["certifications"]) == (
        "VP-SALES",
        ["Quality Engineer", "Lead Auditor"],
    )
    before = event_count(store_url)
    again = run(store_url, "position", "import", str(SAMPLE))
    assert (again.exit_code, again.stdout) == (0, "imported 4 of 4 positions (0 events)\n")
    assert event_count(store_url) == before


def test_a_position_may_report_to_one_defined_further_down_the_file(
    store_url: str, tmp_path: Path
) -> None:
    path = write(
        tmp_path, "HEAD-HR,Head HR,management,HR,5,COO,,", "COO,COO,key-position,Ops,10,,,"
    )
    assert run_json(store_url, "position", "import", str(path))["events"] == 2
    assert run_json(store_url, "position", "show", "HEAD-HR")["reports_to"] == "COO"


def test_a_changed_row_revises_the_position_with_its_reason_and_sets_the_demand(
    store_url: str, tmp_path: Path
) -> None:
    run_json(
        store_url, "position", "import", str(write(tmp_path, "COO,COO,key-position,Ops,10,,0,"))
    )
    path = write(tmp_path, "COO,COO,key-position,Ops,12,,1,board 03-01")
    assert run_json(store_url, "position", "import", str(path))["events"] == 2
    shown = run_json(store_url, "position", "show", "COO")
    assert (shown["min_years"], shown["vacancies"]) == (12, 1)
    revised = run_json(store_url, "history", "position:COO", "--type", "Revised")
    assert [e["details"]["reason"] for e in revised] == ["board 03-01"]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (["COO,COO,boss,Ops,10,,,"], "row 3:echelon: 'boss' is not one of key-position, management, reserve"),
        (["COO,COO,key-position,Ops,ten,,,"], "row 3:min_years: 'ten' is not a whole number"),
        (["COO,COO,key-position,Ops,99,,,"], "row 3:min_years: 99 is outside 0..60"),
        (["COO,,key-position,Ops,10,,,"], "row 3:title: is empty"),
        (["COO,COO,key-position,Ops,10,CEO,,"], "row 3: position CEO not found (reports_to of COO)"),
        (["COO,COO,key-position,Ops,10,,,", "COO,COO 2,key-position,Ops,10,,,"],
         "row 4: duplicate of {path}:row 3 (position_id COO)"),
    ],
)  # fmt: skip
def test_a_bad_row_rejects_the_whole_file_in_one_line_naming_row_and_column(
    store_url: str, tmp_path: Path, rows: list[str], message: str
) -> None:
    path = write(tmp_path, "CFO,CFO,key-position,Finance,10,,,", *rows)
    before = event_count(store_url)
    result = run(store_url, "position", "import", str(path))
    assert (result.exit_code, result.stderr) == (2, f"error: {path}:{message.format(path=path)}\n")
    assert event_count(store_url) == before


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("position_id,title,echelon\n", "row 1: missing column unit"),
        ("position_id,title,echelon,unit,titel\n", "row 1: unknown column 'titel'"),
    ],
)
def test_a_bad_header_is_refused_in_one_line(
    store_url: str, tmp_path: Path, header: str, message: str
) -> None:
    path = tmp_path / "positions.csv"
    path.write_text(header)
    result = run(store_url, "position", "import", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {path}:{message}")
    assert len(result.stderr.splitlines()) == 1


def test_skip_bad_imports_the_good_rows_and_writes_the_bad_ones_aside(
    store_url: str, tmp_path: Path
) -> None:
    path = write(tmp_path, "CFO,CFO,key-position,Finance,10,,,", "COO,COO,boss,Ops,10,,,")
    rejects = tmp_path / "bad.csv"
    result = run(
        store_url, "position", "import", str(path), "--skip-bad", "--rejects", str(rejects)
    )
    assert result.exit_code == 0
    assert (
        result.stdout == f"imported 1 of 2 positions (1 events); 1 rejected, written to {rejects}\n"
    )
    assert "row 3:echelon" in rejects.read_text()
    assert [p["position"] for p in run_json(store_url, "position", "list")] == ["CFO"]
