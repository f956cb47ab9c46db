"""A validated rule set, ready to evaluate: what both the engine and the plain evaluator read.

Also the small semantics both must share: missing values, rating ranks, parameter resolution,
and how matched rules become a Decision under the hit policy.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from succession_flow.domain.decision import Decision
from succession_flow.domain.errors import InvalidInput
from succession_flow.formats.rulebook.conditions import Condition, FactRef, Param
from succession_flow.formats.rulebook.model import ExampleSpec, FactSpec, ParamSpec


def version_of(source: str) -> str:
    """A rule set's version: the sha256 of its exact source text."""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Rule:
    id: str
    priority: int
    when: Condition
    outcome: str
    reason: str
    sets: dict[str, Any]
    index: int
    line: int = 0


@dataclass(frozen=True)
class RuleBook:
    name: str
    step: str
    description: str
    hit_policy: str
    facts: dict[str, FactSpec]
    scales: dict[str, tuple[str, ...]]
    parameters: dict[str, ParamSpec]
    rules: tuple[Rule, ...]
    """Highest priority first; equal priorities keep their order in the file."""
    default: Rule
    examples: tuple[ExampleSpec, ...]
    source: str
    version: str
    lines: dict[str, int] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    """What the check could not fully decide, each `FILE:LINE: note` (shown, never an error)."""

    def rule(self, rule_id: str) -> Rule:
        return self._by_id[rule_id]

    @cached_property
    def _by_id(self) -> dict[str, Rule]:
        """Concluding looks up every matched rule: by id, not by scanning thousands."""
        return {r.id: r for r in self.rules}

    def rank(self, scale: str, label: str) -> int:
        return self.scales[scale].index(label)

    def param_value(self, name: str, facts: dict[str, Any]) -> Any:
        """Position beats echelon beats default."""
        spec = self.parameters[name]
        position, echelon = facts.get("position_id"), facts.get("echelon")
        if position in spec.by_position:
            return spec.by_position[position]
        if echelon in spec.by_echelon:
            return spec.by_echelon[echelon]
        return spec.default

    def operand(self, value: Any, facts: dict[str, Any]) -> Any:
        """The value a test compares with: a literal, a parameter's or another fact's value."""
        if isinstance(value, Param):
            return self.param_value(value.name, facts)
        if isinstance(value, FactRef):
            return facts.get(value.name)
        return value

    def conclude(self, matched: list[str], facts: dict[str, Any]) -> Decision:
        """Matched rule ids (any order) become the decision the hit policy gives."""
        hits = sorted((self.rule(i) for i in set(matched)), key=lambda r: (-r.priority, r.index))
        if not hits:
            hits_used, outcome_rule = [], self.default
        elif self.hit_policy == "first":
            hits_used, outcome_rule = hits[:1], hits[0]
        else:
            hits_used, outcome_rule = hits, hits[0]
        attributes: dict[str, Any] = dict(self.default.sets) if not hits else {}
        for rule in reversed(hits_used):
            attributes.update(rule.sets)
        reason = "; ".join(r.reason for r in hits_used) or self.default.reason
        return Decision(
            outcome=outcome_rule.outcome,
            reason=reason,
            ruleset=self.name,
            version=self.version,
            matched=tuple(r.id for r in hits_used),
            facts=dict(facts),
            attributes=attributes,
        )


def missing(value: Any) -> bool:
    return value is None


def check_facts(book: RuleBook, facts: dict[str, Any]) -> None:
    """Facts handed to a decision must fit their declarations (absent or null means missing)."""
    for name, spec in book.facts.items():
        value = facts.get(name)
        if value is None:
            continue
        problem = type_problem(book.scales, spec, value) or range_problem(spec, value)
        if problem:
            raise InvalidInput(f"rule set {book.name}: fact {name}: {problem}")


def range_problem(spec: FactSpec | ParamSpec, value: Any) -> str:
    """A number outside its declared range: refused, never decided on a scale the rules do not
    expect."""
    bounds = outside(spec, value)
    return f"{value:g} is outside its declared range {bounds}" if bounds else ""


def outside(spec: FactSpec | ParamSpec, value: Any) -> str:
    """The declared range a number falls outside ('' if inside, or not a number): the one range
    test, for the values a file gives and the facts a decision is handed."""
    low, high = spec.min, spec.max
    if spec.type != "number" or not (
        (low is not None and value < low) or (high is not None and value > high)
    ):
        return ""
    return bounds_text(low, high)


def bounds_text(low: float | None, high: float | None) -> str:
    return f"{'' if low is None else f'{low:g}'}..{'' if high is None else f'{high:g}'}"


def type_problem(scales: dict[str, tuple[str, ...]], spec: FactSpec | ParamSpec, value: Any) -> str:
    """Why a value does not fit a declared type, or '' if it does (ranges are checked apart)."""
    kind = spec.type
    if kind == "boolean":
        return "" if isinstance(value, bool) else f"{value!r} is not true or false"
    if kind == "number":
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return "" if ok else f"{value!r} is not a number"
    if kind == "string":
        return "" if isinstance(value, str) else f"{value!r} is not text"
    if kind == "enum":
        allowed = spec.values or []
        return "" if value in allowed else f"{value!r} is not one of {', '.join(allowed)}"
    if kind == "rating":
        labels = scales.get(spec.scale_name, ())
        ok = isinstance(value, str) and value in labels
        return (
            "" if ok else f"{value!r} is not on the {spec.scale_name} scale ({', '.join(labels)})"
        )
    if kind == "ratings":
        if not isinstance(value, list):
            return f"{value!r} is not a list of ratings, most recent year first"
        labels = scales.get(spec.scale_name, ())
        wrong = [v for v in value if v is not None and v not in labels]
        return f"{wrong[0]!r} is not on the {spec.scale_name} scale" if wrong else ""
    if kind == "list":
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        return "" if ok else f"{value!r} is not a list of text values"
    return f"unknown type {kind}"
