"""The shipped rule sets: published into a bench store, timed via the engine and plain Python."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import Any

import yaml

from succession_flow.application.services import Services
from succession_flow.domain.ruleset import RuleSet, ruleset_uuid

SHIPPED_RULES = Path(__file__).resolve().parent.parent / "rules"

ACTOR = "bench"


def shipped_sources() -> dict[str, str]:
    """Rule set name -> YAML text, for every shipped rule file."""
    return {path.stem: path.read_text() for path in sorted(SHIPPED_RULES.glob("*.yaml"))}


def publish_shipped(services: Services) -> None:
    """Publish each shipped rule set as it is, the way `rules publish` records it."""
    store = services.store
    published = []
    for name, source in shipped_sources().items():
        ruleset = store.find(ruleset_uuid(name), RuleSet) or RuleSet(name=name, actor=ACTOR)
        step = str(yaml.safe_load(source).get("step", name))
        ruleset.publish(step, hashlib.sha256(source.encode()).hexdigest(), source, ACTOR, "bench")
        published.append(ruleset)
    store.save(*published)


def decision_rates(facts: list[dict[str, Any]], name: str = "evaluation") -> dict[str, float]:
    """Decisions per second on the same facts: our engine, and the plain-Python evaluator."""
    from succession_flow.adapters.durable_engine import DurableRulesEngine

    source = shipped_sources()[name]
    engine = DurableRulesEngine()
    engine.decide(source, facts[0])  # compile once, as a batch does
    started = time.perf_counter()
    for f in facts:
        engine.decide(source, f)
    engine_seconds = time.perf_counter() - started
    plain = plain_evaluator(source)
    started = time.perf_counter()
    for f in facts:
        plain(f)
    plain_seconds = time.perf_counter() - started
    return {
        "decisions": len(facts),
        "engine_seconds": engine_seconds,
        "plain_seconds": plain_seconds,
    }


def plain_evaluator(source: str) -> Any:
    """The rules engineer's plain-Python evaluation of the same rule set (no durable_rules)."""
    from succession_flow import rulebook

    return rulebook.plain_evaluator(source)  # type: ignore[attr-defined]
