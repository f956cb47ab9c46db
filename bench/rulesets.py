"""The shipped rule sets: published into a bench store, timed via the engine and plain Python."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from succession_flow.adapters.durable_engine import DurableRulesEngine
from succession_flow.application.hr_files.rule_publishing import publish
from succession_flow.application.services import Services
from succession_flow.formats.rulebook import plain_evaluator

SHIPPED_RULES = Path(__file__).resolve().parent.parent / "rules"

ACTOR = "bench"


def shipped_sources() -> dict[str, str]:
    """Rule set name -> YAML text, for every shipped rule file."""
    return {path.stem: path.read_text() for path in sorted(SHIPPED_RULES.glob("*.yaml"))}


def publish_shipped(services: Services) -> None:
    """Publish the shipped rule sets the way `rules publish` does (their examples run first)."""
    publish(services, SHIPPED_RULES, ACTOR, "bench")


def decision_rates(facts: list[dict[str, Any]], name: str = "evaluation") -> dict[str, float]:
    """Decisions per second on the same facts: our engine, and the plain-Python evaluator."""
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
