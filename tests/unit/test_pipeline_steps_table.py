"""The one step table names rule sets that exist and steps they declare."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from succession_flow.domain.candidate import Candidate
from succession_flow.domain.event_types import event_types
from succession_flow.domain.pipeline_steps import STEP_OF_EVENT, STEPS, PipelineStep

RULES = Path(__file__).resolve().parents[2] / "rules"


@pytest.mark.parametrize("step", STEPS, ids=lambda s: s.name)
def test_each_steps_default_rule_set_exists_and_declares_the_step(step: PipelineStep) -> None:
    book = yaml.safe_load((RULES / f"{step.ruleset}.yaml").read_text(encoding="utf-8"))
    assert book["step"] == step.ruleset_step


@pytest.mark.parametrize("step", STEPS, ids=lambda s: s.name)
def test_each_steps_default_rule_set_decides_only_the_outcomes_the_table_names(
    step: PipelineStep,
) -> None:
    book = yaml.safe_load((RULES / f"{step.ruleset}.yaml").read_text(encoding="utf-8"))
    decided = {rule["outcome"] for rule in book["rules"]} | {book["default"]["outcome"]}
    assert decided <= set(step.outcomes)


def test_every_candidate_event_that_records_a_decision_names_its_step() -> None:
    decision_events = {
        name
        for name, cls in vars(Candidate).items()
        if isinstance(cls, type) and "decision" in getattr(cls, "__annotations__", {})
    }
    assert decision_events, "no decision event found on Candidate"
    assert decision_events == set(STEP_OF_EVENT)


def test_every_event_the_domain_declares_is_a_known_event_type() -> None:
    domain = Path(__file__).resolve().parents[2] / "src" / "succession_flow" / "domain"
    declared = {
        name
        for path in domain.glob("*.py")
        for name in re.findall(r'@event\("(\w+)"\)', path.read_text(encoding="utf-8"))
    }
    assert declared and declared <= event_types()
