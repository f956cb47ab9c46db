"""`explain`: every decision in a candidate's life, with what decided it and why.

For each event that records a decision: the step, the effective outcome, the rule set and the
version that decided (with when and by whom that version was published), the rules that matched
and, condition by condition, the values that made them match, the facts, the actor and the time;
an operator's override is shown with its justification next to the rules' own decision.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from succession_flow.application.audit.position_versions import PositionVersions
from succession_flow.application.services import Services
from succession_flow.domain.candidate import Candidate
from succession_flow.domain.decision import Decision
from succession_flow.domain.fact_rounding import DECIMALS
from succession_flow.domain.keys import CandidateKey
from succession_flow.domain.pipeline_steps import STEP_OF_EVENT
from succession_flow.domain.ruleset import RuleSet, ruleset_uuid
from succession_flow.formats.rulebook import evaluator
from succession_flow.formats.rulebook.loader import parse_source

ConditionExplainer = Callable[[str, dict[str, Any], str], list[dict[str, Any]]]
"""(rule set source, facts, rule id) -> the rule's condition tree, each line with its result."""


def rulebook_conditions(source: str, facts: dict[str, Any], rule_id: str) -> list[dict[str, Any]]:
    """The rule's condition tree read by the plain evaluator, one line per test or group."""
    try:
        book = parse_source(source, "rule set", analyse=False)
        root = evaluator.explain(book, book.rule(rule_id).when, facts)
    except Exception:  # a version this code can no longer read: show the decision without it
        return []
    lines: list[dict[str, Any]] = []

    def walk(step: evaluator.Step) -> None:
        lines.append({"depth": step.depth, "text": step.text, "result": step.result})
        for child in step.children:
            walk(child)

    walk(root)
    return lines


def explain(
    services: Services, key: CandidateKey, conditions: ConditionExplainer = rulebook_conditions
) -> list[dict[str, Any]]:
    store = services.store
    store.get(key.uuid, Candidate, f"candidate {key}")
    published = Publications(services)
    positions = PositionVersions(services, key.position_id)
    entries: list[dict[str, Any]] = []
    override: Any = None  # a DecisionOverridden waiting for the step's own event
    for event in store.events_of(key.uuid):
        name = type(event).__qualname__.split(".")[-1]
        if override is not None and (
            name == "DecisionOverridden" or STEP_OF_EVENT.get(name) != override.step
        ):
            entries.append(entry(override, override.rule_decision, None, published, conditions))
            entries[-1]["read"] = read_by(override.rule_decision, key, positions)
            override = None  # the override left no event of its own step (exit -> stay)
        if name == "DecisionOverridden":
            override = event
            continue
        if name in MANUAL:
            entries.append(manual_entry(event, name))
            continue
        recorded = getattr(event, "decision", None)
        if isinstance(recorded, dict):
            entries.append(entry(event, recorded, override, published, conditions))
            entries[-1]["read"] = read_by(recorded, key, positions)
            override = None
    if override is not None:
        entries.append(entry(override, override.rule_decision, None, published, conditions))
        entries[-1]["read"] = read_by(override.rule_decision, key, positions)
    return entries


def read_by(
    recorded: dict[str, Any], key: CandidateKey, positions: PositionVersions
) -> dict[str, Any] | None:
    """The position and employee versions the decision's facts came from (None: not recorded,
    e.g. a decision made before versions were cited, or a manual one)."""
    read = Decision.from_dict(recorded).read
    if "position" not in read:
        return None
    cited = {"position": positions.cite(read["position"])}
    if "employee" in read:
        cited["employee"] = {"employee": key.employee_id, "version": read["employee"]}
    return cited


