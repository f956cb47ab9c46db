"""Rule set files: their model, validation with line numbers, and a plain-Python evaluator.

The durable_rules engine (adapters/durable_engine.py) decides in production; the evaluator here
is the reference it must agree with, the source of `rules explain`, and a benchmark baseline.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from succession_flow.domain.decision import Decision
from succession_flow.formats.rulebook.book import RuleBook, version_of
from succession_flow.formats.rulebook.evaluator import decide
from succession_flow.formats.rulebook.loader import load_file, load_folder, parse_source


def plain_evaluator(source: str) -> Callable[[dict[str, Any]], Decision]:
    """A decide(facts) function for one rule set's text, without durable_rules."""
    book = parse_source(source, "rule set", analyse=False)

    def evaluate(facts: dict[str, Any]) -> Decision:
        return decide(book, facts)

    return evaluate


__all__ = [
    "RuleBook",
    "decide",
    "load_file",
    "load_folder",
    "parse_source",
    "plain_evaluator",
    "version_of",
]
