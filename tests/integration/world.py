"""A small company with a hand-checked pipeline, for the read model, report and plan tests.

Steps are applied through the same load-apply-save path as the commands, with decisions given
by hand (`Decision.manual`), so the expected figures below can be worked out on paper.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from succession_flow.application.batch.runner import run_step
from succession_flow.application.people import staffing
from succession_flow.application.pipeline import steps
from succession_flow.application.pipeline.subject import Subject
from succession_flow.application.services import Services
from succession_flow.domain.decision import Decision
from succession_flow.domain.keys import CandidateKey
from tests.integration.builders import ACTOR, employee_record, position_spec

POSITIONS = [
    position_spec("VP-SALES", target_bench=3),
    position_spec("CFO", title="Chief Financial Officer", unit="Finance", target_bench=2),
    position_spec("CTO", title="Chief Technology Officer", unit="Technology", target_bench=2),
    position_spec("HEAD-HR", title="Head of HR", echelon="management", unit="HR", target_bench=2),
]
PEOPLE = {
    # id: (name, latest rating, potential)
    "E1": ("Ada Lovelace", "outstanding", "high"),
    "E2": ("Ben Okafor", "meets", "high"),
    "E3": ("Chen Wei", "partially-meets", "low"),
    "E4": ("Dana Ruiz", "exceeds", "moderate"),
    "E5": ("Eli Cohen", "meets", "moderate"),
    "E6": ("Farah Khan", "exceeds", "high"),
    "E7": ("Gus Novak", "does-not-meet", "high"),
    "E8": ("Hana Sato", "meets", "low"),
}
PATHS: dict[str, list[str]] = {
    "E1@VP-SALES": ["evaluate:pass", "pool:ready-now:emergency"],
    "E2@VP-SALES": ["evaluate:pass", "pool:ready-1-2-years", "train:LEAD-101,FIN-201"],
    "E3@VP-SALES": ["evaluate:fail", "exit:exit"],
    "E4@CFO": ["evaluate:pass", "pool:ready-3-5-years"],
    "E5@CFO": [],
    "E6@CTO": ["evaluate:pass", "pool:ready-now", "train:LEAD-101", "complete:passed", "promote"],
    "E7@HEAD-HR": ["evaluate:pass", "pool:ready-now"],
    "E8@HEAD-HR": ["evaluate:pass", "pool:not-pooled"],
}
"""Where each candidate ends: see the expected bench, pipeline and nine-box in the tests."""


def build_company(services: Services) -> None:
    for spec in POSITIONS:
        staffing.define_position(services, spec, ACTOR)
    for employee_id, (name, rating, potential) in PEOPLE.items():
        record = employee_record(employee_id, services.today(), name=name, potential=potential)
        record["ratings"] = {str(services.today().year - 1): rating}
        staffing.record_employee(services, record, ACTOR)


def walk(services: Services, key: str, path: list[str]) -> None:
    candidate = CandidateKey.parse(key)
    steps.nominate(services, candidate, ACTOR, "succession review")
    for step in path:
        apply_step(services, candidate, step)


def apply_step(services: Services, key: CandidateKey, step: str) -> None:
    """One step written `name[:outcome[:flag]]`, decided by hand."""
    name, _, rest = step.partition(":")
    outcome, _, flag = rest.partition(":")
    manual = Decision.manual(outcome, "by hand", emergency_successor=flag == "emergency")
    actions: dict[str, Callable[[Subject], Any]] = {
        "evaluate": lambda s: s.candidate.evaluate(manual, ACTOR, {}),
        "pool": lambda s: s.candidate.pool(manual, ACTOR),
        "train": lambda s: s.candidate.start_training(outcome.split(","), "2099-12-31", [], ACTOR),
        "complete": lambda s: s.candidate.complete_training(manual, ACTOR),
        "exit": lambda s: s.candidate.exit(manual, ACTOR),
        "promote": lambda s: promote(s),
        "readiness": lambda s: s.candidate.change_readiness(
            outcome, flag == "emergency", ACTOR, "review"
        ),
    }

    def promote(s: Subject) -> None:
        s.candidate.promote(Decision.manual("promote", "by hand"), ACTOR, "2026-01-01")
        s.position.fill_vacancy(s.candidate.employee_id, ACTOR, f"filled by {s.candidate.key}")

    def apply(s: Subject) -> tuple[str, None]:
        actions[name](s)
        return name, None

    run_step(services, key, name, ACTOR, apply)


def build_world(services: Services) -> None:
    build_company(services)
    for key, path in PATHS.items():
        walk(services, key, path)
