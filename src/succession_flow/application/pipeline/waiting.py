"""Who is waiting for a step: one test per step, for the batch runner, `select` and
`rules simulate` alike, so "waiting for X" means the same everywhere.

A single-candidate command does not ask this: the operator named the candidate, and the step's
own guard (`Candidate.check_allowed`, `TrainingNotDue`) decides whether it may run. A batch and
a simulation take only those waiting, so they never re-decide what the single commands would
have to be asked for by name (a failed evaluation, a declined pool entry).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from succession_flow.application.pipeline.judgements import training_due
from succession_flow.application.pipeline.subject import Subject
from succession_flow.domain.lifecycle import ACTIVE_STATES, State


def waiting_for_pool(s: Subject) -> bool:
    """Passed evaluation and not yet decided: a declined entry is not re-decided by a batch (the
    one-candidate `pool` command does, e.g. when the bench has room again)."""
    c = s.candidate
    return c.state == State.EVALUATED and c.last_evaluation == "pass" and not c.pool_declined


def tests(today: date) -> dict[str, Callable[[Subject], bool]]:
    """Step -> whether a loaded candidate waits for it today."""
    return {
        "approve": lambda s: s.candidate.state == State.PROPOSED,
        "evaluate": lambda s: s.candidate.state == State.NOMINATED,
        "pool": waiting_for_pool,
        "train": lambda s: s.candidate.state == State.POOLED,
        "complete-training": lambda s: training_due(today, s),
        "promote": lambda s: s.candidate.state == State.TRAINED,
        "exit": lambda s: s.candidate.state in ACTIVE_STATES,
    }


SCAN_STATES: dict[str, tuple[State, ...]] = {
    "approve": (State.PROPOSED,),
    "evaluate": (State.NOMINATED,),
    "pool": (State.EVALUATED,),
    "train": (State.POOLED,),
    "complete-training": (State.IN_TRAINING,),
    "promote": (State.TRAINED,),
    "exit": tuple(ACTIVE_STATES),
}
"""The states a candidate waiting for each step can be in: what the log scan looks for before
any aggregate is loaded (the test above then decides on the loaded candidate)."""


def waiting_for(step: str, s: Subject, today: date) -> bool:
    return tests(today)[step](s)


def steps_waited_for(s: Subject, today: date, steps: tuple[str, ...]) -> list[str]:
    """Of `steps`, those the candidate waits for today, in the order given."""
    checks = tests(today)
    return [step for step in steps if checks[step](s)]
