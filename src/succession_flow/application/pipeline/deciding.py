"""Ask the published rule set of a step; never a file on disk, so decisions are reproducible.

Which rule set decides a step is the published workflow's choice for the candidate's echelon.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from succession_flow.application.hr_files.workflows import ruleset_for
from succession_flow.application.pipeline.subject import Subject
from succession_flow.application.services import Services
from succession_flow.domain.decision import Decision
from succession_flow.domain.errors import NotFound
from succession_flow.domain.ruleset import RuleSet, ruleset_uuid


def published_ruleset(services: Services, name: str) -> RuleSet:
    pin = ("ruleset", name)
    if services.pinned is not None and pin in services.pinned:
        return services.pinned[pin]  # type: ignore[no-any-return]
    ruleset = services.store.find(ruleset_uuid(name), RuleSet)
    if ruleset is None or not ruleset.current:
        raise NotFound(f"rule set {name!r} is not published; run `succession-flow rules publish`")
    if services.pinned is not None:
        services.pinned[pin] = ruleset
    return ruleset


def ruleset_name(services: Services, step: str, facts: dict[str, Any]) -> str:
    """The rule set that decides `step` for these facts: the choice of the published workflow
    of the candidate's echelon (`rules simulate` asks the same)."""
    return ruleset_for(services, step, facts.get("echelon"))


def decide(services: Services, step: str, facts: dict[str, Any]) -> Decision:
    name = ruleset_name(services, step, facts)
    return services.engine.decide(published_ruleset(services, name).current_source, facts)


def cited(decision: Decision, s: Subject) -> Decision:
    """The decision with the versions of the position and employee records its facts came from:
    a position revised later does not change what this decision read."""
    return replace(decision, read={"position": s.position.version, "employee": s.employee.version})


def decide_for(services: Services, step: str, facts: dict[str, Any], s: Subject) -> Decision:
    """`decide` for one subject's step, citing the records it read."""
    return cited(decide(services, step, facts), s)
