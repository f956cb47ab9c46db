"""A plain-Python reading of a rule set: the reference the durable_rules engine must agree with,
and the source of `rules explain`, which shows every condition with the values it compared.

Semantics (documented for HR in rules/README.md): a missing fact (absent or null) makes every
comparison on it false; `present` tests for it; `not` is plain negation; `each_of_last: N`
needs each of the N most recent years present and passing.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from succession_flow.domain.decision import Decision
from succession_flow.formats.rulebook.book import RuleBook, check_facts
from succession_flow.formats.rulebook.conditions import (
    AllOf,
    Comparison,
    Condition,
    FactRef,
    Not,
    Param,
)

COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}


@dataclass(frozen=True)
class Step:
    """One line of an explanation: a group (all/any/not) or a test with the values compared."""

    depth: int
    text: str
    result: bool
    children: tuple[Step, ...] = field(default=())


def _ranked(book: RuleBook, test: Comparison, value: Any) -> Any:
    spec = book.facts[test.fact]
    if spec.type in ("rating", "ratings") and isinstance(value, str):
        return book.rank(spec.scale_name, value)
    return value


def passes(book: RuleBook, test: Comparison, facts: dict[str, Any]) -> bool:
    value = facts.get(test.fact)
    if test.op == "present":
        return bool((value is not None) == test.value)
    if value is None:
        return False
    target = book.operand(test.value, facts)
    if target is None:
        return False
    if test.op == "in":
        return bool(value in target)
    if test.op == "not_in":
        return value not in target
    if test.op == "is":
        return isinstance(value, bool) and value == target
    if test.op == "contains":
        return bool(target in value)
    compare = COMPARE[test.op]
    if test.each_of_last is not None:
        years = list(value)[: test.each_of_last]
        if len(years) < test.each_of_last or any(y is None for y in years):
            return False
        return all(compare(_ranked(book, test, y), _ranked(book, test, target)) for y in years)
    return compare(_ranked(book, test, value), _ranked(book, test, target))


def holds(book: RuleBook, condition: Condition, facts: dict[str, Any]) -> bool:
    if isinstance(condition, Comparison):
        return passes(book, condition, facts)
    if isinstance(condition, Not):
        return not holds(book, condition.item, facts)
    if isinstance(condition, AllOf):
        return all(holds(book, c, facts) for c in condition.items)
    return any(holds(book, c, facts) for c in condition.items)


def matching(book: RuleBook, facts: dict[str, Any]) -> list[str]:
    """Ids of every rule whose condition holds, highest priority first."""
    return [rule.id for rule in book.rules if holds(book, rule.when, facts)]


def decide(book: RuleBook, facts: dict[str, Any]) -> Decision:
    check_facts(book, facts)
    return book.conclude(matching(book, facts), facts)


def describe(book: RuleBook, test: Comparison, facts: dict[str, Any]) -> str:
    """`competency_score 3.9 >= 3.8 (min_competency for key-position)`: what was compared."""
    value = facts.get(test.fact)
    shown = "missing" if value is None else _show(value)
    if test.op == "present":
        return f"{test.fact} is {'present' if test.value else 'missing'} (it is {shown})"
    target = book.operand(test.value, facts)
    where = ""
    if isinstance(test.value, FactRef):
        where = f" ({test.value.name})"
        target = "missing" if target is None else target
    if isinstance(test.value, Param):
        where = f" ({test.value.name}{_source_of(book, test.value.name, facts)})"
    op = test.op.replace("_", " ")
    if test.each_of_last is not None:
        years = list(value or [])[: test.each_of_last]
        return (
            f"each of the last {test.each_of_last} {test.fact} "
            f"{_show(years)} {op} {_show(target)}{where}"
        )
    return f"{test.fact} {shown} {op} {_show(target)}{where}"


def _source_of(book: RuleBook, name: str, facts: dict[str, Any]) -> str:
    spec = book.parameters[name]
    if facts.get("position_id") in spec.by_position:
        return f" for position {facts['position_id']}"
    if facts.get("echelon") in spec.by_echelon:
        return f" for {facts['echelon']}"
    return ", default"


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join("missing" if v is None else _show(v) for v in value) + "]"
    return str(value)


def explain(book: RuleBook, condition: Condition, facts: dict[str, Any], depth: int = 0) -> Step:
    result = holds(book, condition, facts)
    if isinstance(condition, Comparison):
        return Step(depth, describe(book, condition, facts), result)
    if isinstance(condition, Not):
        return Step(depth, "not:", result, (explain(book, condition.item, facts, depth + 1),))
    kind = "all of:" if isinstance(condition, AllOf) else "any of:"
    children = tuple(explain(book, c, facts, depth + 1) for c in condition.items)
    return Step(depth, kind, result, children)
