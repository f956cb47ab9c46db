"""The one step table names rule sets that exist and steps they declare."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from succession_flow.domain.pipeline_steps import STEPS, PipelineStep

RULES = Path(__file__).resolve().parents[2] / "rules"


@pytest.mark.parametrize("step", STEPS, ids=lambda s: s.name)
def test_each_steps_default_rule_set_exists_and_declares_the_step(step: PipelineStep) -> None:
    book = yaml.safe_load((RULES / f"{step.ruleset}.yaml").read_text(encoding="utf-8"))
    assert book["step"] == step.ruleset_step
