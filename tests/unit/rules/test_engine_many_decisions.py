"""Thousands of decisions in one process: no crash, no leaked session, and the durable_rules
engine agrees with the plain evaluator on every one (values drawn around every threshold).

10,000 decisions over five rule sets open 2,000 sessions in each durable ruleset, well past its
limit of about 1,024 live sessions: the run only survives if every session is deleted."""

from __future__ import annotations

import random
from typing import Any

from succession_flow.formats.rulebook import evaluator
from succession_flow.formats.rulebook.book import RuleBook
from succession_flow.formats.rulebook.conditions import Param, comparisons_in
from tests.unit.rules.helpers import engine, shipped

NAMES = ["evaluation", "pool", "training", "promotion", "exit"]


def thresholds(book: RuleBook) -> dict[str, list[Any]]:
    """Every constant a rule compares each fact with, parameters resolved for all echelons."""
    found: dict[str, list[Any]] = {}
    for rule in book.rules:
        for test in comparisons_in(rule.when):
            if isinstance(test.value, Param):
                spec = book.parameters[test.value.name]
                found.setdefault(test.fact, []).extend(
                    [spec.default, *spec.by_echelon.values(), *spec.by_position.values()]
                )
            elif isinstance(test.value, int | float) and not isinstance(test.value, bool):
                found.setdefault(test.fact, []).append(test.value)
    return found


def random_facts(book: RuleBook, rng: random.Random, near: dict[str, list[Any]]) -> dict[str, Any]:
    facts: dict[str, Any] = {"position_id": rng.choice(["VP-SALES", "HEAD-HR", "DEV-LEAD"])}
    for name, spec in book.facts.items():
        if rng.random() < 0.05:
            continue  # a missing fact
        if spec.type == "boolean":
            value: Any = rng.random() < 0.8
        elif spec.type == "enum":
            value = rng.choice(spec.values or [])
        elif spec.type == "rating":
            value = rng.choice([*book.scales[spec.scale_name], None])
        elif spec.type == "ratings":
            labels = [*book.scales[spec.scale_name], None]
            value = [rng.choice(labels) for _ in range(rng.randint(0, spec.year_count))]
        else:
            low, high = spec.min or 0, spec.max if spec.max is not None else 100
            if near.get(name) and rng.random() < 0.6:
                base = rng.choice(near[name])
                value = round(base + rng.choice([-0.01, 0, 0, 0.01, -1, 1]), 2)
                value = min(max(value, low), high)
            else:
                value = rng.choice(
                    [round(rng.uniform(low, high), 2), rng.randint(int(low), int(min(high, 10)))]
                )
        facts[name] = value
    return facts


def test_ten_thousand_decisions_agree_with_the_evaluator_and_leave_no_session() -> None:
    rng = random.Random(20261124)
    books = [shipped(name) for name in NAMES]
    near = {book.name: thresholds(book) for book in books}
    outcomes: dict[str, set[str]] = {book.name: set() for book in books}
    disagreements = []
    for n in range(10_000):
        book = books[n % len(books)]
        facts = random_facts(book, rng, near[book.name])
        decided = engine().decide(book.source, facts)
        expected = evaluator.decide(book, facts)
        if decided != expected:
            disagreements.append((book.name, facts, decided.matched, expected.matched))
        outcomes[book.name].add(decided.outcome)
    assert disagreements[:3] == []
    assert engine().live_sessions() == 0
    assert outcomes == {
        "evaluation": {"pass", "fail"},
        "pool": {"ready-now", "ready-1-2-years", "ready-3-5-years", "not-pooled"},
        "training": {"passed", "failed"},
        "promotion": {"promote", "retain", "eliminate"},
        "exit": {"exit", "stay"},
    }
