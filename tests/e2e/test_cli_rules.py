"""HR's loop through the CLI: check, test, explain, diff, status, simulate and publish, with a
threshold change that affects one waiting candidate, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

from succession_flow.application.hr_files.rule_publishing import replay_decision
from succession_flow.bootstrap import bootstrap
from succession_flow.domain.decision import Decision
from succession_flow.formats.rulebook.book import version_of
from tests.e2e.cli_helpers import event_count, run, run_json
from tests.e2e.rules_setup import company_store, edit, rules_copy

STRICTER_JOB_MATCH = [
    ("    by_echelon: {key-position: 70}", "    by_echelon: {key-position: 80}"),
    ("      job_match: 78\n", "      job_match: 85\n"),
]


def evaluated(url: str, key: str) -> dict[str, object]:
    return next(
        e["details"]["decision"] for e in run_json(url, "history", key) if e["event"] == "Evaluated"
    )


def test_a_threshold_change_is_checked_simulated_published_and_old_decisions_replay(
    store_url: str, tmp_path: Path
) -> None:
    company_store(store_url)
    rules = rules_copy(tmp_path)
    folder = ["--rules", str(rules)]
    assert run(store_url, "rules", "publish", *folder).exit_code == 0
    v1 = version_of((rules / "evaluation.yaml").read_text())
    for key in ("E1001@VP-SALES", "E1002@VP-SALES"):
        assert run(store_url, "nominate", key, "--reason", "review").exit_code == 0
    assert run_json(store_url, "evaluate", "E1001@VP-SALES")["outcome"] == "pass"

    for old, new in STRICTER_JOB_MATCH:
        edit(rules / "evaluation.yaml", old, new)
    v2 = version_of((rules / "evaluation.yaml").read_text())
    status = {r["name"]: r["state"] for r in run_json(store_url, "rules", "status", *folder)}
    assert status == {
        "evaluation": "changed",
        "exit": "same",
        "pool": "same",
        "promotion": "same",
        "training": "same",
        "training-budget": "same",
    }
    before = event_count(store_url)
    simulated = run(store_url, "rules", "simulate", *folder)
    assert simulated.exit_code == 0
    assert simulated.stdout == (
        f"rules read from {rules}\n"
        "considered: evaluate 1, pool 1, exit 2\n"
        "E1002@VP-SALES evaluate: pass -> fail (ability, personality and motivation do not "
        "match the job well enough)\n"
        "1 outcome(s) would change; nothing was written\n"
    )
    assert event_count(store_url) == before
    diff = run(store_url, "rules", "diff", *folder)
    assert diff.stdout == (
        f"rules read from {rules}\n"
        f"evaluation: {v1[:12]} -> {v2[:12]}\n  parameter min_job_match[key-position]: 70 -> 80\n"
    )

    published = run(store_url, "rules", "publish", *folder, "--note", "stricter job match")
    assert (
        published.stdout == f"rules read from {rules}\n"
        f"published evaluation: {v1[:12]} -> {v2[:12]}\n"
        "unchanged: exit, pool, promotion, training, training-budget\n"
    )
    assert run_json(store_url, "evaluate", "E1002@VP-SALES")["outcome"] == "fail"
    first, second = evaluated(store_url, "E1001@VP-SALES"), evaluated(store_url, "E1002@VP-SALES")
    assert (first["version"], first["outcome"]) == (v1, "pass")
    assert (second["version"], second["matched"]) == (v2, ["poor-job-match"])
    (rules / "evaluation.yaml").unlink()
    services = bootstrap(store_url)
    try:
        replayed = replay_decision(services, dict(first))
    finally:
        services.close()
    assert replayed == Decision.from_dict(dict(first))
    versions = run(store_url, "rules", "diff", "--from", v1[:10], "--to", v2[:10])
    assert versions.stdout == (
        f"evaluation: {v1[:12]} -> {v2[:12]}\n  parameter min_job_match[key-position]: 70 -> 80\n"
    )
    decision_file = tmp_path / "decision.json"
    decision_file.write_text(json.dumps(first))
    again = run_json(
        store_url,
        "rules",
        "explain",
        "evaluation",
        "--facts",
        str(decision_file),
        "--version",
        v1[:12],
    )
    assert (again["version"], again["decision"]["outcome"]) == (v1, "pass")


def test_check_prints_every_problem_with_its_line_and_exits_2(tmp_path: Path) -> None:
    rules = rules_copy(tmp_path)
    edit(rules / "exit.yaml", "priority: 90", "priority: ninety")
    edit(rules / "training.yaml", '">=": 1}', '">=": 101}')
    result = run(f"sqlite:///{tmp_path}/s.sqlite", "rules", "check", "--rules", str(rules))
    assert result.exit_code == 2
    assert result.stderr == (
        f"{rules}/exit.yaml:44: rules.3.priority: Input should be a valid integer, unable to "
        "parse string as an integer\n"
        f"{rules}/training.yaml:33: courses_failed: threshold 101 is outside courses_failed's "
        "range 0..100\n"
    )


def test_check_and_test_pass_on_the_shipped_rules(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/s.sqlite"
    rules = rules_copy(tmp_path)
    checked = run(url, "rules", "check", "--rules", str(rules))
    assert checked.stdout == (
        f"ok: 6 rule sets in {rules} (evaluation, exit, pool, promotion, training, training-budget)\n"
    )
    tested = run(url, "rules", "test", "--rules", str(rules))
    assert tested.exit_code == 0
    assert tested.stdout.endswith("43 examples, 0 failed\n")


def test_a_failing_example_fails_the_test_run_and_refuses_publishing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/s.sqlite"
    rules = rules_copy(tmp_path)
    edit(rules / "training.yaml", "    default: 70\n", "    default: 73\n")
    tested = run(url, "rules", "test", "--rules", str(rules))
    assert tested.exit_code == 8
    assert (
        "FAIL training: an average of 72 passes a management post\n"
        "     expected passed, got failed\n"
    ) in tested.stdout
    assert tested.stderr == "error: 1 of 43 examples failed\n"
    before = event_count(url)
    refused = run(url, "rules", "publish", "--rules", str(rules))
    assert (refused.exit_code, refused.stderr) == (
        2,
        "error: training: example 'an average of 72 passes a management post': "
        "expected passed, got failed\n",
    )
    assert event_count(url) == before


def test_explain_shows_each_condition_with_the_values_compared(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/s.sqlite"
    rules = rules_copy(tmp_path)
    facts = tmp_path / "facts.yaml"
    facts.write_text(
        "echelon: management\nfinal_assessment: 78\nreadiness: ready-now\nrank: 2\n"
        "vacancies: 1\nlatest_performance: exceeds\n"
    )
    result = run(
        url, "rules", "explain", "promotion", "--facts", str(facts), "--file", "--rules", str(rules)
    )
    version = version_of((rules / "promotion.yaml").read_text())
    assert result.exit_code == 0
    assert (
        result.stdout
        == f"""\
promotion@{version[:12]} (file in {rules}; hit policy first)
decision: retain by [no-vacancy]: good enough, but no vacancy for this rank; stays in the pool
rule assessment-too-low (priority 100): does not match
    no  final_assessment 78 < 60 (min_retention, default)
rule performance-slipped (priority 95): does not match
    no  latest_performance exceeds < meets
rule promote-into-vacancy (priority 50): does not match
    no  all of:
        yes final_assessment 78 >= 75 (min_promotion, default)
        yes readiness ready-now in [ready-now, ready-1-2-years]
        no  rank 2 <= 1 (vacancies)
rule not-ready-yet (priority 40): does not match
    no  readiness ready-now == ready-3-5-years
rule no-vacancy (priority 30): matches
    yes rank 2 > 1 (vacancies)
rule below-promotion-bar (priority 20): does not match
    no  final_assessment 78 < 75 (min_promotion, default)
"""
    )
