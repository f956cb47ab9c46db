"""Ask the published rule set of a step; never a file on disk, so decisions are reproducible."""

from __future__ import annotations

from typing import Any

from succession_flow.application.services import Services
from succession_flow.domain.decision import Decision
from succession_flow.domain.errors import NotFound
from succession_flow.domain.ruleset import RuleSet, ruleset_uuid


def published_ruleset(services: Services, name: str) -> RuleSet:
    ruleset = services.store.find(ruleset_uuid(name), RuleSet)
    if ruleset is None or not ruleset.current:
        raise NotFound(f"rule set {name!r} is not published; run `succession-flow rules publish`")
    return ruleset


def ruleset_name(services: Services, step: str, facts: dict[str, Any]) -> str:
    """The rule set that decides `step` for these facts (`rules simulate` asks the same)."""
    return services.step_rulesets[step]


def decide(services: Services, step: str, facts: dict[str, Any]) -> Decision:
    name = ruleset_name(services, step, facts)
    return services.engine.decide(published_ruleset(services, name).current_source, facts)
