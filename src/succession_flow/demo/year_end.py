"""The demo's last chapters: HR's year-end talent review, a calibration session on the key
positions' benches, and the first nominations under approval.

They come after the year's selection, so its decisions keep what they saw; each uses the
commands an HR owner, an operator and an approver would (`import`, `review open/propose/close`,
`workflows publish`, `nominate`, `approve`, `reject`).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from succession_flow.application.hr_files.workflows import publish_workflows, rule_steps
from succession_flow.application.people.hr_import import import_rows
from succession_flow.application.pipeline import review_sessions as review
from succession_flow.application.pipeline import steps
from succession_flow.application.services import Services
from succession_flow.data import SHIPPED_APPROVAL_WORKFLOW, SHIPPED_RULES, SHIPPED_WORKFLOWS
from succession_flow.demo.samples import employee_rows
from succession_flow.demo.story_clock import StoryClock
from succession_flow.domain.keys import CandidateKey

SESSION = "key-positions-year-end"
POPULATION = {"echelon": "key-position"}
READINESS_MOVES = (
    ("E1002@VP-SALES", "ready-now", "led the sales turnaround since the selection; ready now"),
)
POTENTIAL_MOVES = (
    ("E1009", "moderate", "delivers strongly in the CTO office, shows less stretch beyond it"),
)
APPROVER = "dana"
"""The approver's name on the demo's decisions (the demo store grants no roles: it stays open
for whoever explores it)."""
PROPOSALS = (
    (
        "E1019@GM-EUROPE",
        "runs quality across the European plants; a second name for the vacant post",
        "approve",
        "the succession board wants a successor in view while the post is vacant",
    ),
    (
        "E1028@CFO",
        "finance depth for the CFO bench",
        "reject",
        "no CPA, which the post requires; put forward again once certified",
    ),
)
APPROVAL_NOTE = "key-position nominations need a named approver from now on"


def talent_review(services: Services, samples: Path, actor: str) -> int:
    """HR's year-end potential re-assessment, imported as the talent export it is."""
    rows = employee_rows(samples, services.today(), ("talent_review.csv",))
    return import_rows(services, rows, actor).events


def calibrate(services: Services, clock: StoryClock, actor: str) -> dict[str, Any]:
    """Open the session, propose each move with its reason, close it: the moves land together."""
    clock.on(11, 23)
    review.open_review(services, SESSION, POPULATION, "year-end calibration", actor)
    clock.on(11, 24)
    for candidate, readiness, why in READINESS_MOVES:
        key = CandidateKey.parse(candidate)
        review.propose_readiness(services, SESSION, key, readiness, why, actor)
    for employee_id, potential, why in POTENTIAL_MOVES:
        review.propose_potential(services, SESSION, employee_id, potential, why, actor)
    clock.on(11, 30)
    applied = review.close_review(services, SESSION, actor)
    moves = [{"move": f"{c} readiness {r}", "reason": why} for c, r, why in READINESS_MOVES]
    moves += [{"move": f"{e} potential {p}", "reason": why} for e, p, why in POTENTIAL_MOVES]
    return {"session": SESSION, "population": POPULATION, "applied": applied, "moves": moves}


def require_approval(services: Services, actor: str) -> None:
    """The shipped workflows with the revised key-positions file in place of its own."""
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "workflows"
        shutil.copytree(SHIPPED_WORKFLOWS, folder)
        shutil.copy(SHIPPED_APPROVAL_WORKFLOW, folder / SHIPPED_APPROVAL_WORKFLOW.name)
        publish_workflows(services, folder, rule_steps(SHIPPED_RULES), actor, APPROVAL_NOTE)


def approvals(services: Services, clock: StoryClock, actor: str) -> list[dict[str, str]]:
    """Two proposals by the operator, each decided by the approver, one either way."""
    clock.on(12, 7)
    require_approval(services, actor)
    clock.on(12, 8)
    for candidate, why, _, _ in PROPOSALS:
        steps.nominate(services, CandidateKey.parse(candidate), actor, why)
    clock.on(12, 14)
    decided = []
    for candidate, _, verdict, why in PROPOSALS:
        decide = steps.approve if verdict == "approve" else steps.reject
        result = decide(services, CandidateKey.parse(candidate), APPROVER, why)
        decided.append(
            {"candidate": candidate, "proposed_by": actor, "decided": result.outcome,
             "by": APPROVER, "reason": why}
        )  # fmt: skip
    return decided
