"""The durable_rules engine behind our DecisionEngine port; the ONLY module importing durable.

A validated rule set compiles to one durable_rules ruleset per content hash. Each decision
asserts one fact (the candidate's facts, prepared so durable can compare them: ratings as scale
ranks, each year of a ratings list apart, parameters resolved for the echelon and position) in
a fresh session, collects every rule that matched, and lets the rule book's hit policy decide.

Traps of durable_rules 2.0.28 handled here: its host's timer threads and concurrent calls crash
the process (we run a host without threads, one call at a time); live sessions are capped near
1,024 (every session is deleted in `finally`); exceptions in actions are swallowed into the
state (we check it); there is no `$in` (expanded to ORs); a rule with only negative conditions
loops (every rule is anchored on a positive test); `not` is pushed down to the tests.
"""

from __future__ import annotations

import itertools
import threading
from contextlib import suppress
from dataclasses import dataclass
from functools import reduce
from typing import Any

from durable import engine as durable
from durable.lang import m, when_all

from succession_flow.domain.decision import Decision
from succession_flow.domain.errors import SuccessionError
from succession_flow.formats.rulebook.book import Rule, RuleBook, check_facts, version_of
from succession_flow.formats.rulebook.conditions import (
    AllOf,
    Comparison,
    Condition,
    FactRef,
    Not,
    Param,
    comparisons_in,
)
from succession_flow.formats.rulebook.loader import parse_source

ANCHOR = "anchor__"
NEGATED = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="}


class EngineFailure(SuccessionError):
    """durable_rules failed while deciding (a bug, never a rule outcome)."""


def _always() -> Any:
    """A rule that matches every fact and records nothing.

    durable_rules 2.0.28 crashes (SIGSEGV in `delete_state`) when the first fact a freshly
    registered rule set ever sees matches none of its rules; with this rule every fact matches.
    """
    definition = when_all(getattr(m, ANCHOR) == 1)
    definition.func = [lambda c: None]
    return definition.define()


class _ThreadlessHost(durable.Host):  # type: ignore[misc]
    """durable's Host without its dispatch timer threads: we only ever run synchronously."""

    def _run(self) -> None:
        pass


CHUNK = 100
"""Rules per durable ruleset: durable_rules 2.0.28 aborts the process (`munmap_chunk(): invalid
pointer`) deciding with one ruleset of ~290 rules, so a larger rule set is several rulesets."""


@dataclass(frozen=True)
class _Compiled:
    names: tuple[str, ...]
    book: RuleBook
    contains: dict[tuple[str, str], str]


class _Shared:
    """One durable host per process: compiled rule sets are reused by every engine object,
    and one lock serialises every call into durable (it is not safe to call concurrently)."""

    host = _ThreadlessHost()
    compiled: dict[str, _Compiled] = {}
    hits: dict[str, list[str]] = {}
    lock = threading.Lock()
    sessions = itertools.count(1)


