"""Shared by the rule tests: the shipped rule files and one engine for the whole session."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from succession_flow.adapters.durable_engine import DurableRulesEngine
from succession_flow.formats.rulebook.book import RuleBook
from succession_flow.formats.rulebook.loader import load_file

SHIPPED = Path(__file__).parents[3] / "rules"


@cache
def engine() -> DurableRulesEngine:
    return DurableRulesEngine()


@cache
def shipped(name: str) -> RuleBook:
    return load_file(SHIPPED / f"{name}.yaml")
