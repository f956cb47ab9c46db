"""A candidate goes from nomination to promotion through the CLI, decided by the published
shipped rules; every decision is recorded whole in the candidate's history."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from succession_flow.formats.rulebook.book import version_of
from tests.e2e.cli_helpers import run, run_json
from tests.e2e.rules_setup import SHIPPED, company_store

KEY = "E1001@VP-SALES"


def versions() -> dict[str, str]:
    return {
        name: version_of((SHIPPED / f"{name}.yaml").read_text())
        for name in ("evaluation", "pool", "training", "promotion")
    }


def decisions(url: str) -> dict[str, dict[str, Any]]:
    return {
        e["event"]: e["details"]["decision"]
        for e in run_json(url, "history", KEY)
        if e["details"].get("decision")  # TrainingStarted: null without a talent plan
    }


def test_a_candidate_is_nominated_evaluated_pooled_trained_and_promoted_by_the_rules(
    store_url: str, tmp_path: Path
) -> None:
    company_store(store_url)
    assert (
        run(store_url, "rules", "publish", "--rules", str(SHIPPED), "--note", "go").exit_code == 0
    )
    deadline = (date.today() + timedelta(days=90)).isoformat()
    steps = [
        ["nominate", KEY, "--reason", "annual talent review"],
        ["evaluate", KEY],
        ["pool", KEY],
        ["train", KEY, "--course", "LEAD-301", "--course", "STRAT-310", "--deadline", deadline],
        ["record-course", KEY, "LEAD-301", "--score", "85"],
        ["record-course", KEY, "STRAT-310", "--score", "90"],
        ["complete-training", KEY],
        ["promote", KEY],
    ]
    outcomes = [run_json(store_url, *step)["outcome"] for step in steps]
    assert outcomes == [
        "nominated",
        "pass",
        "ready-now",
        "in_training",
        "passed",
        "passed",
        "passed",
        "promote",
    ]
    recorded = decisions(store_url)
    v = versions()
    assert {
        e: (d["ruleset"], d["version"], d["matched"], d["outcome"]) for e, d in recorded.items()
    } == {
        "Evaluated": ("evaluation", v["evaluation"], ["meets-model"], "pass"),
        "Pooled": ("pool", v["pool"], ["emergency-successor"], "ready-now"),
        "TrainingCompleted": ("training", v["training"], ["training-passed"], "passed"),
        "Promoted": ("promotion", v["promotion"], ["promote-into-vacancy"], "promote"),
    }
    assert recorded["Pooled"]["attributes"] == {"emergency_successor": True}
    assert recorded["Promoted"]["reason"] == (
        "among the best for the vacancies at the post, and good enough to take it up"
    )
    assert recorded["Promoted"]["facts"] == {
        "echelon": "key-position",
        "position_id": "VP-SALES",
        "criticality": "critical",
        "final_assessment": 83.85,
        "readiness": "ready-now",
        "rank": 1,
        "eligible_candidates": ["E1001"],
        "vacancies": 1,
        "demand_changes": 0,
        "latest_performance": "exceeds",
        "reconsidered": [],
    }
    assert recorded["TrainingCompleted"]["facts"]["exam_average"] == 87.5
    assert recorded["Evaluated"]["facts"]["performance"] == ["exceeds", "meets", None]
    assert run_json(store_url, "status", KEY)["state"] == "promoted"


def test_a_judgement_step_without_published_rules_is_refused_and_writes_nothing(
    store_url: str,
) -> None:
    company_store(store_url)
    assert run(store_url, "nominate", KEY, "--reason", "review").exit_code == 0
    before = run_json(store_url, "init")["events"]
    result = run(store_url, "evaluate", KEY)
    assert (result.exit_code, result.stderr) == (
        3,
        "error: rule set 'evaluation' is not published; run `succession-flow rules publish`\n",
    )
    assert run_json(store_url, "init")["events"] == before
