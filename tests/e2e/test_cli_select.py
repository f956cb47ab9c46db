"""`select P` through the CLI on both stores: it names who was promoted, retained and
eliminated, and `--dry-run` reports exactly what the real run then does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from succession_flow.application.services import Services
from succession_flow.bootstrap import bootstrap
from tests.e2e.cli_helpers import event_count, run, run_json
from tests.e2e.rules_setup import edit, rules_copy
from tests.integration.selection_company import post, trained


def three_trained(services: Services) -> None:
    """One eliminated (rating slipped), one promoted into the one vacancy, one retained."""
    post(services)
    trained(services, "E1001", "ready-now", 5.0, (100, 100), latest="partially-meets")
    trained(services, "E1002", "ready-now", strength=4.6)
    trained(services, "E1003", "ready-now")


pytestmark = pytest.mark.company(build=three_trained)


def without_writes(report: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in report.items() if k not in ("dry_run", "events")}


def test_select_names_who_was_promoted_retained_and_eliminated(url: str) -> None:
    result = run(url, "select", "VP-SALES")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1:] == [
        "OUTCOME    CANDIDATES",
        "eliminate  1",
        "promote    1",
        "retain     1",
        "promoted: E1002",
        "retained: E1003",
        "eliminated: E1001",
        "VP-SALES pool: 1 remaining of a target bench of 3; needs 2",
        "proposed from the talent reserve: (nobody fits)",
    ]


def test_select_json_names_each_outcome_and_who_stays_retained_unchanged(url: str) -> None:
    first = run_json(url, "select", "VP-SALES")
    again = run_json(url, "select", "VP-SALES")
    assert first["names"] == {
        "promote": ["E1002"],
        "retain": ["E1003"],
        "eliminate": ["E1001"],
        "unchanged": [],
    }
    assert (again["applied"], again["events"]) == (0, 0)
    assert again["names"] == {"promote": [], "retain": [], "eliminate": [], "unchanged": ["E1003"]}
    text = run(url, "select", "VP-SALES").stdout
    assert "still retained, nothing changed: E1003\n" in text


def test_a_dry_run_of_select_reports_the_same_outcomes_names_and_need_as_the_real_run(
    url: str,
) -> None:
    before = event_count(url)
    dry = run_json(url, "select", "VP-SALES", "--dry-run")
    assert event_count(url) == before
    real = run_json(url, "select", "VP-SALES")
    assert (dry["dry_run"], dry["events"], real["dry_run"]) == (True, 0, False)
    assert real["events"] > 0
    assert without_writes(dry) == without_writes(real)
    assert real["replenishment"]["remaining"] == 1


def test_rules_simulate_ranks_by_the_eligibility_of_the_rules_it_simulates(
    store_url: str, tmp_path: Path
) -> None:
    services = bootstrap(store_url)
    try:
        post(services)
        trained(services, "E1001", "ready-1-2-years", strength=4.6)
        trained(services, "E1002", "ready-now")
    finally:
        services.close()
    rules = rules_copy(tmp_path)
    edit(
        rules / "promotion.yaml",
        "{fact: readiness, in: [ready-now, ready-1-2-years]}",
        "{fact: readiness, in: [ready-now]}",
    )
    simulated = run(store_url, "rules", "simulate", "--rules", str(rules))
    assert simulated.exit_code == 0, simulated.output
    lines = simulated.stdout.splitlines()
    assert lines[0].startswith("rules read from ") and lines[1] == "considered: promote 2, exit 2"
    assert lines[2:] == [
        "E1001@VP-SALES promote: promote -> retain (no promotion rule applied; stays in the "
        "pool for review)",
        "E1002@VP-SALES promote: retain -> promote (among the best for the vacancies at the "
        "post, and good enough to take it up)",
        "2 outcome(s) would change; nothing was written",
    ]
