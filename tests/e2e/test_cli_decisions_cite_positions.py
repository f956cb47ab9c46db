"""Decisions record the position (and employee) version they read: after `position update`,
the next decision cites the new version, `explain` shows the revision, and `audit verify`
re-runs the older decisions as recorded."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from succession_flow.domain.decision import Decision
from tests.e2e.cli_helpers import run, run_json
from tests.e2e.rules_setup import SHIPPED, company_store


@pytest.fixture
def revised(store_url: str) -> str:
    """E1001 evaluated under VP-SALES v1; then min_years 8 -> 12; then E1002 evaluated."""
    company_store(store_url)
    assert (
        run(store_url, "rules", "publish", "--rules", str(SHIPPED), "--note", "go").exit_code == 0
    )
    for key in ("E1001@VP-SALES", "E1002@VP-SALES"):
        assert run(store_url, "nominate", key, "--reason", "review").exit_code == 0
    assert run(store_url, "evaluate", "E1001@VP-SALES").exit_code == 0
    update = ["position", "update", "VP-SALES", "--min-years", "12", "--reason", "board"]
    assert run(store_url, *update).exit_code == 0
    assert run(store_url, "evaluate", "E1002@VP-SALES").exit_code == 0
    return store_url


def evaluation(url: str, key: str) -> dict[str, object]:
    return next(e for e in run_json(url, "explain", key) if e["step"] == "evaluate")


def test_a_decision_after_an_update_cites_the_new_position_version_and_its_revision(
    revised: str,
) -> None:
    today = datetime.now(UTC).date().isoformat()
    read = evaluation(revised, "E1002@VP-SALES")["read"]
    employee_version = len(run_json(revised, "history", "employee:E1002"))
    assert read == {
        "position": {
            "position": "VP-SALES",
            "version": 2,
            "revised": today,
            "changes": {"min_years": [8, 12]},
            "text": f"position VP-SALES v2 (revised {today}: min_years 8 -> 12)",
        },
        "employee": {"employee": "E1002", "version": employee_version},
    }
    text = run(revised, "explain", "E1002@VP-SALES").stdout
    cites = f"position VP-SALES v2 (revised {today}: min_years 8 -> 12)"
    assert f"  read {cites}, employee E1002 v{employee_version}\n" in text


def test_a_decision_before_the_update_still_cites_the_version_it_read(revised: str) -> None:
    read = evaluation(revised, "E1001@VP-SALES")["read"]
    assert read["position"]["text"] == "position VP-SALES v1"  # type: ignore[index]


def test_verify_re_runs_the_decision_made_before_the_update_as_recorded(revised: str) -> None:
    report = run_json(revised, "audit", "verify")
    assert (report["decisions_rerun"], report["findings"]) == (2, [])


def test_a_decision_recorded_before_versions_were_cited_reads_without_them() -> None:
    old = {"outcome": "pass", "reason": "r", "ruleset": "evaluation", "version": "v", "facts": {}}
    decision = Decision.from_dict(old)
    assert decision.read == {}
    assert "read" not in decision.to_dict()
    cited = Decision.from_dict({**old, "read": {"position": 3, "employee": 2}})
    assert Decision.from_dict(cited.to_dict()).read == {"position": 3, "employee": 2}


def test_explain_says_which_facts_were_rounded_before_the_rules_compared_them(
    revised: str,
) -> None:
    assert evaluation(revised, "E1001@VP-SALES")["rounded"] == {
        "competency_score": 3,
        "job_match": 2,
    }
    text = run(revised, "explain", "E1001@VP-SALES").stdout
    assert (
        "  rounded before the rules compared them: competency_score to 3 decimals, "
        "job_match to 2 decimals\n" in text
    )
