"""A small multi-position company and a scripted engine, for the batch-at-scale tests.

The scripted engine stands in for the rules where a test is about who gets stepped (partitions,
workers, waiting scans), not about what the rules decide; it decides from the facts alone, so
worker processes decide exactly alike.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from succession_flow.application.people import staffing
from succession_flow.application.pipeline import steps
from succession_flow.application.services import Services
from succession_flow.bootstrap import bootstrap
from succession_flow.domain.decision import Decision
from succession_flow.domain.keys import CandidateKey
from succession_flow.domain.ruleset import RuleSet
from tests.integration.builders import ACTOR, employee_record, position_spec

POSITIONS = ("VP-SALES", "CFO", "CTO", "HEAD-HR", "COO")
OUTCOME: dict[str, Callable[[dict[str, Any]], str]] = {
    "evaluation": lambda f: "pass" if f["competency_score"] >= 3.5 else "fail",
    "pool": lambda f: "ready-now",
    "exit": lambda f: "exit",
}


class ScriptedEngine:
    """Decides each step from the facts by a fixed table (the source text names the rule set)."""

    def decide(self, source: str, facts: dict[str, Any]) -> Decision:
        name = source.strip()
        return Decision(OUTCOME[name](facts), "scripted", name, name, (name,), dict(facts))


def open_scripted(url: str) -> Services:
    """Module level, so a spawned worker process can unpickle it."""
    return bootstrap(url, engine=ScriptedEngine())


def publish_scripted(services: Services) -> None:
    rulesets = []
    for name in OUTCOME:
        ruleset = RuleSet(name=name, actor=ACTOR)
        ruleset.publish(name, name, name, ACTOR, "scripted")
        rulesets.append(ruleset)
    services.store.save(*rulesets)


def nominated_company(
    services: Services, per_position: int, publish: bool = True
) -> list[CandidateKey]:
    """Every employee nominated for one of the positions; odd ones too weak to pass."""
    if publish:
        publish_scripted(services)
    today: date = services.today()
    keys = []
    for p, position_id in enumerate(POSITIONS):
        staffing.define_position(services, position_spec(position_id), ACTOR)
        for i in range(per_position):
            employee_id = f"E{p}{i:03d}"
            strength = 4.2 if i % 2 == 0 else 2.5
            record = employee_record(employee_id, today, strength)
            staffing.record_employee(services, record, ACTOR)
            key = CandidateKey(employee_id, position_id)
            steps.nominate(services, key, ACTOR, "bench of successors")
            keys.append(key)
    return keys
