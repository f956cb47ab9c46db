"""Rule sets in words: conditions as one line of text, and parameters as their values.

Used by `rules diff` so HR sees `competency_score >= min_competency` rather than YAML.
"""

from __future__ import annotations

from typing import Any

from succession_flow.formats.rulebook.book import Rule, RuleBook
from succession_flow.formats.rulebook.conditions import (
    AllOf,
    Comparison,
    Condition,
    FactRef,
    Not,
    Param,
)


def value_text(value: Any) -> str:
    if isinstance(value, Param):
        return value.name
    if isinstance(value, FactRef):
        return value.name
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, tuple | list):
        return "[" + ", ".join(value_text(v) for v in value) + "]"
    return str(value)


def condition_text(condition: Condition) -> str:
    if isinstance(condition, Comparison):
        if condition.op == "present":
            return f"{condition.fact} is {'present' if condition.value else 'missing'}"
        subject = condition.fact
        if condition.each_of_last is not None:
            subject = f"each of the last {condition.each_of_last} {condition.fact}"
        return f"{subject} {condition.op.replace('_', ' ')} {value_text(condition.value)}"
    if isinstance(condition, Not):
        return f"not ({condition_text(condition.item)})"
    joiner = " and " if isinstance(condition, AllOf) else " or "
    return "(" + joiner.join(condition_text(c) for c in condition.items) + ")"


def rule_summary(rule: Rule) -> dict[str, Any]:
    """The parts of a rule HR would compare between two versions."""
    return {
        "priority": rule.priority,
        "when": condition_text(rule.when),
        "outcome": rule.outcome,
        "reason": rule.reason,
        "set": dict(rule.sets),
    }


def parameter_values(book: RuleBook) -> dict[str, Any]:
    """Every threshold by where it applies: `min_competency` and `min_competency[key-position]`."""
    values: dict[str, Any] = {}
    for name, spec in book.parameters.items():
        values[name] = spec.default
        for echelon, value in spec.by_echelon.items():
            values[f"{name}[{echelon}]"] = value
        for position, value in spec.by_position.items():
            values[f"{name}[{position}]"] = value
    return values
