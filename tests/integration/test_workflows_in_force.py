"""Which workflow is in force: none until published; fixed for the length of a batch."""

from __future__ import annotations

import shutil
from pathlib import Path

from succession_flow.application.hr_files.workflows import (
    in_force,
    pinned,
    publish_workflows,
    ruleset_for,
)
from succession_flow.application.services import Services
from succession_flow.data import SHIPPED_WORKFLOWS


def test_until_a_workflow_is_published_the_default_rule_sets_decide(services: Services) -> None:
    assert in_force(services, "management") is None
    assert ruleset_for(services, "complete-training", "management") == "training"


def test_a_batch_keeps_the_workflow_in_force_when_it_started(
    services: Services, tmp_path: Path
) -> None:
    folder = tmp_path / "workflows"
    shutil.copytree(SHIPPED_WORKFLOWS, folder)
    publish_workflows(services, folder, None, "hr", "first")
    path = folder / "management-positions.yaml"
    with pinned(services):
        before = in_force(services, "management")
        path.write_text(path.read_text().replace("period_days: 270", "period_days: 200"))
        publish_workflows(services, folder, None, "hr", "shorter training")
        during = in_force(services, "management")
    after = in_force(services, "management")
    assert before is not None and during == before
    assert after is not None and after[0].training.period_days == 200
    assert after[1] != before[1]
