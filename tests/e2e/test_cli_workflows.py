"""`workflows check | publish | show`: HR owners' workflow files, checked and put in force."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from succession_flow.data import SHIPPED_RULES, SHIPPED_WORKFLOWS
from tests.e2e.cli_helpers import event_count, run, run_json

RULE_SETS = {
    "evaluation": "evaluation",
    "pool": "pool",
    "training": "training",
    "promotion": "promotion",
    "exit": "exit",
}


@pytest.fixture
def checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder like a checkout: ./workflows and ./rules (copies of the shipped ones)."""
    shutil.copytree(SHIPPED_WORKFLOWS, tmp_path / "workflows")
    shutil.copytree(SHIPPED_RULES, tmp_path / "rules")
    monkeypatch.chdir(tmp_path)
    return tmp_path


pytestmark = pytest.mark.backends("sqlite")  # the CLI over files: the store kind does not matter


def test_the_shipped_workflows_pass_the_check(checkout: Path, url: str) -> None:
    assert run_json(url, "workflows", "check") == [
        {
            "file": "workflows/key-positions.yaml",
            "echelon": "key-position",
            "name": "key-positions",
        },
        {
            "file": "workflows/management-positions.yaml",
            "echelon": "management",
            "name": "management-positions",
        },
        {"file": "workflows/talent-reserve.yaml", "echelon": "reserve", "name": "talent-reserve"},
    ]


@pytest.mark.parametrize(
    ("file", "old", "new", "error"),
    [
        (
            "management-positions.yaml",
            "  pool: pool\n",
            "  pool: pools\n",
            "error: workflows/management-positions.yaml:16: transitions.pool: no rule set named 'pools' in rules/",
        ),
        (
            "key-positions.yaml",
            "  complete-training: training\n",
            "  complete-training: evaluation\n",
            "error: workflows/key-positions.yaml:22: transitions.complete-training: rule set 'evaluation' decides step 'evaluation', not 'training'",
        ),
        (
            "talent-reserve.yaml",
            "  period_days: 180",
            "  period_days: 3",
            "error: workflows/talent-reserve.yaml:29: training.period_days: Input should be greater than or equal to 7",
        ),
        (
            "talent-reserve.yaml",
            "echelon: reserve",
            "echelon: management",
            "error: workflows/talent-reserve.yaml:1: a second workflow for echelon management (the first is management-positions.yaml)",
        ),
    ],
)
def test_a_broken_workflow_is_reported_at_its_file_and_line_with_exit_2(
    checkout: Path, url: str, file: str, old: str, new: str, error: str
) -> None:
    path = checkout / "workflows" / file
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, new))
    result = run(url, "workflows", "check")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [error]


def test_a_rule_set_missing_from_the_rules_folder_fails_the_check(checkout: Path, url: str) -> None:
    (checkout / "rules" / "exit.yaml").unlink()
    result = run(url, "workflows", "check")
    assert result.exit_code == 2
    assert [line.split(": ", 2)[1] for line in result.stderr.splitlines()] == [
        "workflows/key-positions.yaml:24",
        "workflows/management-positions.yaml:19",
        "workflows/talent-reserve.yaml:21",
    ]


def test_publishing_puts_the_workflows_in_force_once(checkout: Path, url: str) -> None:
    first = run_json(url, "workflows", "publish", "--note", "first workflows")
    assert [(p["echelon"], p["changed"]) for p in first] == [
        ("key-position", True),
        ("management", True),
        ("reserve", True),
    ]
    before = event_count(url)
    again = run_json(url, "workflows", "publish", "--note", "again")
    assert [p["changed"] for p in again] == [False, False, False]
    assert event_count(url) == before
    shown = run_json(url, "workflows", "show", "management")
    assert shown == [
        {
            "echelon": "management",
            "name": "management-positions",
            "rule_sets": {
                "evaluate": "evaluation",
                "pool": "pool",
                "complete-training": "training",
                "promote": "promotion",
                "exit": "exit",
            },
            "nomination": {
                "min_latest_rating": "meets",
                "potential": ["high", "moderate"],
                "max_per_position": 3,
            },
            "nomination_approval": "none",
            "training_days": 270,
            "courses": {
                "finance": ["LEAD-201", "FIN-230"],
                "talent": ["LEAD-201", "HR-240"],
                "operations": ["LEAD-201", "QA-250"],
                "default": ["LEAD-201", "MGMT-210"],
            },
            "reserve_need": 2,
            "due_days": {
                "nominated": 30,
                "evaluated": 30,
                "pooled": 60,
                "in_training": 270,
                "trained": 90,
            },
            "version": first[1]["version"],
        }
    ]


def test_a_changed_file_publishes_only_its_echelon(checkout: Path, url: str) -> None:
    run_json(url, "workflows", "publish", "--note", "first")
    path = checkout / "workflows" / "talent-reserve.yaml"
    path.write_text(path.read_text().replace("reserve_need: 5", "reserve_need: 6"))
    again = run_json(url, "workflows", "publish", "--note", "a bigger reserve")
    assert [p["changed"] for p in again] == [False, False, True]
    assert run_json(url, "workflows", "show", "reserve")[0]["reserve_need"] == 6


def test_a_refused_publish_writes_nothing(checkout: Path, url: str) -> None:
    run_json(url, "init")
    path = checkout / "workflows" / "key-positions.yaml"
    path.write_text(path.read_text().replace("reserve_need: 3", "reserve_need: -1"))
    result = run(url, "workflows", "publish", "--note", "broken")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: workflows/key-positions.yaml:43: reserve_need: Input should be greater than or equal to 0\n"
    )
    assert event_count(url) == 0


def test_show_before_any_publish_says_what_to_do(checkout: Path, url: str) -> None:
    run_json(url, "init")
    result = run(url, "workflows", "show")
    assert result.exit_code == 3
    assert (
        result.stderr == "error: no workflow published; run `succession-flow workflows publish`\n"
    )
