"""With the shipped rules published and real decisions made: explain shows each condition with
the values it compared, and `audit verify` re-runs every decision on the real engine."""

from __future__ import annotations

from typing import Any

import pytest

from succession_flow.application.audit import verification
from succession_flow.bootstrap import bootstrap
from succession_flow.formats.rulebook.book import version_of
from tests.e2e.cli_helpers import run, run_json
from tests.e2e.rules_setup import SHIPPED, company_store

KEY = "E1001@VP-SALES"


@pytest.fixture
def decided(store_url: str) -> str:
    company_store(store_url)
    assert (
        run(store_url, "rules", "publish", "--rules", str(SHIPPED), "--note", "go").exit_code == 0
    )
    for step in (["nominate", KEY, "--reason", "review"], ["evaluate", KEY], ["pool", KEY]):
        assert run(store_url, *step).exit_code == 0
    nominated = run(store_url, "nominate", "E1002@VP-SALES", "--reason", "review")
    assert nominated.exit_code == 0
    overridden = run(store_url, "evaluate", "E1002@VP-SALES", "--override", "fail",
                     "--justification", "references pending")  # fmt: skip
    assert overridden.exit_code == 0, overridden.stderr
    return store_url


def test_explain_shows_each_condition_of_the_matched_rule_with_its_values(decided: str) -> None:
    entries = run_json(decided, "explain", KEY)
    assert [(e["event"], e["ruleset"], e["rule_version"]) for e in entries] == [
        ("Evaluated", "evaluation", version_of((SHIPPED / "evaluation.yaml").read_text())),
        ("Pooled", "pool", version_of((SHIPPED / "pool.yaml").read_text())),
    ]
    evaluated = entries[0]
    assert evaluated["matched"][0]["rule"] == "meets-model"
    conditions = evaluated["matched"][0]["conditions"]
    assert conditions[0] == {"depth": 0, "text": "all of:", "result": True}
    assert all(c["result"] for c in conditions)
    assert any(c["text"].startswith("competency_score 4.2 >= ") for c in conditions)
    assert evaluated["published"]["note"] == "go"
    text = run(decided, "explain", KEY).stdout
    assert "  matched meets-model\n    yes all of:\n" in text
    published = evaluated["published"]
    assert (
        f"  rule set evaluation@{evaluated['rule_version'][:12]} (published {published['time']} "
        f"by tester)\n  publish note: go\n  rules said pass: "
    ) in text


def test_verify_re_runs_every_recorded_decision_on_the_real_engine(decided: str) -> None:
    report = run_json(decided, "audit", "verify")
    assert (report["ok"], report["decisions_rerun"], report["findings"]) == (True, 4, [])


def test_verify_reads_the_log_in_one_scan_and_re_runs_the_same_decisions(
    decided: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = bootstrap(decided)
    try:
        log: Any = services.store.sealed_log()
        pages: list[int] = []
        select = log.select_sealed

        def counted(start: int, limit: int) -> Any:
            pages.append(start)
            return select(start, limit)

        monkeypatch.setattr(log, "select_sealed", counted)
        monkeypatch.setattr(services.store, "notifications", None)  # a second scan would fail
        report = verification.verify(services).to_dict()
    finally:
        services.close()
    assert (report["ok"], report["decisions_rerun"], report["findings"]) == (True, 4, [])
    assert pages == [1]  # the store is one page: read once