def entry(
    event: Any,
    recorded: dict[str, Any],
    override: Any,
    published: Publications,
    conditions: ConditionExplainer,
) -> dict[str, Any]:
    name = type(event).__qualname__.split(".")[-1]
    decision = Decision.from_dict(recorded)
    overriding = event if name == "DecisionOverridden" else override
    return {
        "version": event.originator_version,
        "time": event.timestamp.isoformat(timespec="seconds"),
        "event": name,
        "step": getattr(event, "step", None) or STEP_OF_EVENT.get(name, name),
        **acted_by(event),
        "outcome": getattr(event, "outcome", None) or getattr(event, "readiness", None)
        or decision.outcome,
        "decided_by": "manual" if decision.is_manual else "rules",
        "ruleset": decision.ruleset,
        "rule_version": decision.version,
        "published": published.of(decision.ruleset, decision.version),
        "rules_outcome": decision.outcome,
        "reason": decision.reason,
        "matched": [
            {"rule": r, "conditions": published.conditions(decision, r, conditions)}
            for r in decision.matched
        ],
        "facts": dict(decision.facts),
        "rounded": {k: DECIMALS[k] for k in decision.facts if k in DECIMALS},
        "attributes": dict(decision.attributes),
        "override": None if overriding is None else {
            "by": overriding.actor,
            "time": overriding.timestamp.isoformat(timespec="seconds"),
            "rules_outcome": overriding.rule_decision["outcome"],
            "applied_outcome": overriding.outcome,
            "justification": overriding.justification,
        },
    }  # fmt: skip


def acted_by(event: Any) -> dict[str, str]:
    """The actor, and the OS user at the terminal when a typed `--actor` named someone else."""
    typed = event.__dict__.get("os_user")
    return {"actor": event.actor, **({"os_user": typed} if typed else {})}


MANUAL: dict[str, tuple[str, Callable[[Any], str]]] = {
    "ReadinessChanged": ("change-readiness", lambda e: str(e.readiness)),
    "NominationApproved": ("approve", lambda e: "approved"),
    "NominationRejected": ("reject", lambda e: "rejected"),
}
"""Events a person decided without rules, each with its step and the outcome it records."""


def manual_entry(event: Any, name: str) -> dict[str, Any]:
    """A manual readiness change (from a talent review session too) or an approver's verdict,
    so "why ready-now?" and "who let this nomination through?" are answered here: who, when, why.
    """
    step, outcome = MANUAL[name]
    flag = getattr(event, "emergency_successor", None)
    return {
        "version": event.originator_version,
        "time": event.timestamp.isoformat(timespec="seconds"),
        "event": name,
        "step": step,
        **acted_by(event),
        "outcome": outcome(event),
        "decided_by": "manual",
        "ruleset": None,
        "rule_version": None,
        "published": None,
        "rules_outcome": None,
        "reason": event.reason,
        "matched": [],
        "facts": {},
        "rounded": {},
        "attributes": {} if flag is None else {"emergency_successor": flag},
        "override": None,
        "read": None,
    }


class Publications:
    """When and by whom each rule set version was published, read once per rule set."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self._seen: dict[str, tuple[RuleSet | None, dict[str, dict[str, str]]]] = {}

    def _load(self, name: str) -> tuple[RuleSet | None, dict[str, dict[str, str]]]:
        if name not in self._seen:
            store, uid = self.services.store, ruleset_uuid(name)
            found = store.find(uid, RuleSet)
            versions = {
                e.version: {
                    "time": e.timestamp.isoformat(timespec="seconds"),
                    "by": e.actor,
                    "note": e.note,
                }
                for e in (store.events_of(uid) if found else [])
                if type(e).__qualname__.endswith("Published")
            }
            self._seen[name] = (found, versions)
        return self._seen[name]

    def of(self, name: str, version: str) -> dict[str, str] | None:
        return self._load(name)[1].get(version) if version else None

    def conditions(
        self, decision: Decision, rule_id: str, explainer: ConditionExplainer
    ) -> list[dict[str, Any]]:
        ruleset = self._load(decision.ruleset)[0]
        if ruleset is None or decision.version not in ruleset.sources:
            return []
        return explainer(ruleset.sources[decision.version], decision.facts, rule_id)
