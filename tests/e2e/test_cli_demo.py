"""`demo`: a fresh store with a whole company run through the pipeline; never another store."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from succession_flow.cli.main import cli
from tests.e2e.cli_helpers import event_count, run, run_json


def demo(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["demo", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_the_demo_refuses_a_file_that_exists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "succession-flow-demo.sqlite").write_text("not mine")
    assert demo() == (
        2,
        "",
        "error: succession-flow-demo.sqlite already exists; "
        "run `succession-flow demo --replace` to start over\n",
    )
    assert (tmp_path / "succession-flow-demo.sqlite").read_text() == "not mine"


def test_replace_removes_only_a_store_the_demo_wrote(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/mine.sqlite"
    run(
        url,
        "position",
        "add",
        "VP-SALES",
        "--title",
        "VP",
        "--echelon",
        "key-position",
        "--unit",
        "Sales",
    )
    before = event_count(url)
    code, _, err = demo("--store", url, "--replace")
    assert (code, err) == (
        2,
        f"error: {tmp_path}/mine.sqlite is not a demo store; --replace removes only demo stores\n",
    )
    assert event_count(url) == before


def test_the_demo_never_writes_to_a_store_that_holds_events(pg_schema_url: str) -> None:
    run(
        pg_schema_url,
        "position",
        "add",
        "CFO",
        "--title",
        "CFO",
        "--echelon",
        "key-position",
        "--unit",
        "Finance",
    )
    before = event_count(pg_schema_url)
    code, _, err = demo("--store", pg_schema_url, "--replace")
    assert code == 2
    assert err.endswith("already holds events; the demo needs an empty store\n")
    assert event_count(pg_schema_url) == before


def test_the_demo_ignores_the_store_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """$SUCCESSION_FLOW_STORE names the operator's store; the demo keeps to its own file."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SUCCESSION_FLOW_STORE", f"sqlite:///{tmp_path}/production.sqlite")
    (tmp_path / "succession-flow-demo.sqlite").write_text("x")
    code, _, err = demo()
    assert code == 2 and "succession-flow-demo.sqlite already exists" in err
    assert not (tmp_path / "production.sqlite").exists()


STORY_STEPS = {
    "nominate": {"nominated": 27},
    "evaluate": {"fail": 7, "pass": 20},
    "pool": {"not-pooled": 1, "ready-1-2-years": 9, "ready-now": 10},
    "train": {"in_training": 19},
    "record-course": {"results": 44},
    "complete-training": {"failed": 3, "passed": 15},
    "ratings-review": {"corrected": 1},
    "select": {"eliminate": 1, "promote": 7, "retain": 7},
    "talent-review": {"reassessed": 6},
}
YEAR = date.today().year - 1
"""The demo's story happens on last year's dates."""
PROMOTED = [
    "E1001@VP-SALES",
    "E1005@CFO",
    "E1012@HEAD-FINANCE",
    "E1015@HEAD-HR",
    "E1023@RESERVE-TECH",
    "E1020@RESERVE-MGMT",
    "E1022@RESERVE-MGMT",
]


