"""The steps a rule set decides, as one table: each step, its default rule set, where it runs.

The services' default rule sets, the workflow file's judgement steps and the `step:` a rule set
must declare are all read from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from succession_flow.domain.lifecycle import ALLOWED_FROM, State


@dataclass(frozen=True)
class PipelineStep:
    name: str
    ruleset: str
    """The rule set that decides the step unless a workflow names another."""
    ruleset_step: str
    """The `step:` that rule set declares."""
    runs_from: frozenset[State]
    judgement: bool = True
    """Judgement steps are named by a workflow's `transitions`; gates (the budget) are not."""


STEPS = (
    PipelineStep("evaluate", "evaluation", "evaluation", ALLOWED_FROM["evaluate"]),
    PipelineStep("pool", "pool", "pool", ALLOWED_FROM["pool"]),
    PipelineStep("complete-training", "training", "training", ALLOWED_FROM["complete-training"]),
    PipelineStep("promote", "promotion", "promotion", ALLOWED_FROM["promote"]),
    PipelineStep("exit", "exit", "exit", ALLOWED_FROM["exit"]),
    PipelineStep(
        "training-start", "training-budget", "training-start", ALLOWED_FROM["train"], False
    ),
)

DEFAULT_RULESETS = {s.name: s.ruleset for s in STEPS}
JUDGEMENT_STEPS = tuple(s.name for s in STEPS if s.judgement)
STEP_OF_RULESET = {s.name: s.ruleset_step for s in STEPS if s.judgement}
"""The `step:` a rule set must declare to decide each workflow step."""
