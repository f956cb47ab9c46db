"""`run exit`: the exit sweep `rules/exit.yaml` describes, on the demo company, SQLite and PG."""

from __future__ import annotations

import pytest

from tests.e2e import demo_company
from tests.e2e.cli_helpers import event_count, run, run_json

pytestmark = pytest.mark.company(build=demo_company.build)


def evaluated_twice(url: str) -> None:
    """Everyone nominated and evaluated; E1003 (who failed) re-evaluated and failed again."""
    run_json(url, "run", "nominate")
    run_json(url, "run", "evaluate")
    assert run_json(url, "evaluate", "E1003@VP-SALES")["outcome"] == "fail"


def test_run_exit_exits_a_second_failed_evaluation_and_records_nothing_for_who_stays(
    url: str,
) -> None:
    evaluated_twice(url)
    before = event_count(url)
    report = run_json(url, "run", "exit")
    assert report["names"]["exit"] == ["E1003@VP-SALES"]
    assert report["outcomes"] == {"exit": 1, "stay": 26}
    assert event_count(url) == before + 1
    assert run_json(url, "status", "E1003@VP-SALES")["state"] == "exited"
    assert "E1003@VP-SALES" not in [o["candidate"] for o in run_json(url, "overdue")]


def test_a_dry_run_of_exit_names_whom_the_real_run_exits_and_writes_nothing(url: str) -> None:
    evaluated_twice(url)
    before = event_count(url)
    dry = run_json(url, "run", "exit", "--dry-run", "--chunk-size", "2")
    assert event_count(url) == before
    real = run_json(url, "run", "exit")
    assert (dry["outcomes"], dry["names"]) == (real["outcomes"], real["names"])


def test_a_second_exit_sweep_exits_nobody_again(url: str) -> None:
    evaluated_twice(url)
    run_json(url, "run", "exit")
    before = event_count(url)
    again = run(url, "--format", "json", "run", "exit")
    assert again.exit_code == 0
    assert event_count(url) == before
    assert "exit" not in run_json(url, "run", "exit")["outcomes"]
