"""A small, deterministic stand-in for the rule engine, and helpers to publish its rule sets.

Sources are JSON: first-match threshold rules. It lets audit tests make real decisions (recorded,
replayed, re-run by `audit verify`) without depending on the rule file format.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from succession_flow.application.services import Services
from succession_flow.domain.decision import Decision
from succession_flow.domain.ruleset import RuleSet, ruleset_uuid


class ThresholdEngine:
    def decide(self, source: str, facts: dict[str, Any]) -> Decision:
        spec = json.loads(source)
        version = hashlib.sha256(source.encode()).hexdigest()
        for rule in spec["rules"]:
            when = rule.get("when")
            if when is None or (facts.get(when["fact"]) or 0) >= when[">="]:
                return Decision(rule["outcome"], rule["reason"], spec["name"], version,
                                (rule["id"],), dict(facts), dict(rule.get("set", {})))  # fmt: skip
        default = spec["default"]
        return Decision(
            default["outcome"], default["reason"], spec["name"], version, (), dict(facts)
        )


def rule(
    rule_id: str, outcome: str, fact: str | None = None, at_least: float = 0, **extra: Any
) -> dict[str, Any]:
    found: dict[str, Any] = {
        "id": rule_id,
        "outcome": outcome,
        "reason": f"{rule_id} holds",
        **extra,
    }
    if fact is not None:
        found["when"] = {"fact": fact, ">=": at_least}
    return found


RULES: dict[str, tuple[str, list[dict[str, Any]], str]] = {
    "evaluation": ("evaluation", [rule("strong", "pass", "competency_score", 3.0)], "fail"),
    "pool": (
        "pool",
        [
            rule("ready", "ready-now", "competency_score", 4.2, set={"emergency_successor": True}),
            rule("developing", "ready-1-2-years", "competency_score", 3.0),
        ],
        "not-pooled",
    ),
    "exit": ("exit", [rule("requested", "exit")], "stay"),
}


def source_of(name: str) -> str:
    step, rules, default = RULES[name]
    spec = {"name": name, "step": step, "rules": rules,
            "default": {"outcome": default, "reason": "no rule matched"}}  # fmt: skip
    return json.dumps(spec, sort_keys=True)


def publish(services: Services, name: str, source: str | None = None, actor: str = "hr") -> str:
    text = source if source is not None else source_of(name)
    version = hashlib.sha256(text.encode()).hexdigest()
    ruleset = services.store.find(ruleset_uuid(name), RuleSet) or RuleSet(name=name, actor=actor)
    ruleset.publish(RULES[name][0], version, text, actor, "published by the test")
    services.store.save(ruleset)
    return version
