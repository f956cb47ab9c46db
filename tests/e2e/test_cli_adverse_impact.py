"""The fairness audit from the command line, on SQLite and PostgreSQL, with a secret set:
demographics imported and encrypted, counted by `report adverse-impact`, shown one by one only
to the auditor capability, withheld by `--redact`, and never a fact of any decision."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from succession_flow.application.hr_files.rule_publishing import publish
from succession_flow.application.people.access import grant
from succession_flow.application.pipeline import steps
from succession_flow.bootstrap import bootstrap
from succession_flow.domain.candidate import Override
from succession_flow.domain.demographics import DEMOGRAPHIC_WORDS, RACES, SEXES
from tests.e2e.cli_helpers import run
from tests.e2e.rules_setup import SHIPPED, edit, rules_copy
from tests.integration.builders import ACTOR
from tests.integration.fairness_company import fairness_company
from tests.integration.raw_store import RawStore

SECRET = b"an HR secret nobody guesses"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fairness")


def build(url: str, folder: Path) -> None:
    """Evaluated by the shipped rules (E1002's fail overridden to pass); hr-owner tester,
    operator bob, auditor carol."""
    services = bootstrap(url, secret=SECRET)
    try:
        grant(services, ACTOR, ACTOR, "hr-owner")
        grant(services, ACTOR, "bob", "operator")
        grant(services, ACTOR, "carol", "auditor")
        publish(services, SHIPPED, ACTOR)
        for key in fairness_company(services, folder):
            override = Override("pass", "panel review") if key.employee_id == "E1002" else None
            steps.evaluate(services, key, ACTOR, override)
    finally:
        services.close()


@pytest.fixture(scope="module")
def audited(module_store_url: str, folder: Path) -> str:
    build(module_store_url, folder)
    return module_store_url


def secret_file(folder: Path) -> str:
    path = folder / "secret"
    path.write_bytes(SECRET + b"\n")
    return str(path)


def cli(url: str, folder: Path, *args: str, actor: str = ACTOR) -> Result:
    return run(url, "--secret-file", secret_file(folder), *args, actor=actor)


def cli_json(url: str, folder: Path, *args: str, actor: str = ACTOR) -> Any:
    result = cli(url, folder, "--format", "json", *args, actor=actor)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def figures(step: dict[str, Any]) -> dict[str, list[tuple[Any, ...]]]:
    return {
        axis["axis"]: [
            (c["category"], c["assessed"], c["selected"], c["impact_ratio"], c["flagged"])
            for c in axis["categories"]
        ]
        for axis in step["axes"]
    }


def test_the_report_gives_the_hand_computed_figures_for_the_evaluation_by_reviewer_bob(
    audited: str, folder: Path
) -> None:
    value = cli_json(audited, folder, "report", "adverse-impact", "--step", "evaluate", actor="bob")
    (step,) = value["steps"]
    assert value["method"] == "Fisher's exact test (two-sided, hypergeometric, computed exactly)"
    assert (step["assessed"], step["overridden"], step["manual_decisions"]) == (21, 1, 0)
    assert figures(step) == {
        "sex": [("male", 10, 8, 1.0, False), ("female", 10, 4, 0.5, True)],
        "race_ethnicity": [("white", 11, 8, 1.0, False), ("asian", 10, 5, 0.6875, True)],
        "sex x race_ethnicity": [
            ("male / asian", 5, 4, 1.0, False),
            ("male / white", 5, 4, 1.0, False),
            ("female / white", 5, 3, 0.75, True),
            ("female / asian", 5, 1, 0.25, True),
        ],
    }
    assert [a["undisclosed"] for a in step["axes"]] == [1, 0, 1]
    assert [c["p_value"] for c in step["axes"][0]["categories"]] == [None, 0.1698]


def test_the_steps_nobody_reached_are_reported_with_nobody_assessed(
    audited: str, folder: Path
) -> None:
    value = cli_json(audited, folder, "report", "adverse-impact")
    assert [(s["step"], s["assessed"]) for s in value["steps"]] == [
        ("evaluate", 21),
        ("pool", 0),
        ("complete-training", 0),
        ("promote", 0),
    ]


def test_the_csv_export_is_the_main_table_one_row_per_category(audited: str, folder: Path) -> None:
    out = folder / "impact.csv"
    result = cli(
        audited, folder, "report", "adverse-impact", "--step", "evaluate", "--output", str(out)
    )
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    assert list(rows[0]) == [
        "step",
        "axis",
        "category",
        "assessed",
        "selected",
        "selection_rate",
        "impact_ratio",
        "flagged",
        "p_value",
    ]
    assert [(r["category"], r["selection_rate"], r["flagged"]) for r in rows[:2]] == [
        ("male", "0.8", ""),
        ("female", "0.4", "below 0.8"),
    ]


def test_the_html_page_has_the_adverse_impact_section_with_a_ratio_chart(
    audited: str, folder: Path
) -> None:
    out = folder / "report.html"
    result = cli(audited, folder, "report", "html", str(out))
    assert result.exit_code == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert '<section id="adverse-impact">' in page
    assert 'data-chart="impact"' in page
    assert "female / asian" in page


def test_an_operator_cannot_see_one_persons_categories_exit_7_in_one_line(
    audited: str, folder: Path
) -> None:
    result = cli(audited, folder, "employee", "demographics", "E1001", actor="bob")
    assert result.exit_code == 7
    assert result.stderr == (
        "error: actor 'bob' needs role hr-owner or auditor to see demographics (has operator)\n"
    )


def test_the_auditor_sees_one_persons_categories(audited: str, folder: Path) -> None:
    found = cli_json(audited, folder, "employee", "demographics", "E1001", actor="carol")
    assert found == {
        "employee": "E1001",
        "sex": "female",
        "race_ethnicity": "asian",
        "declared": True,
    }


@pytest.mark.parametrize(
    ("actor", "redact", "shown"),
    [("bob", False, "[withheld]"), ("carol", False, "female"), ("carol", True, "[withheld]")],
)
def test_a_history_shows_the_categories_only_to_the_auditor_and_never_redacted(
    audited: str, folder: Path, actor: str, redact: bool, shown: str
) -> None:
    args = ["history", "employee:E1001", "--type", "DemographicsDeclared"]
    events = cli_json(audited, folder, *args, *(["--redact"] if redact else []), actor=actor)
    assert [e["details"]["sex"] for e in events] == [shown]


def test_with_a_secret_no_category_appears_in_the_raw_events(audited: str) -> None:
    raw = RawStore(audited).row_states()
    for plaintext in (b"asian", b"female", b"race_ethnicity"):
        assert plaintext not in raw


def test_no_recorded_decision_has_a_demographic_among_its_facts(audited: str, folder: Path) -> None:
    words = DEMOGRAPHIC_WORDS | set(SEXES) | set(RACES)
    decisions = 0
    for event in cli_json(audited, folder, "history", "--type", "Evaluated"):
        facts = event["details"]["decision"]["facts"]
        decisions += 1
        assert not words & set(facts), facts
        assert not words & {str(v) for v in facts.values()}, facts
    assert decisions == 21


def test_rules_check_refuses_a_rule_set_that_declares_a_demographic_fact(tmp_path: Path) -> None:
    rules = rules_copy(tmp_path)
    edit(
        rules / "evaluation.yaml",
        "  job_match: {type: number",
        "  sex: {type: string}\n  job_match: {type: number",
    )
    result = run(f"sqlite:///{tmp_path}/s.sqlite", "rules", "check", "--rules", str(rules))
    assert result.exit_code == 2
    assert result.stderr == (
        f"{rules}/evaluation.yaml:28: fact 'sex' names a self-identified demographic: no "
        "step supplies one and no rule may read it (they are kept for the adverse-impact audit "
        "only)\n"
    )


def test_a_bad_category_in_demographics_csv_names_file_row_and_column_and_writes_nothing(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path}/s.sqlite"
    services = bootstrap(url)
    fairness_company(services, tmp_path)
    services.close()
    path = tmp_path / "bad.csv"
    path.write_text("employee_id,sex,race_ethnicity\nE1001,female,asian\nE1002,F,white\n")
    before = run(url, "--format", "json", "init").stdout
    result = run(url, "import", str(path))
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {path}:row 3:sex: 'F' is not one of female, male, not-disclosed\n"
    )
    assert run(url, "--format", "json", "init").stdout == before


def test_an_override_is_reported_apart_with_the_rules_outcome_and_the_applied_one(
    audited: str, folder: Path
) -> None:
    value = cli_json(audited, folder, "report", "adverse-impact", "--step", "evaluate")
    rows = {(r["axis"], r["category"]): r for r in value["steps"][0]["overrides"]}
    female = rows[("sex", "female")]
    assert (female["overridden"], female["selected_by_rules"], female["selected_as_applied"]) == (
        1,
        4,
        5,
    )
    assert (female["rate_by_rules"], female["rate_as_applied"]) == (0.4, 0.5)
    assert rows[("sex", "male")]["overridden"] == 0
    assert rows[("sex x race_ethnicity", "female / asian")]["selected_as_applied"] == 2


@pytest.mark.parametrize(
    ("options", "assessed"),
    [
        (["--step", "select"], {"promote": 0}),
        (["--step", "evaluate", "--position", "CFO"], {"evaluate": 0}),
        (["--step", "evaluate", "--position", "VP-SALES"], {"evaluate": 21}),
        (["--step", "evaluate", "--echelon", "management"], {"evaluate": 0}),
        (["--step", "evaluate", "--version", "0000"], {"evaluate": 0}),
        (["--step", "evaluate", "--until", "2000-01-01"], {"evaluate": 0}),
        (["--step", "evaluate", "--as-of", "2000-01-01"], {"evaluate": 0}),
        (["--step", "evaluate", "--since", "2000-01-01"], {"evaluate": 21}),
    ],
)
def test_the_report_keeps_to_the_step_position_echelon_version_and_period_asked_for(
    audited: str, folder: Path, options: list[str], assessed: dict[str, int]
) -> None:
    value = cli_json(audited, folder, "report", "adverse-impact", *options)
    assert {s["step"]: s["assessed"] for s in value["steps"]} == assessed


def test_the_report_keeps_to_one_rule_version_by_its_prefix(audited: str, folder: Path) -> None:
    version = cli_json(audited, folder, "rules", "status", "--rules", str(SHIPPED))[0]["published"]
    value = cli_json(
        audited, folder, "report", "adverse-impact", "--step", "evaluate", "--version", version[:8]
    )
    assert value["steps"][0]["assessed"] == 21


def test_an_operator_cannot_export_the_record_unredacted_and_no_file_is_left(
    audited: str, folder: Path
) -> None:
    out = folder / "bob.jsonl"
    result = cli(audited, folder, "audit", "export", str(out), actor="bob")
    assert result.exit_code == 7
    assert result.stderr == (
        "error: actor 'bob' needs role hr-owner or auditor for an unredacted export (or use "
        "--redact): the record holds self-identified demographics\n"
    )
    assert not out.exists()


@pytest.mark.parametrize(
    ("actor", "redact", "shown"), [("bob", True, False), ("carol", False, True)]
)
def test_an_export_carries_the_categories_only_unredacted_for_the_auditor(
    audited: str, folder: Path, actor: str, redact: bool, shown: bool
) -> None:
    out = folder / f"{actor}.jsonl"
    args = ["audit", "export", str(out), *(["--redact"] if redact else [])]
    assert cli(audited, folder, *args, actor=actor).exit_code == 0
    declared = [
        json.loads(line)["event"]["details"]
        for line in out.read_text(encoding="utf-8").splitlines()
        if '"DemographicsDeclared"' in line
    ]
    assert len(declared) == 21
    assert (declared[0]["sex"] == "female") is shown


def test_the_whole_history_withholds_every_category_from_an_operator(
    audited: str, folder: Path
) -> None:
    events = cli_json(audited, folder, "history", "--type", "DemographicsDeclared", actor="bob")
    assert {(e["details"]["sex"], e["details"]["race_ethnicity"]) for e in events} == {
        ("[withheld]", "[withheld]")
    }
    assert len(events) == 21