class DurableRulesEngine:
    def __init__(self) -> None:
        self._host = _Shared.host
        self._compiled = _Shared.compiled
        self._hits = _Shared.hits
        self._lock = _Shared.lock
        self._sessions = _Shared.sessions

    def decide(self, source: str, facts: dict[str, Any]) -> Decision:
        with self._lock:
            compiled = self._compile(source)
            check_facts(compiled.book, facts)
            sid = f"s{next(self._sessions)}"
            message = {"sid": sid, **self._prepare(compiled, facts)}
            hits: list[str] = []
            self._hits[sid] = hits
            try:
                for name in compiled.names:
                    self._assert_in(compiled, name, message)
            finally:
                del self._hits[sid]
            return compiled.book.conclude(hits, facts)

    def _assert_in(self, compiled: _Compiled, name: str, message: dict[str, Any]) -> None:
        """One session of one durable ruleset, deleted whatever happens."""
        try:
            with suppress(durable.MessageNotHandledException):  # no rule matched
                self._host.assert_fact(name, message)
            state = self._host.get_state(name, message["sid"])
            if "exception" in state:
                first = str(state["exception"]).splitlines()[0][:200]
                raise EngineFailure(f"rule set {compiled.book.name}: {first}")
        finally:
            self._host.delete_state(name, message["sid"])

    def live_sessions(self) -> int:
        """Sessions not yet deleted (always 0 between decisions; tests check it)."""
        return len(self._hits)

    def _compile(self, source: str) -> _Compiled:
        version = version_of(source)
        if version not in self._compiled:
            book = parse_source(source, "published rule set", analyse=False)
            chunks = [book.rules[n : n + CHUNK] for n in range(0, len(book.rules), CHUNK)] or [()]
            names = tuple(f"{book.name}_{version[:16]}_{n}" for n in range(len(chunks)))
            compiled = _Compiled(names, book, _contains_keys(book))
            for name, rules in zip(names, chunks, strict=True):
                self._register(compiled, name, rules)
            self._compiled[version] = compiled
        return self._compiled[version]

    def _register(self, compiled: _Compiled, name: str, rules: tuple[Rule, ...]) -> None:
        definitions = {}
        for rule in rules:
            expression = (getattr(m, ANCHOR) == 1) & self._expression(compiled, rule.when)
            definition = when_all(expression)
            definition.func = [self._action(rule.id)]
            definitions[f"r_{rule.index}"] = definition.define()
        definitions["r_always"] = _always()
        try:
            self._host.register_rulesets({name: definitions})
        except Exception as error:
            raise EngineFailure(
                f"rule set {compiled.book.name}: cannot compile: {error}"
            ) from error

    def _action(self, rule_id: str) -> Any:
        def matched(c: Any) -> None:
            self._hits[c.m["sid"]].append(rule_id)

        return matched

    # --- facts as durable sees them ------------------------------------------------------

    def _prepare(self, compiled: _Compiled, facts: dict[str, Any]) -> dict[str, Any]:
        book = compiled.book
        prepared: dict[str, Any] = {ANCHOR: 1}
        for name, spec in book.facts.items():
            value = facts.get(name)
            if value is None:
                continue
            if spec.type == "rating":
                prepared[name] = book.rank(spec.scale_name, value)
            elif spec.type == "ratings":
                prepared[f"{name}__present"] = 1
                for year, rating in enumerate(value):
                    if rating is not None:
                        prepared[f"{name}__y{year}"] = book.rank(spec.scale_name, rating)
            elif spec.type == "list":
                prepared[f"{name}__present"] = 1
            else:
                prepared[name] = value
        for (fact, target), key in compiled.contains.items():
            if facts.get(fact) is not None:
                prepared[key] = target in facts[fact]
        for name, param in book.parameters.items():
            value = book.param_value(name, facts)
            prepared[f"param__{name}"] = (
                book.rank(param.scale_name, value) if param.type == "rating" else value
            )
        return prepared

    # --- conditions as durable expressions -----------------------------------------------

    def _expression(self, compiled: _Compiled, condition: Condition, negate: bool = False) -> Any:
        if isinstance(condition, Not):
            return self._expression(compiled, condition.item, not negate)
        if isinstance(condition, Comparison):
            return self._test(compiled, condition, negate)
        parts = [self._expression(compiled, c, negate) for c in condition.items]
        conjunction = isinstance(condition, AllOf) != negate
        return reduce(lambda a, b: (a & b) if conjunction else (a | b), parts)

    def _test(self, compiled: _Compiled, test: Comparison, negate: bool) -> Any:
        book, spec = compiled.book, compiled.book.facts[test.fact]
        if test.op == "present":
            key = f"{test.fact}__present" if spec.type in ("ratings", "list") else test.fact
            wanted = test.value != negate
            return +getattr(m, key) if wanted else -getattr(m, key)
        if test.op == "contains":
            key = compiled.contains[(test.fact, test.value)]
            return self._atom(key, "==", True, negate)
        if test.each_of_last is not None:
            years = [f"{test.fact}__y{n}" for n in range(test.each_of_last)]
            target = self._operand(book, test)
            parts = [self._atom(key, test.op, target, negate) for key in years]
            if isinstance(test.value, FactRef):
                other = getattr(m, test.value.name)
                parts.append(-other if negate else +other)
            return reduce(lambda a, b: (a | b) if negate else (a & b), parts)
        target = self._operand(book, test)
        atom = self._atom(test.fact, test.op, target, negate)
        if isinstance(test.value, FactRef):
            other = test.value.name
            return (atom | -getattr(m, other)) if negate else (atom & +getattr(m, other))
        return atom

    def _operand(self, book: RuleBook, test: Comparison) -> Any:
        if isinstance(test.value, FactRef):
            return getattr(m, test.value.name)
        if isinstance(test.value, Param):
            return getattr(m, f"param__{test.value.name}")
        spec = book.facts[test.fact]
        if spec.type in ("rating", "ratings"):
            if test.op in ("in", "not_in"):
                return tuple(book.rank(spec.scale_name, v) for v in test.value)
            return book.rank(spec.scale_name, test.value)
        return test.value

    def _atom(self, key: str, op: str, target: Any, negate: bool) -> Any:
        """`key op target`; negated, also true when the fact is missing (plain `not`)."""
        if op in ("in", "not_in"):
            inside = op == "in"
            if inside != negate:
                return reduce(lambda a, b: a | b, (_compare(key, "==", v) for v in target))
            every = reduce(lambda a, b: a & b, (_compare(key, "!=", v) for v in target))
            return (every | -getattr(m, key)) if negate else every
        if op == "is":
            op = "=="
        if not negate:
            return _compare(key, op, target)
        return _compare(key, NEGATED[op], target) | -getattr(m, key)


def _compare(key: str, op: str, target: Any) -> Any:
    field = getattr(m, key)
    if op == "<":
        return field < target
    if op == "<=":
        return field <= target
    if op == ">":
        return field > target
    if op == ">=":
        return field >= target
    if op == "==":
        return field == target
    return field != target


def _contains_keys(book: RuleBook) -> dict[tuple[str, str], str]:
    """List facts are tested as one boolean per value a rule looks for."""
    targets = sorted(
        {
            (t.fact, t.value)
            for r in book.rules
            for t in comparisons_in(r.when)
            if t.op == "contains"
        }
    )
    return {target: f"{target[0]}__c{n}" for n, target in enumerate(targets)}
