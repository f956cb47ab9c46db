"""`run train` under a talent plan: the training-budget gate sees the plans the batch started.

A chunk is saved whole at its end, with the talent plan it committed training cost on: the
plan is loaded once per chunk and each allowed training commits its cost on it, so one chunk
never spends the budget twice; a dry run counts the cost its earlier chunks committed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from succession_flow.data import SHIPPED_PLAN
from tests.e2e import demo_company
from tests.e2e.cli_helpers import event_count, run, run_json

PLAN = SHIPPED_PLAN
COST = {
    "LEAD-101": 1800, "LEAD-201": 3200, "LEAD-301": 6500, "MGMT-110": 1500, "STRAT-310": 5800,
    "FIN-230": 2600, "FIN-330": 4900, "SAL-320": 4200, "TECH-140": 1600, "TECH-340": 5200,
    "HR-240": 2400, "QA-250": 2300, "OPS-350": 4600,
}  # fmt: skip


pytestmark = [
    pytest.mark.backends("sqlite"),  # the budget race on PostgreSQL: integration/test_budget_race
    pytest.mark.company(build=demo_company.build),
]


@pytest.fixture
def url(url: str, tmp_path: Path) -> str:
    """The demo company pooled, under the shipped plan with its budget cut to 40,000."""
    for step in ("nominate", "evaluate", "pool"):
        run_json(url, "run", step)
    text = PLAN.read_text()  # a rolling plan: in force from the day it is adopted
    text = re.sub(r"training_budget: \d+", "training_budget: 40000", text)
    plan = tmp_path / "plan.yaml"
    plan.write_text(text)
    adopted = run(url, "plan", "adopt", str(plan))
    assert adopted.exit_code == 0, adopted.stderr
    return url


def committed(url: str) -> int:
    plans = [run_json(url, "status", c["candidate"])["training_plan"] for c in in_training(url)]
    return sum(COST[course] for plan in plans for course in plan["courses"])


def in_training(url: str) -> list[dict[str, str]]:
    found: list[dict[str, str]] = run_json(url, "list", "--state", "in_training")
    return found


def test_one_chunk_never_spends_more_than_the_budget(url: str) -> None:
    report = run_json(url, "run", "train")
    assert report["applied"] == len(in_training(url)) > 0
    assert report["errors"][0] == (
        "E1005@CFO: training refused by the talent-plan budget: the courses cost more than "
        "the training budget left (courses cost 17200, 7000 left)"
    )
    assert all(": training refused by the talent-plan budget: " in e for e in report["errors"])
    assert committed(url) <= 40000
    assert run_json(url, "plan", "status")["budget"]["committed"] == committed(url)
    assert report["applied"] + len(report["errors"]) == report["considered"]


def test_a_dry_run_counts_the_same_plans_against_the_budget(url: str) -> None:
    before = event_count(url)
    dry = run_json(url, "run", "train", "--dry-run")
    assert event_count(url) == before
    done = run_json(url, "run", "train", "--chunk-size", "3")
    assert (dry["applied"], dry["errors"]) == (done["applied"], done["errors"])


def test_a_rerun_refuses_the_rest_again_and_starts_nothing_twice(url: str) -> None:
    first = run_json(url, "run", "train")
    after = event_count(url)
    again = run_json(url, "run", "train")
    assert (again["applied"], len(again["errors"])) == (0, len(first["errors"]))
    assert event_count(url) == after
