"""The CLI for the store and positions: output, exit codes, and nothing written on refusal."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.cli_helpers import event_count, run, run_json

VP = [
    "position",
    "add",
    "VP-SALES",
    "--title",
    "VP Sales",
    "--echelon",
    "key-position",
    "--unit",
    "Sales",
]


pytestmark = pytest.mark.backends("sqlite")  # messages quote the SQLite file


def test_init_creates_the_sqlite_file_and_says_where(tmp_path: Path, url: str) -> None:
    result = run(url, "init")
    assert result.exit_code == 0
    assert result.stdout == f"store ready: SQLite file {tmp_path}/store.sqlite (0 events)\n"
    assert (tmp_path / "store.sqlite").exists()


def test_a_position_is_added_listed_and_shown(url: str) -> None:
    assert run(url, *VP, "--min-years", "10", "--cert", "Sales Leadership").exit_code == 0
    rows = run_json(url, "position", "list")
    assert rows == [
        {
            "position": "VP-SALES",
            "title": "VP Sales",
            "echelon": "key-position",
            "unit": "Sales",
            "criticality": "high",
            "target_bench": 2,
            "own_target_bench": 2,
            "vacancies": 0,
            "retired": False,
        }
    ]
    shown = run_json(url, "position", "show", "VP-SALES")
    assert (shown["min_years"], shown["certifications"], shown["pool"]) == (
        10,
        ["Sales Leadership"],
        {},
    )
    assert shown["competency_weights"]["core_competence"] == 0.4


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["position", "show", "NOPE"], 3, "error: position NOPE not found\n"),
        ([*VP], 4, "error: position VP-SALES is already defined\n"),
        (["status", "E1@VP-SALES"], 3, "error: candidate E1@VP-SALES not found\n"),
        (["nominate", "E1@VP-SALES", "--reason", "r"], 3, "error: employee E1 not found\n"),
        (["nominate", "E1@NOPE", "--reason", "r"], 3, "error: position NOPE not found\n"),
        (["history", "E1@VP-SALES"], 3, "error: candidate E1@VP-SALES not found\n"),
        (
            [
                "position",
                "add",
                "CFO",
                "--title",
                "CFO",
                "--echelon",
                "key-position",
                "--unit",
                "F",
                "--weights",
                "core_competence=0.1,professional_quality=0.5,psychological_quality=0.2,knowledge_quality=0.2",
            ],
            2,
            "error: competency_weights: core_competence must weigh the most\n",
        ),
        (
            [
                "position",
                "add",
                "CFO",
                "--title",
                "CFO",
                "--echelon",
                "key-position",
                "--unit",
                "F",
                "--weights",
                "core_competence=lots",
            ],
            2,
            "error: --weights: 'core_competence=lots' is not NAME=NUMBER\n",
        ),
        (
            [
                "position",
                "add",
                "C F O",
                "--title",
                "CFO",
                "--echelon",
                "key-position",
                "--unit",
                "F",
            ],
            2,
            "error: position id 'C F O' is not valid: use letters, digits, '-', '_' or '.' (max 64)\n",
        ),
    ],
)
def test_refused_commands_say_why_in_one_line_exit_nonzero_and_write_nothing(
    url: str, args: list[str], code: int, message: str
) -> None:
    assert run(url, *VP).exit_code == 0
    before = event_count(url)
    result = run(url, *args)
    assert (result.exit_code, result.stderr) == (code, message)
    assert event_count(url) == before


def test_a_malformed_candidate_key_is_a_usage_error(url: str) -> None:
    result = run(url, "status", "E1-VP")
    assert result.exit_code == 2
    assert "candidate 'E1-VP' must be written EMPLOYEE@POSITION" in result.stderr


def test_an_unreachable_store_exits_with_the_store_code(tmp_path: Path) -> None:
    result = run(f"sqlite:///{tmp_path}/missing/dir/x.sqlite", "list")
    assert result.exit_code == 6
    assert (
        result.stderr
        == f"error: SQLite file {tmp_path}/missing/dir/x.sqlite: unable to open database file\n"
    )


def test_an_unknown_store_scheme_is_bad_input(tmp_path: Path) -> None:
    result = run("mysql://x/y", "list")
    assert (result.exit_code, result.stderr) == (
        2,
        "error: --store 'mysql://x/y': use sqlite:///PATH or postgresql://USER@HOST:PORT/DB\n",
    )
