"""One store with a candidate in every lifecycle state, built through the CLI once per module.

Tests of refused commands share it: a refusal writes nothing, and each test checks exactly that,
so the states stay as built.
"""

from __future__ import annotations

from pathlib import Path

from tests.e2e.cli_helpers import run
from tests.e2e.rules_setup import SHIPPED, approval_workflows, company_store

DEADLINE = "2099-01-01"
JUSTIFY = ["--justification", "test set-up"]

CANDIDATE_IN = {
    "proposed": "E1009@VP-SALES",
    "nominated": "E1001@VP-SALES",
    "evaluated": "E1002@VP-SALES",
    "pooled": "E1003@VP-SALES",
    "in_training": "E1004@VP-SALES",
    "trained": "E1005@VP-SALES",
    "promoted": "E1006@VP-SALES",
    "exited": "E1007@VP-SALES",
}
"""Who stands where; E1009 was nominated after approval became required; E1003 is pooled ready-1-2-years, E1004 trains on C1 and C2."""

FAILED_EVALUATION = "E1008@VP-SALES"
"""Evaluated, and the evaluation failed (so it may be evaluated again but not pooled)."""


def setup_steps() -> list[list[str]]:
    c = CANDIDATE_IN
    train = ["--course", "C1", "--course", "C2", "--deadline", DEADLINE]
    steps = [["rules", "publish", "--rules", str(SHIPPED), "--note", "set-up"]]
    first = [key for state, key in c.items() if state != "proposed"]
    steps += [["nominate", key, "--reason", "set-up"] for key in [*first, FAILED_EVALUATION]]
    steps += [["evaluate", FAILED_EVALUATION, "--override", "fail", *JUSTIFY]]
    steps += [["exit", c["exited"], "--reason", "withdrawn"]]
    # the promoted one goes first, while no one else is trained and the vacancy is open
    for key in (c["promoted"], c["trained"], c["in_training"], c["pooled"], c["evaluated"]):
        steps.append(["evaluate", key, "--override", "pass", *JUSTIFY])
    for key in (c["promoted"], c["trained"], c["in_training"], c["pooled"]):
        steps.append(["pool", key, "--override", "ready-1-2-years", *JUSTIFY])
        steps.append(["readiness", key, "ready-1-2-years", "--no-emergency", "--reason", "set-up"])
    for key in (c["promoted"], c["trained"], c["in_training"]):
        steps.append(["train", key, *train])
    for key in (c["promoted"], c["trained"]):
        steps += [["record-course", key, course, "--score", "90"] for course in ("C1", "C2")]
        steps.append(["complete-training", key, "--override", "passed", *JUSTIFY])
        if key == c["promoted"]:
            steps.append(["promote", key, "--override", "promote", *JUSTIFY])
    return steps


def build(url: str, folder: Path) -> None:
    company_store(url, employees=9)
    workflows = approval_workflows(folder)
    publish = ["workflows", "publish", "--folder", str(workflows), "--rules", str(SHIPPED)]
    last = [
        [*publish, "--note", "approval"],
        ["nominate", CANDIDATE_IN["proposed"], "--reason", "x"],
    ]
    for step in [*setup_steps(), *last]:
        result = run(url, *step)
        # readiness already as wanted is refused (exit 2) and harmless
        assert result.exit_code in (0, 2), (step, result.stderr)
