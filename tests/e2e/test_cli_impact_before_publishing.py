"""A rule change's adverse impact is shown before it is published, on the same people, and a
workflow with `adverse_impact: refuse` refuses a version that flags a new category unless HR
accepts it with a justification, which is recorded as an event."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from succession_flow.application.hr_files.rule_publishing import publish
from succession_flow.application.hr_files.workflows import publish_workflows, rule_steps
from succession_flow.bootstrap import bootstrap
from tests.e2e.cli_helpers import event_count, run, run_json
from tests.e2e.rules_setup import SHIPPED, edit, rules_copy
from tests.integration.builders import ACTOR
from tests.integration.fairness_company import fairness_company

STRICTER_JOB_MATCH = [
    ("    by_echelon: {key-position: 70}", "    by_echelon: {key-position: 80}"),
    ("      job_match: 78\n", "      job_match: 85\n"),
]
WORKFLOWS = Path(__file__).parents[2] / "workflows"


def waiting_company(url: str, folder: Path, refuse: bool) -> Path:
    """Everyone nominated under the shipped rules (all would pass); the file on disk asks for a
    job match of 80, which the fair-match half fails: women more often than men."""
    services = bootstrap(url)
    try:
        publish(services, SHIPPED, ACTOR)
        workflows = folder / "workflows"
        workflows.mkdir()
        for path in WORKFLOWS.glob("*.yaml"):
            text = path.read_text(encoding="utf-8")
            if refuse and path.name == "key-positions.yaml":
                text += "\nadverse_impact: refuse\n"
            (workflows / path.name).write_text(text, encoding="utf-8")
        publish_workflows(services, workflows, rule_steps(SHIPPED), ACTOR, "fairness set-up")
        fairness_company(services, folder, by_job_match=True)
    finally:
        services.close()
    rules = rules_copy(folder)
    for old, new in STRICTER_JOB_MATCH:
        edit(rules / "evaluation.yaml", old, new)
    return rules


def ratios(rows: list[dict[str, Any]], axis: str) -> dict[str, tuple[Any, ...]]:
    return {
        r["category"]: (r["published_ratio"], r["file_ratio"], r["flagged"])
        for r in rows
        if r["step"] == "evaluate" and r["axis"] == axis
    }


def test_simulate_shows_each_ratio_under_the_published_version_and_the_file(
    store_url: str, tmp_path: Path
) -> None:
    rules = waiting_company(store_url, tmp_path, refuse=False)
    before = event_count(store_url)
    value = run_json(store_url, "rules", "simulate", "--rules", str(rules))
    assert ratios(value["impact"], "sex") == {"male": (1.0, 1.0, False), "female": (1.0, 0.5, True)}
    assert ratios(value["impact"], "race_ethnicity") == {
        "white": (1.0, 1.0, False),
        "asian": (1.0, 0.6875, True),
    }
    assert len(value["changes"]) == 8
    text = run(store_url, "rules", "simulate", "--rules", str(rules)).stdout
    assert "adverse impact (impact ratio: published -> file):" in text
    assert event_count(store_url) == before


def test_publish_under_a_refusing_workflow_refuses_a_new_flag_and_writes_nothing(
    store_url: str, tmp_path: Path
) -> None:
    rules = waiting_company(store_url, tmp_path, refuse=True)
    before = event_count(store_url)
    result = run(store_url, "rules", "publish", "--rules", str(rules))
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {rules}: the new rules flag evaluate sex: female; evaluate race_ethnicity: "
        "asian; evaluate sex x race_ethnicity: female / white; evaluate sex x race_ethnicity: "
        "female / asian below the four-fifths ratio and workflow key-positions refuses that "
        "(adverse_impact: refuse); fix the rules or publish with --accept-impact "
        "--justification TEXT\n"
    )
    assert event_count(store_url) == before


def test_accepting_the_impact_needs_a_justification(store_url: str, tmp_path: Path) -> None:
    rules = waiting_company(store_url, tmp_path, refuse=True)
    result = run(store_url, "rules", "publish", "--rules", str(rules), "--accept-impact")
    assert (result.exit_code, result.stderr) == (
        2,
        "error: --accept-impact needs --justification: say why the impact is accepted\n",
    )


def test_an_accepted_impact_is_published_and_recorded_with_its_justification(
    store_url: str, tmp_path: Path
) -> None:
    rules = waiting_company(store_url, tmp_path, refuse=True)
    why = "the post now needs the stricter match; reviewed with the works council"
    args = ["--rules", str(rules), "--accept-impact", "--justification", why]
    value = run_json(store_url, "rules", "publish", *args)
    assert [p["name"] for p in value["published"]] == ["evaluation"]
    assert value["accepted"][0] == "evaluate sex: female"
    (event,) = run_json(store_url, "history", "ruleset:evaluation", "--type", "ImpactAccepted")
    assert (event["actor"], event["details"]["justification"]) == (ACTOR, why)
    assert event["details"]["flagged"] == value["accepted"]


def test_without_a_refusing_workflow_publish_shows_the_impact_and_publishes(
    store_url: str, tmp_path: Path
) -> None:
    rules = waiting_company(store_url, tmp_path, refuse=False)
    result = run(store_url, "rules", "publish", "--rules", str(rules))
    assert result.exit_code == 0, result.stderr
    assert "adverse impact (impact ratio: published -> file):" in result.stdout
    assert run_json(store_url, "history", "ruleset:evaluation", "--type", "ImpactAccepted") == []


@pytest.mark.parametrize("value", ["warn", "REFUSE"])
def test_a_workflow_with_an_unknown_adverse_impact_setting_is_refused(
    tmp_path: Path, value: str
) -> None:
    folder = tmp_path / "workflows"
    folder.mkdir()
    for path in WORKFLOWS.glob("*.yaml"):
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    edit(
        folder / "management-positions.yaml",
        "name: management",
        f"adverse_impact: {value}\nname: management",
    )
    url = f"sqlite:///{tmp_path}/s.sqlite"
    result = run(url, "workflows", "check", "--folder", str(folder), "--rules", str(SHIPPED))
    assert result.exit_code == 2
    assert "adverse_impact" in result.stderr
