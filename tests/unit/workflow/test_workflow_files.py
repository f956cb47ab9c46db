"""Workflow files: the shipped ones load; each mistake is reported at its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from succession_flow.application.hr_files.workflow_views import workflow_detail, workflow_text
from succession_flow.formats.workflow.loader import load_workflow, load_workflows
from succession_flow.formats.yaml_source import YamlProblems

SHIPPED = Path(__file__).parents[3] / "workflows"
RULESETS = {
    "evaluation": "evaluation",
    "pool": "pool",
    "training": "training",
    "promotion": "promotion",
    "exit": "exit",
}


def test_the_shipped_workflows_cover_the_three_echelons() -> None:
    workflows = load_workflows(SHIPPED, RULESETS)
    assert sorted(workflows) == ["key-position", "management", "reserve"]
    key = workflows["key-position"]
    assert key.training.courses_for("sales") == ["LEAD-301", "STRAT-310", "SAL-320"]
    assert key.training.courses_for("legal") == ["LEAD-301", "STRAT-310"]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "wf.yaml"
    path.write_text(text)
    return path


BASE = (SHIPPED / "management-positions.yaml").read_text()


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (
            "echelon: management",
            "echelon: managers",
            ":3: echelon: Input should be 'key-position', 'management' or 'reserve'",
        ),
        (
            "  nominated: {due_days: 30}",
            "  nominated: {due_days: 0}",
            ":8: stages.nominated.due_days: Input should be greater than or equal to 1",
        ),
        (
            "  pool: pool\n",
            "  pool: pools\n",
            ":16: transitions.pool: no rule set named 'pools' in rules/",
        ),
        (
            "  pool: pool\n",
            "  pool: training\n",
            ":16: transitions.pool: rule set 'training' decides step 'training', not 'pool'",
        ),
        (
            "  exit: exit\n",
            "",
            ":14: transitions: Value error, no rule set for exit".replace("Value error, ", ""),
        ),
        (
            "  min_latest_rating: meets",
            "  min_latest_rating: good",
            ":22: nomination.min_latest_rating: 'good' is not one of does-not-meet, partially-meets, meets, exceeds, outstanding",
        ),
        (
            "    default: [LEAD-201, MGMT-210]",
            "    other: [LEAD-201, MGMT-210]",
            ":26: training: courses: needs a 'default' list for families not named",
        ),
        (
            "reserve_need: 2",
            "reserve_needs: 2",
            ":34: reserve_needs: Extra inputs are not permitted",
        ),
        ("  in_training: {due_days: 270}", "  in_training: {due_days: 270\n", ":13: YAML syntax:"),
    ],
)
def test_a_mistake_is_reported_with_its_file_and_line(
    tmp_path: Path, old: str, new: str, problem: str
) -> None:
    assert old in BASE
    path = write(tmp_path, BASE.replace(old, new))
    with pytest.raises(YamlProblems) as caught:
        load_workflow(path, RULESETS)
    assert any(p.startswith(f"{path}{problem}") for p in caught.value.problems), (
        caught.value.problems
    )


def test_every_problem_of_every_file_is_reported_at_once(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(BASE.replace("  pool: pool\n", "  pool: pools\n"))
    (tmp_path / "b.yaml").write_text(
        BASE.replace("echelon: management", "echelon: reserve").replace(
            "  exit: exit\n", "  exit: exits\n"
        )
    )
    with pytest.raises(YamlProblems) as caught:
        load_workflows(tmp_path, RULESETS)
    assert caught.value.problems == [
        f"{tmp_path}/a.yaml:16: transitions.pool: no rule set named 'pools' in rules/",
        f"{tmp_path}/b.yaml:19: transitions.exit: no rule set named 'exits' in rules/",
    ]


def test_a_workflow_reads_as_a_few_lines_with_its_version_when_published() -> None:
    management = load_workflows(SHIPPED, RULESETS)["management"]
    detail = workflow_detail(management, "0123456789abcdef")
    assert detail["version"] == "0123456789ab"
    assert "version" not in workflow_detail(management)
    assert workflow_text(detail).splitlines() == [
        "management: management-positions (version 0123456789ab)",
        "  rule sets:    evaluate=evaluation, pool=pool, complete-training=training, "
        "promote=promotion, exit=exit",
        "  nominate:     latest rating >= meets, potential high/moderate, at most 3 per position",
        "  training:     270 days",
        "    finance: LEAD-201, FIN-230",
        "    talent: LEAD-201, HR-240",
        "    operations: LEAD-201, QA-250",
        "    default: LEAD-201, MGMT-210",
        "  reserve need: 2 per position",
        "  due (days):   nominated=30, evaluated=30, pooled=60, in_training=270, trained=90",
    ]


def test_a_workflow_that_needs_approval_says_who_approves_each_nomination() -> None:
    management = load_workflows(SHIPPED, RULESETS)["management"]
    approved = management.model_copy(update={"nomination_approval": "required"})
    (nominate,) = [line for line in workflow_text(workflow_detail(approved)).splitlines()
                   if line.startswith("  nominate:")]  # fmt: skip
    assert nominate.endswith("at most 3 per position; each approved by an approver")
