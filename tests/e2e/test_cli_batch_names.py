"""Who got which outcome, for every batch and `select`: in the text (up to NAMES_SHOWN per
outcome), in the JSON, and in the `--names-csv FILE` rows; a dry run names whom the real run
then names. On SQLite and PostgreSQL, through the CLI on the demo company.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from succession_flow.cli.batch_names import NAMES_SHOWN, named_line
from tests.e2e import demo_company
from tests.e2e.cli_helpers import event_count, run, run_json


@pytest.fixture
def url(store_url: str) -> str:
    demo_company.load(store_url)
    return store_url


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_run_names_each_outcome_in_its_text_json_and_csv_alike(url: str, tmp_path: Path) -> None:
    run_json(url, "run", "nominate")
    target = tmp_path / "evaluated.csv"
    text = run(url, "run", "evaluate", "--names-csv", str(target)).stdout.splitlines()
    written = rows(target)
    by_outcome: dict[str, list[str]] = {}
    for row in written:
        by_outcome.setdefault(row["outcome"], []).append(row["candidate"])
    assert sorted(by_outcome) == ["fail", "pass"]
    assert (len(by_outcome["fail"]), len(by_outcome["pass"])) == (7, 20)
    assert text[4:] == [f"{o}: {', '.join(by_outcome[o])}" for o in ("fail", "pass")]
    assert {row["detail"] for row in written} == {""}
    assert run_json(url, "status", by_outcome["fail"][0])["evaluations"] == ["fail"]


def test_a_dry_run_writes_the_names_csv_the_real_run_then_writes_and_no_event(
    url: str, tmp_path: Path
) -> None:
    run_json(url, "run", "nominate")
    before = event_count(url)
    dry, real = tmp_path / "dry.csv", tmp_path / "real.csv"
    assert run(url, "run", "evaluate", "--dry-run", "--names-csv", str(dry)).exit_code == 0
    assert event_count(url) == before
    assert run(url, "run", "evaluate", "--workers", "2", "--names-csv", str(real)).exit_code == 0
    assert rows(dry) == rows(real) and len(rows(real)) == 27


def test_nobody_to_step_still_writes_the_csv_header(url: str, tmp_path: Path) -> None:
    target = tmp_path / "none.csv"
    result = run(url, "run", "evaluate", "--names-csv", str(target))
    assert result.stdout == "evaluate: 0 of 0 candidates (0 events)\n(none)\n"
    assert target.read_text() == "candidate,outcome,detail\n"


def test_select_names_its_outcomes_in_the_csv_as_candidates(url: str, tmp_path: Path) -> None:
    target = tmp_path / "selected.csv"
    result = run(url, "select", "CTO", "--dry-run", "--names-csv", str(target))
    assert result.exit_code == 0, result.output
    assert target.read_text() == "candidate,outcome,detail\n"
    assert "promoted: (none)" in result.stdout


def test_an_unwritable_names_csv_is_refused_before_anything_runs(url: str, tmp_path: Path) -> None:
    run_json(url, "run", "nominate")
    before = event_count(url)
    missing = tmp_path / "no-such-folder" / "names.csv"
    result = run(url, "run", "evaluate", "--names-csv", str(missing))
    assert (result.exit_code, result.stderr) == (
        2,
        f"error: --names-csv {missing}: cannot write: No such file or directory\n",
    )
    assert event_count(url) == before


@pytest.mark.parametrize(("count", "more"), [(NAMES_SHOWN, ""), (NAMES_SHOWN + 3, " and 3 more")])
def test_the_text_names_the_first_names_shown_and_counts_the_rest(count: int, more: str) -> None:
    names = [f"E{n}@P" for n in range(count)]
    line = named_line("pass", names)
    shown = ", ".join(names[:NAMES_SHOWN])
    assert line == f"pass: {shown}" + (f"{more} (--names-csv FILE lists all)" if more else "")
