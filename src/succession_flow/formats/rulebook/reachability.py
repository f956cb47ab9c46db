"""Which rules can never fire under first-match: contradictory, or fully covered by rules above.

Every test compares one fact (or one year of a ratings fact) with constants, so each fact's
possible values split into finitely many pieces (below a threshold, at it, above it, missing).
A condition is then a union of boxes (a set of pieces per fact), and "rule B fires" is
`B and not A1 and not A2 ...` over the rules above it: if that is empty, B never fires.
Parameters differ per echelon and position, so this is done once per combination. Pieces may
include impossible combinations, which can only hide a problem, never invent one.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import replace
from typing import Any

from succession_flow.formats.rulebook.book import Rule, RuleBook
from succession_flow.formats.rulebook.conditions import (
    AllOf,
    Comparison,
    Condition,
    FactRef,
    Not,
    comparisons_in,
)
from succession_flow.formats.rulebook.evaluator import COMPARE

MISSING = ("missing",)
OTHER = ("other",)
LIMIT = 4000
MAX_COVERAGE_RULES = 500
"""Checking each rule against all rules above it grows with the square of the rule count;
beyond this many (a few seconds of checking) only each rule's own contradictions are checked."""
Var = tuple[str, Any]
Box = dict[Var, frozenset[Any]]


class TooComplex(Exception):
    """Too many combinations to decide; the rule is given the benefit of the doubt."""


def never_fires(book: RuleBook, first_match: bool = True) -> list[tuple[Rule, str]]:
    """Rules whose condition can never be true; under first-match also those whose every
    case is decided first by the rules above them (up to MAX_COVERAGE_RULES rules)."""
    if first_match and len(book.rules) <= MAX_COVERAGE_RULES:
        return _covered(book)
    found = []
    for rule in book.rules:  # alone: the pieces of its own constants decide, in linear time
        alone = replace(book, rules=(rule,))
        with suppress(TooComplex):
            if all(not _Space(alone, ctx).cases(rule, []) for ctx in _contexts(book)):
                found.append((rule, "its condition can never be true"))
    return found


def coverage_note(book: RuleBook) -> str | None:
    """Said when a first-match rule set is too large to check that every rule can fire."""
    if book.hit_policy != "first" or len(book.rules) <= MAX_COVERAGE_RULES:
        return None
    return (
        f"{len(book.rules):,} rules: whether a rule is decided first by the rules above it is "
        f"checked for up to {MAX_COVERAGE_RULES:,} rules; only contradictions were checked"
    )


def _covered(book: RuleBook) -> list[tuple[Rule, str]]:
    found = []
    spaces = [_Space(book, ctx) for ctx in _contexts(book)]
    for n, rule in enumerate(book.rules):
        above = book.rules[:n]
        try:
            if all(not space.cases(rule, []) for space in spaces):
                found.append((rule, "its condition can never be true"))
                continue
            if all(not space.cases(rule, above) for space in spaces):
                blockers = [r for r in above if all(not s.cases(rule, [r]) for s in spaces)]
                who = blockers[:1] or above
                names = ", ".join(f"{r.id!r} (priority {r.priority})" for r in who)
                found.append((rule, f"every case it covers is decided first by {names}"))
        except TooComplex:
            continue
    return found


def _contexts(book: RuleBook) -> Iterator[dict[str, Any]]:
    """Every (position, echelon) combination that resolves the parameters differently."""
    positions = sorted({p for s in book.parameters.values() for p in s.by_position})
    echelons = sorted({e for s in book.parameters.values() for e in s.by_echelon})
    for position, echelon in itertools.product([*positions, None], [*echelons, None]):
        yield {
            "position_id": position,
            "echelon": echelon,
            "listed": {"position_id": positions, "echelon": echelons},
        }


