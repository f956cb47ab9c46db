"""The demo company's fairness audit: the report finds an evaluation impact ratio below 0.8,
and the revised rules in samples/fairness, decided again on the same people, lift it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from succession_flow.cli.main import cli
from succession_flow.domain.demographics import DEMOGRAPHIC_WORDS, RACES, SEXES
from tests.e2e.cli_helpers import run, run_json


def test_the_demo_finds_a_flagged_group_and_the_revised_rules_lift_its_ratio(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["--format", "json", "demo"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    story = json.loads(result.stdout)["fairness"]
    flagged = {(f["axis"], f["category"]): f["impact_ratio"] for f in story["flagged"]}
    assert flagged[("sex", "male")] == 0.6731  # 7 of 12 men passed, 13 of 15 women
    assert flagged[("race_ethnicity", "white")] == 0.6  # 6 of 10, against 6 of 6
    risen = {
        (r["axis"], r["category"]): (r["published_ratio"], r["file_ratio"]) for r in story["risen"]
    }
    assert risen[("race_ethnicity", "white")] == (0.6, 0.9)
    assert risen[("sex", "male")] == (0.6731, 0.75)
    page = (tmp_path / "succession-flow-demo.html").read_text(encoding="utf-8")
    assert '<section id="adverse-impact">' in page
    assert '<section id="impact-revision">' in page
    url = "sqlite:///succession-flow-demo.sqlite"
    again = run_json(
        url,
        "rules",
        "simulate",
        "--decided",
        "--rules",
        str(Path(__file__).parents[2] / "samples" / "fairness"),
    )
    assert again["considered"] == {"evaluate": 27}
    assert [c["candidate"] for c in again["changes"]] == [
        "E1003@VP-SALES",
        "E1010@CTO",
        "E1014@HEAD-FINANCE",
        "E1026@RESERVE-TECH",
    ]


def test_the_demo_text_summary_names_the_finding_and_the_revision(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["demo"], catch_exceptions=False)
    assert (
        "Fairness audit of the evaluate rules (report adverse-impact --step evaluate; "
        "small groups: read the p-values):\n"
    ) in result.stdout
    assert "    race_ethnicity white 0.60 -> 0.90\n" in result.stdout
    assert run("sqlite:///succession-flow-demo.sqlite", "report", "adverse-impact").exit_code == 0


def test_no_decision_of_any_step_in_the_demo_saw_a_demographic_fact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(cli, ["demo"], catch_exceptions=False).exit_code == 0
    words = DEMOGRAPHIC_WORDS | set(SEXES) | set(RACES)
    seen: set[str] = set()
    for event in run_json("sqlite:///succession-flow-demo.sqlite", "history"):
        decision = event["details"].get("decision") or event["details"].get("rule_decision")
        if not isinstance(decision, dict):
            continue
        seen.add(event["event"])
        facts = decision["facts"]
        assert not words & set(facts), (event["subject"], facts)
        assert not words & {str(v) for v in facts.values()}, (event["subject"], facts)
    assert {"Evaluated", "Pooled", "TrainingStarted", "TrainingCompleted", "Promoted"} <= seen
