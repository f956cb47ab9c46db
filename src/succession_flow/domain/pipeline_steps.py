"""The pipeline's steps, as one table: each step, its command, rule set, outcomes and events.

The services' default rule sets, the workflow file's judgement steps, the `step:` a rule set
must declare, the outcomes a rule set may decide, the step that produced each event (for
`explain`) and the steps `run` offers are all read from here, never written out again.
"""

from __future__ import annotations

from dataclasses import dataclass

from succession_flow.domain.lifecycle import ALLOWED_FROM, Readiness, State
from succession_flow.domain.roles import Capability


@dataclass(frozen=True)
class PipelineStep:
    name: str
    """The step as a workflow names it."""
    command: str
    """The command that performs it (`training-start` is decided inside `train`)."""
    ruleset: str
    """The rule set that decides the step unless a workflow names another."""
    ruleset_step: str
    """The `step:` that rule set declares."""
    outcomes: tuple[str, ...]
    """What the rule set may decide; anything else is refused when it is checked."""
    events: tuple[str, ...]
    """The candidate events this step's decision records."""
    judgement: bool = True
    """Judgement steps are named by a workflow's `transitions`; gates (the budget) are not."""
    favourable: tuple[str, ...] = ()
    """The outcomes that select a candidate, for the adverse-impact audit (empty: not audited)."""

    @property
    def runs_from(self) -> frozenset[State]:
        return ALLOWED_FROM[self.command]


STEPS = (
    PipelineStep(
        "evaluate",
        "evaluate",
        "evaluation",
        "evaluation",
        ("pass", "fail"),
        ("Evaluated",),
        favourable=("pass",),
    ),
    PipelineStep(
        "pool",
        "pool",
        "pool",
        "pool",
        (*(r.value for r in Readiness), "not-pooled"),
        ("Pooled", "PoolEntryDeclined"),
        favourable=tuple(r.value for r in Readiness),
    ),
    PipelineStep(
        "complete-training",
        "complete-training",
        "training",
        "training",
        ("passed", "failed"),
        ("TrainingCompleted",),
        favourable=("passed",),
    ),
    PipelineStep(
        "promote",
        "promote",
        "promotion",
        "promotion",
        ("promote", "retain", "eliminate"),
        ("Promoted", "PromotionDeferred"),
        favourable=("promote",),
    ),
    PipelineStep("exit", "exit", "exit", "exit", ("exit", "stay"), ("Exited",)),
    PipelineStep(
        "training-start",
        "train",
        "training-budget",
        "training-start",
        ("allow", "refuse"),
        ("TrainingStarted",),
        judgement=False,
    ),
)

DEFAULT_RULESETS = {s.name: s.ruleset for s in STEPS}
JUDGEMENT_STEPS = tuple(s.name for s in STEPS if s.judgement)
STEP_OF_RULESET = {s.name: s.ruleset_step for s in STEPS if s.judgement}
"""The `step:` a rule set must declare to decide each workflow step."""
COMMAND_OF_RULESET_STEP = {s.ruleset_step: s.command for s in STEPS}
"""A rule set's `step:` and the pipeline command it decides (`training-start`: the budget gate)."""
OUTCOMES = {s.command: s.outcomes for s in STEPS}
"""The outcomes each deciding command understands; rule sets must decide one of these."""
STEP_OF_EVENT = {event: s.command for s in STEPS for event in s.events}
"""The command whose decision an event records."""
FAVOURABLE = {s.command: s.favourable for s in STEPS if s.favourable}
"""The steps an adverse-impact audit counts, each with the outcomes that select a candidate."""
BATCH_STEPS = (
    "nominate",
    "approve",
    "evaluate",
    "pool",
    "train",
    "complete-training",
    "select",
    "exit",
)
"""The steps `run STEP` applies to everyone waiting, in pipeline order; `approve` is an
approver's (every proposal in scope, with one reason); `exit` is the sweep the exit rules
describe (asked with reason `none`), run over every active candidate."""

STEP_CAPABILITY = {"approve": Capability.APPROVE}
"""The batch steps that need another capability than operating the pipeline."""


def capability_of_step(step: str) -> Capability:
    """What `run STEP` needs: an approver's for `approve`, an operator's for every other."""
    return STEP_CAPABILITY.get(step, Capability.OPERATE)
