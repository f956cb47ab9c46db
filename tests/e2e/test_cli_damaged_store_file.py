"""Damage in a store is named, never answered as an empty store: a SQLite file with corrupt
pages is exit 6 in one line for every read; a NUL byte can no longer reach PostgreSQL's rows."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.e2e.cli_helpers import run


def corrupt_pages(path: Path) -> None:
    """Overwrite the middle of every third page, as a failing disk or a bad copy would."""
    size = path.stat().st_size
    with path.open("r+b") as handle:
        for offset in range(4096 * 2, size, 4096 * 3):
            handle.seek(offset + 100)
            handle.write(b"\xde\xad\xbe\xef" * 200)


@pytest.fixture
def damaged(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path}/store.sqlite"
    for n in range(30):
        add = ["position", "add", f"VP{n}", "--title", f"VP {n}", "--echelon", "key-position"]
        assert run(url, *add, "--unit", "Sales").exit_code == 0
    assert run(url, "list").exit_code == 0
    corrupt_pages(tmp_path / "store.sqlite")
    return url


@pytest.mark.parametrize("command", [["list"], ["report", "bench"], ["position", "list"]])
def test_a_sqlite_file_with_corrupt_pages_is_exit_6_in_one_line_for_every_read(
    damaged: str, command: list[str]
) -> None:
    result = run(damaged, *command)
    assert result.exit_code == 6, result.output
    [line] = result.stderr.splitlines()
    assert line.startswith(f"error: SQLite file {damaged.removeprefix('sqlite:///')}: ")
    assert "malformed" in line or line.endswith("(restore it from a backup; nothing was read)")
    assert result.stdout == ""


def test_a_nul_byte_in_an_imported_name_is_refused_and_every_read_still_works(
    store_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "employees.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(
            [
                ["employee_id", "name", "department", "hire_date", "education",
                 "years_experience", "certifications", "prior_posts"],
                ["E1", "Ana\x00Lima", "Sales", "2012-03-01", "master", "12", "", ""],
            ]
        )  # fmt: skip
    result = run(store_url, "import", str(path))
    assert (result.exit_code, result.stderr) == (
        2,
        f"error: {path}:row 2:name: control character U+0000 is not allowed\n",
    )
    for command in (["list"], ["report", "ninebox"], ["readmodel", "rebuild"]):
        assert run(store_url, *command).exit_code == 0, command
