"""A rule set's examples are its tests: each names facts and the decision HR expects."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from succession_flow.domain.decision import Decision
from succession_flow.formats.rulebook.book import RuleBook

Decide = Callable[[str, dict[str, Any]], Decision]


@dataclass(frozen=True)
class ExampleResult:
    ruleset: str
    name: str
    passed: bool
    expected: str
    got: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "ruleset": self.ruleset,
            "example": self.name,
            "passed": self.passed,
            "expected": self.expected,
            "got": self.got,
        }


def _describe(outcome: str, rules: Any, attributes: Any) -> str:
    text = outcome
    if rules is not None:
        text += f" by [{', '.join(rules)}]"
    if attributes:
        text += " with " + ", ".join(f"{k}={v}" for k, v in attributes.items())
    return text


def run_examples(book: RuleBook, decide: Decide) -> list[ExampleResult]:
    """Decide every example with the given engine and compare with what it expects."""
    results = []
    for example in book.examples:
        decision = decide(book.source, dict(example.given))
        wanted_set = example.expect_set or {}
        got_set = {k: decision.attributes.get(k) for k in wanted_set}
        matched = list(decision.matched) if example.expect_rules is not None else None
        passed = (
            decision.outcome == example.expect
            and (example.expect_rules is None or matched == example.expect_rules)
            and got_set == wanted_set
        )
        results.append(
            ExampleResult(
                ruleset=book.name,
                name=example.name,
                passed=passed,
                expected=_describe(example.expect, example.expect_rules, wanted_set),
                got=_describe(decision.outcome, matched, got_set),
            )
        )
    return results