def test_the_demo_tells_a_story_with_every_kind_of_outcome(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["--format", "json", "demo"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert (summary["positions"], summary["employees"], summary["candidates"]) == (9, 30, 33)
    assert summary["steps"] == STORY_STEPS
    assert summary["not_nominated"] == ["E1030 Dmitri Volkov"]
    assert [p["candidate"] for p in summary["promoted"]] == PROMOTED
    assert [(e["candidate"], e["from"]) for e in summary["exited"]] == [
        ("E1007@CFO", "in_training"),
        ("E1013@HEAD-FINANCE", "in_training"),
        ("E1024@RESERVE-TECH", "in_training"),
        ("E1021@RESERVE-MGMT", "trained"),
        ("E1028@CFO", "proposed"),
    ]
    assert summary["exited"][-2]["reason"] == (
        "eliminated: last year's performance fell below the minimum standard"
    )
    assert [
        (r["position_id"], r["nominated"]) for r in summary["replenished"] if r["nominated"]
    ] == [
        ("HEAD-FINANCE", ["E1025"]),
        ("RESERVE-MGMT", ["E1007", "E1024", "E1013"]),
    ]
    url = "sqlite:///succession-flow-demo.sqlite"
    promoted = run_json(url, "list", "--state", "promoted")
    assert [c["candidate"] for c in promoted] == PROMOTED
    assert run_json(url, "status", "E1025@HEAD-FINANCE")["nomination_reason"] == (
        "replenishes the HEAD-FINANCE pool from the reserve"
    )
    shown = run_json(url, "workflows", "show", "reserve")
    assert shown[0]["name"] == "talent-reserve"


def test_the_demo_adopts_the_sample_plan_before_training_and_its_budget_gates_every_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["--format", "json", "demo"], catch_exceptions=False)
    summary = json.loads(result.stdout)
    plan = summary["plan"]
    assert (plan["plan"], plan["period"]["start"]) == ("talent-plan", f"{YEAR}-01-19")
    assert [(g["goal"], g["met"], g["of"], g["status"]) for g in plan["goals"]] == [
        ("key-bench", 1, 4, "open"),
        ("finance-bench", 0, 2, "overdue"),
        ("sales-bench", 1, 1, "achieved"),
        ("management-bench", 1, 3, "open"),
    ]
    assert (plan["overdue_stages"], plan["overdue_tasks"]) == ([], [])
    assert plan["budget"] == {
        "currency": "EUR", "budget": 250000.0, "committed": 168700.0, "remaining": 81300.0,
    }  # fmt: skip
    assert summary["refused"] == []
    url = "sqlite:///succession-flow-demo.sqlite"
    gates = [
        e["details"]["decision"]
        for c in run_json(url, "list")
        for e in run_json(url, "history", c["candidate"], "--type", "TrainingStarted")
    ]
    assert len(gates) == STORY_STEPS["train"]["in_training"]
    assert {(g["ruleset"], g["outcome"]) for g in gates} == {("training-budget", "allow")}
    # the first training saw the whole budget, the last left what the summary shows
    assert max(g["facts"]["budget_remaining"] for g in gates) == 250000.0
    assert min(g["facts"]["budget_after"] for g in gates) == 81300.0
    assert sum(g["facts"]["plan_cost"] for g in gates) == 168700.0
    page = (tmp_path / "succession-flow-demo.html").read_text()
    assert 'data-chart="plan"' in page
    assert 'class="plan-progress" x="340" y="80" width="300.0"' in page  # sales-bench achieved


def test_the_ratings_review_reaches_the_selection_but_not_the_evaluation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The decision facts are those of the events current when it was made."""
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(cli, ["demo"]).exit_code == 0
    url = "sqlite:///succession-flow-demo.sqlite"
    events = run_json(url, "history", "E1021@RESERVE-MGMT")
    decisions = {e["event"]: e["details"]["decision"] for e in events if "decision" in e["details"]}
    last_year = str(YEAR - 1)  # the year before the story's
    assert decisions["Evaluated"]["facts"]["performance"][0] == "exceeds"
    assert decisions["Exited"]["facts"]["latest_performance"] == "partially-meets"
    employee = run_json(url, "employee", "show", "E1021")
    assert employee["ratings"][last_year] == "partially-meets"
    ratings = run_json(url, "history", "employee:E1021", "--type", "RatingRecorded")
    assert [(e["details"]["year"], e["details"]["rating"]) for e in ratings][-1] == (
        int(last_year),
        "partially-meets",
    )
    assert len(ratings) == 3


def test_the_installed_command_builds_the_demo_and_refuses_to_overwrite_it(tmp_path: Path) -> None:
    command = str(Path(sys.executable).parent / "succession-flow")
    first = subprocess.run([command, "demo"], cwd=tmp_path, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    lines = first.stdout.splitlines()
    assert lines[0] == "Demo company: 9 positions, 30 employees, 33 candidates"
    assert "  select             eliminate 1, promote 7, retain 7" in lines
    assert "E1001@VP-SALES      Ana Lima" in lines
    assert lines[-1] == "HTML report: succession-flow-demo.html"
    assert "  sales-bench        1 of 1 (100%), due " in "\n".join(lines)
    assert "  overdue stages: none; overdue tasks: none" in lines
    assert "  training budget: 168,700 of 250,000 EUR committed, 81,300 left" in lines
    assert "Ana Lima" in (tmp_path / "succession-flow-demo.html").read_text()
    assert (
        "  HEAD-FINANCE: 0 left of a bench of 2; nominated from the talent reserve: E1025" in lines
    )
    again = subprocess.run([command, "demo"], cwd=tmp_path, capture_output=True, text=True)
    assert (again.returncode, again.stderr) == (
        2,
        "error: succession-flow-demo.sqlite already exists; "
        "run `succession-flow demo --replace` to start over\n",
    )
    replaced = subprocess.run(
        [command, "demo", "--replace"], cwd=tmp_path, capture_output=True, text=True
    )
    assert replaced.returncode == 0, replaced.stderr
    assert replaced.stdout == first.stdout


@pytest.mark.postgres
def test_the_demo_runs_the_same_on_postgresql(
    pg_schema_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    value = run_json(pg_schema_url, "demo", "--store", pg_schema_url)
    assert value["report"] == "succession-flow-demo.html"
    assert (tmp_path / "succession-flow-demo.html").read_text().startswith("<!DOCTYPE html>")
    assert value["steps"] == STORY_STEPS
    assert [p["candidate"] for p in value["promoted"]] == PROMOTED


def test_a_reserve_track_without_a_target_of_its_own_is_judged_against_the_workflows_need(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert demo()[0] == 0
    url = "sqlite:///succession-flow-demo.sqlite"
    shown = run_json(url, "position", "show", "RESERVE-MGMT")
    assert (shown["own_target_bench"], shown["target_bench"]) == (0, 5)
    listed = {row["position"]: row for row in run_json(url, "position", "list")}
    assert listed["RESERVE-MGMT"]["target_bench"] == 5
    events = run_json(url, "history", "E1021@RESERVE-MGMT", "--type", "Pooled")
    assert [e["details"]["decision"]["facts"]["target_bench"] for e in events] == [5]


def test_every_report_shows_a_reserve_tracks_effective_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert demo()[0] == 0
    url = "sqlite:///succession-flow-demo.sqlite"
    events = run_json(url, "history", "E1021@RESERVE-MGMT", "--type", "Pooled")
    assert [e["details"]["decision"]["facts"]["target_bench"] for e in events] == [5]
    value = run_json(url, "report", "bench", "--echelon", "reserve")
    targets = {p["position"]: p["target"] for p in value["positions"]}
    assert targets["RESERVE-MGMT"] == 5
    text = run(url, "report", "bench", "--echelon", "reserve").stdout
    assert f"at or above target bench: {value['summary']['meeting_target']} of 2" in text
    shown = run_json(url, "report", "position", "RESERVE-MGMT")
    assert shown["target_bench"] == 5
    run(url, "report", "bench", "--echelon", "reserve", "--output", "bench.html")
    assert ">2 / 5<" in (tmp_path / "bench.html").read_text()