class _Space:
    def __init__(self, book: RuleBook, ctx: dict[str, Any]) -> None:
        self.book, self.ctx = book, ctx
        self.facts = {"position_id": ctx["position_id"], "echelon": ctx["echelon"]}
        constants: dict[Var, set[Any]] = {}
        for rule in book.rules:
            for test in comparisons_in(rule.when):
                for var in self.vars_of(test):
                    constants.setdefault(var, set()).update(self.constants_of(test))
        for name in ("position_id", "echelon"):
            pinned = ctx["listed"][name]
            if pinned:
                constants.setdefault((name, None), set()).update(pinned)
        self.universe = {var: self.pieces(var, values) for var, values in constants.items()}
        self.dnfs: dict[tuple[int, bool], list[Box]] = {}

    def vars_of(self, test: Comparison) -> list[Var]:
        if isinstance(test.value, FactRef):
            return [(test.fact, ("compared", test.op, test.value.name, test.each_of_last))]
        if test.op == "contains":
            return [(test.fact, ("contains", test.value))]
        if test.each_of_last is not None:
            return [(test.fact, year) for year in range(test.each_of_last)]
        return [(test.fact, None)]

    def constants_of(self, test: Comparison) -> list[Any]:
        if test.op in ("present", "contains", "is") or isinstance(test.value, FactRef):
            return []
        value = self.book.operand(test.value, self.facts)
        return list(value) if test.op in ("in", "not_in") else [value]

    def pieces(self, var: Var, constants: set[Any]) -> frozenset[Any]:
        fact, sub = var
        spec = self.book.facts.get(fact)
        kind = spec.type if spec else "string"
        if isinstance(sub, tuple) or (kind in ("ratings", "list") and sub is None):
            return frozenset({True, False} if isinstance(sub, tuple) else {"present", MISSING})
        if kind == "boolean":
            return frozenset({True, False, MISSING})
        if kind in ("rating", "ratings") and spec is not None:
            return frozenset({*self.book.scales[spec.scale_name], MISSING})
        if kind == "enum" and spec is not None:
            return frozenset({*(spec.values or []), MISSING})
        if kind == "number" and spec is not None:
            points = sorted(
                {float(c) for c in constants} | {b for b in (spec.min, spec.max) if b is not None}
            )
            found: set[Any] = {MISSING, *(("pt", p) for p in points)}
            edges: list[float | None] = [None, *points, None]
            for low, high in itertools.pairwise(edges):
                if low is None and high is None:
                    found.add(("iv", None, None))
                elif (low is None and spec.min is not None) or (
                    high is None and spec.max is not None
                ):
                    continue
                else:
                    found.add(("iv", low, high))
            return frozenset(found)
        return frozenset({*constants, OTHER, MISSING})

    def allowed(self, test: Comparison, var: Var) -> frozenset[Any]:
        universe = self.universe[var]
        if test.op == "present":
            return frozenset(p for p in universe if (p != MISSING) == test.value)
        if isinstance(var[1], tuple):
            return frozenset({True})
        target = self.book.operand(test.value, self.facts)
        return frozenset(p for p in universe if p != MISSING and self.holds(test, p, target))

    def holds(self, test: Comparison, piece: Any, target: Any) -> bool:
        value = _representative(piece)
        if value is OTHER:
            return test.op in ("!=", "not_in")
        if test.op == "in":
            return bool(value in target)
        if test.op == "not_in":
            return value not in target
        if test.op == "is":
            return bool(value == target)
        spec = self.book.facts[test.fact]
        if spec.type in ("rating", "ratings"):
            scale = self.book.scales[spec.scale_name]
            return COMPARE[test.op](scale.index(value), scale.index(target))
        return COMPARE[test.op](value, target)

    def dnf(self, condition: Condition, negate: bool = False) -> list[Box]:
        if isinstance(condition, Not):
            return self.dnf(condition.item, not negate)
        if isinstance(condition, Comparison):
            boxes = []
            for var in self.vars_of(condition):
                allowed = self.allowed(condition, var)
                boxes.append([{var: self.universe[var] - allowed if negate else allowed}])
            return _or(boxes) if negate else _and(boxes)
        parts = [self.dnf(c, negate) for c in condition.items]
        if isinstance(condition, AllOf) != negate:
            return _and(parts)
        return _or(parts)

    def rule_dnf(self, rule: Rule, negate: bool = False) -> list[Box]:
        """Each rule's boxes are computed once per space: every rule below reuses them."""
        key = (rule.index, negate)
        if key not in self.dnfs:
            self.dnfs[key] = self.dnf(rule.when, negate)
        return self.dnfs[key]

    def cases(self, rule: Rule, above: list[Rule] | tuple[Rule, ...]) -> list[Box]:
        pins: list[list[Box]] = []
        for name in ("position_id", "echelon"):
            var = (name, None)
            listed = self.ctx["listed"][name]
            if var in self.universe and listed:
                value = self.ctx[name]
                keep = {value} if value is not None else self.universe[var] - set(listed)
                pins.append([{var: frozenset(keep)}])
        return _and([*pins, self.rule_dnf(rule), *(self.rule_dnf(r, True) for r in above)])


def _representative(piece: Any) -> Any:
    if isinstance(piece, tuple) and piece and piece[0] == "pt":
        return piece[1]
    if isinstance(piece, tuple) and piece and piece[0] == "iv":
        low, high = piece[1], piece[2]
        if low is None and high is None:
            return 0.0
        if low is None:
            return high - 1
        if high is None:
            return low + 1
        return (low + high) / 2
    return piece


def _and(parts: list[list[Box]]) -> list[Box]:
    result: list[Box] = [{}]
    for part in parts:
        combined = []
        for a in result:
            combined += _and_box(a, part)
        if len(combined) > LIMIT:
            raise TooComplex
        result = combined
        if not result:
            break
    return result


def _and_box(a: Box, part: list[Box]) -> list[Box]:
    """`a` and any of `part`; when one of them leaves `a` whole, the others add only parts
    of `a`, so `a` alone is the answer (this keeps disjoint rules from multiplying boxes)."""
    found = []
    for b in part:
        box = dict(a)
        for var, values in b.items():
            box[var] = box[var] & values if var in box else values
        if box == a:
            return [a]
        if all(box.values()):
            found.append(box)
    return found


def _or(parts: list[list[Box]]) -> list[Box]:
    result = [box for part in parts for box in part if all(box.values())]
    if len(result) > LIMIT:
        raise TooComplex
    return result
