"""The demo company's year: last year's dates on every event, an org chart with a vacancy risk,
a calibration session, nominations approved and rejected by a named approver, a nine-box that
is not mostly stars, and bench counts that are `report bench`'s own."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from succession_flow.cli.main import cli
from tests.e2e.cli_helpers import run, run_json

YEAR = date.today().year - 1


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, Any], str]:
    """The demo in its own file: (store URL, the JSON summary, the text summary)."""
    folder = tmp_path_factory.mktemp("demo-year")
    url = f"sqlite:///{folder}/succession-flow-demo.sqlite"
    result = CliRunner().invoke(cli, ["--format", "json", "demo", "--store", url])
    assert result.exit_code == 0, result.output
    again = f"sqlite:///{folder}/again.sqlite"
    text = CliRunner().invoke(cli, ["demo", "--store", again]).stdout
    return url, json.loads(result.stdout), text


def test_every_event_of_the_demo_happened_last_year_in_the_order_told(
    built: tuple[str, dict[str, Any], str],
) -> None:
    url = built[0]
    history = run_json(url, "history", "E1002@VP-SALES")
    times = [e["time"] for e in history]
    assert times == sorted(times)
    assert {t[:4] for t in times} == {str(YEAR)}
    assert [(e["event"], e["time"][:10]) for e in history][:2] == [
        ("Nominated", f"{YEAR}-02-02"),
        ("Evaluated", f"{YEAR}-02-23"),
    ]


@pytest.mark.parametrize(
    ("moment", "state", "readiness"),
    [
        (f"{YEAR}-02-10", "nominated", ""),
        (f"{YEAR}-04-01", "in_training", "ready-1-2-years"),
        (f"{YEAR}-11-01", "trained", "ready-1-2-years"),
        (f"{YEAR}-12-31", "trained", "ready-now"),
    ],
)
def test_as_of_questions_about_the_demo_have_answers(
    built: tuple[str, dict[str, Any], str], moment: str, state: str, readiness: str
) -> None:
    shown = run_json(built[0], "status", "E1002@VP-SALES", "--as-of", moment)
    assert (shown["state"], shown["readiness"]) == (state, readiness)


def test_the_summary_shows_the_org_chart_and_its_vacancy_risk(
    built: tuple[str, dict[str, Any], str],
) -> None:
    url, summary, text = built
    organisation = summary["organisation"]
    chart = run_json(url, "report", "orgchart", "--as-of", f"{YEAR}-12-15T12:00:00")
    assert organisation["vacancy_risk"] == chart["vacancy_risk"] == {
        "high": 1, "medium": 4, "low": 2,
    }  # fmt: skip
    assert [row["position"] for row in organisation["chart"]][:2] == ["CFO", "  HEAD-FINANCE"]
    assert "  GM-EUROPE: high (vacant; no ready-now successor)" in text
    assert f"  HEAD-QA       Jonas Berg    high          {YEAR + 1}-06-30" in text


def test_the_calibration_session_moved_people_with_reasons_and_history_says_so(
    built: tuple[str, dict[str, Any], str],
) -> None:
    url, summary, text = built
    assert summary["review"]["applied"] == 2
    assert (
        "Talent review session key-positions-year-end (echelon key-position): 2 moves applied"
    ) in text
    changed = run_json(url, "history", "E1002@VP-SALES", "--type", "ReadinessChanged")
    assert [(e["time"][:10], e["details"]["reason"]) for e in changed] == [
        (
            f"{YEAR}-11-30",
            "talent review key-positions-year-end: led the sales turnaround since the "
            "selection; ready now",
        )
    ]
    assert run_json(url, "employee", "show", "E1009")["potential"] == "moderate"


def test_one_nomination_is_approved_and_one_rejected_by_a_named_approver(
    built: tuple[str, dict[str, Any], str],
) -> None:
    url, summary, text = built
    assert [(a["candidate"], a["decided"], a["by"]) for a in summary["approvals"]] == [
        ("E1019@GM-EUROPE", "approved", "dana"),
        ("E1028@CFO", "rejected", "dana"),
    ]
    approved = run_json(url, "explain", "E1019@GM-EUROPE")[0]
    assert (approved["event"], approved["actor"]) == ("NominationApproved", "dana")
    rejected = run_json(url, "status", "E1028@CFO")
    assert (rejected["state"], rejected["exited_from"]) == ("exited", "proposed")
    assert "  E1028@CFO proposed by demo, rejected by dana: no CPA" in text
    shown = run_json(url, "workflows", "show", "key-position")
    assert shown[0]["nomination_approval"] == "required"


def test_the_nine_box_the_demo_ends_with_is_not_mostly_stars(
    built: tuple[str, dict[str, Any], str],
) -> None:
    url = built[0]
    boxes = {b["box"]: len(b["people"]) for b in run_json(url, "report", "ninebox")["boxes"]}
    assert boxes["star"] == 13
    assert sum(1 for count in boxes.values() if count) == 8
    before = run_json(url, "report", "ninebox", "--as-of", f"{YEAR}-11-01")["boxes"]
    assert {b["box"]: len(b["people"]) for b in before}["star"] == 20


def test_the_summary_benches_are_report_benchs_counts(
    built: tuple[str, dict[str, Any], str],
) -> None:
    url, summary, _ = built
    counted: Counter[tuple[str, str]] = Counter()
    for echelon in ("key-position", "management", "reserve"):
        shown = run_json(url, "report", "bench", "--echelon", echelon)
        for row in shown["positions"]:
            for readiness in ("ready-now", "ready-1-2-years", "ready-3-5-years"):
                counted[(row["position"], readiness)] = row[readiness]
    assert {
        (b["position"], r): b[r]
        for b in summary["benches"]
        for r in ("ready-now", "ready-1-2-years", "ready-3-5-years")
    } == dict(counted)


def test_the_demo_tells_the_same_story_on_every_run(
    built: tuple[str, dict[str, Any], str], tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path}/third.sqlite"
    third = CliRunner().invoke(cli, ["demo", "--store", url]).stdout
    assert (
        third.replace("third.sqlite", "again.sqlite").splitlines()[:-2]
        == (built[2].splitlines()[:-2])
    )
    assert run(url, "audit", "verify").exit_code == 0
