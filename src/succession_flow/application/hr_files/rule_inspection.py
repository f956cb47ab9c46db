"""Read-only questions HR asks about rules: why did they decide this, and what changed.

`explain` reads the conditions with the plain evaluator (so it can show each comparison) and
takes the decision itself from the real engine; `diff` compares two versions in words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from succession_flow.application.hr_files.rule_publishing import (
    load_rules,
    published_rulesets,
    source_of,
)
from succession_flow.application.ports import DecisionEngine
from succession_flow.application.services import Services
from succession_flow.domain.decision import Decision
from succession_flow.domain.errors import InvalidInput, NotFound
from succession_flow.formats.rulebook import evaluator
from succession_flow.formats.rulebook.book import RuleBook
from succession_flow.formats.rulebook.describe import parameter_values, rule_summary
from succession_flow.formats.rulebook.loader import parse_source


def read_facts(path: Path) -> dict[str, Any]:
    """Facts from a YAML or JSON file; a recorded decision (with `facts:`) works too."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InvalidInput(f"{path}: cannot read: {error.strerror}") from error
    except yaml.YAMLError as error:
        raise InvalidInput(f"{path}: not YAML or JSON: {str(error).splitlines()[0]}") from error
    if isinstance(data, dict) and isinstance(data.get("facts"), dict):
        data = data["facts"]
    if not isinstance(data, dict):
        raise InvalidInput(f"{path}: expected a mapping of fact names to values")
    return {str(k): v for k, v in data.items()}


def book_of(source: str, origin: str) -> RuleBook:
    return parse_source(source, origin)


@dataclass(frozen=True)
class RuleTrace:
    id: str
    priority: int
    matched: bool
    steps: evaluator.Step


@dataclass(frozen=True)
class Explanation:
    ruleset: str
    version: str
    hit_policy: str
    rules: list[RuleTrace]
    decision: Decision

    def to_dict(self) -> dict[str, Any]:
        def step(s: evaluator.Step) -> dict[str, Any]:
            return {"text": s.text, "result": s.result, "children": [step(c) for c in s.children]}

        return {
            "ruleset": self.ruleset,
            "version": self.version,
            "hit_policy": self.hit_policy,
            "rules": [
                {"id": r.id, "priority": r.priority, "matched": r.matched, "why": step(r.steps)}
                for r in self.rules
            ],
            "decision": self.decision.to_dict(),
        }


def explain(engine: DecisionEngine, book: RuleBook, facts: dict[str, Any]) -> Explanation:
    """Which rules of the rule set match the facts and why; the engine alone decides."""
    traces = [
        RuleTrace(
            r.id,
            r.priority,
            evaluator.holds(book, r.when, facts),
            evaluator.explain(book, r.when, facts),
        )
        for r in book.rules
    ]
    decision = engine.decide(book.source, facts)
    return Explanation(book.name, book.version, book.hit_policy, traces, decision)


def file_book(folder: Path, name: str) -> RuleBook:
    """A rule set as it is on disk: explained before it is published, without a store."""
    books = load_rules(folder)
    if name not in books:
        raise NotFound(f"rule set {name!r} not found in {folder}")
    return books[name]


def published_book(services: Services, name: str, version: str = "") -> RuleBook:
    """The published version (or `version`) of a rule set."""
    return book_of(source_of(services, name, version), f"{name}@{version or 'published'}")


@dataclass
class RuleSetDiff:
    name: str
    old: str
    new: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, dict[str, tuple[Any, Any]]] = field(default_factory=dict)
    parameters: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    other: dict[str, tuple[Any, Any]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        def pairs(d: dict[str, tuple[Any, Any]]) -> dict[str, Any]:
            return {k: {"old": v[0], "new": v[1]} for k, v in d.items()}

        return {
            "ruleset": self.name,
            "old": self.old,
            "new": self.new,
            "added": self.added,
            "removed": self.removed,
            "changed": {k: pairs(v) for k, v in self.changed.items()},
            "parameters": pairs(self.parameters),
            "other": pairs(self.other),
        }


def compare(old: RuleBook | None, new: RuleBook | None) -> RuleSetDiff:
    """What differs between two versions of one rule set (None: it does not exist there)."""
    some = new or old
    assert some is not None
    result = RuleSetDiff(some.name, old.version if old else "", new.version if new else "")
    old_rules = {r.id: rule_summary(r) for r in (old.rules if old else ())}
    new_rules = {r.id: rule_summary(r) for r in (new.rules if new else ())}
    result.added = [i for i in new_rules if i not in old_rules]
    result.removed = [i for i in old_rules if i not in new_rules]
    for rule_id in (i for i in new_rules if i in old_rules):
        parts = {
            k: (old_rules[rule_id][k], v)
            for k, v in new_rules[rule_id].items()
            if old_rules[rule_id][k] != v
        }
        if parts:
            result.changed[rule_id] = parts
    result.parameters = _changed(
        parameter_values(old) if old else {}, parameter_values(new) if new else {}
    )
    result.other = _changed(_settings(old), _settings(new))
    return result


def _settings(book: RuleBook | None) -> dict[str, Any]:
    if book is None:
        return {}
    return {
        "hit_policy": book.hit_policy,
        "default": f"{book.default.outcome}: {book.default.reason}",
        "facts": ", ".join(sorted(book.facts)),
    }


def _changed(old: dict[str, Any], new: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    return {
        k: (old.get(k), new.get(k))
        for k in [*old, *(k for k in new if k not in old)]
        if old.get(k) != new.get(k)
    }


def diff_files(services: Services, folder: Path) -> list[RuleSetDiff]:
    """Each rule set on disk against its published version."""
    books = load_rules(folder)
    published = published_rulesets(services)
    diffs = []
    for name in sorted(set(books) | set(published)):
        old = book_of(published[name].current_source, name) if name in published else None
        new = books.get(name)
        if old is None or new is None or old.version != new.version:
            diffs.append(compare(old, new))
    return diffs


def diff_versions(services: Services, old: str, new: str) -> RuleSetDiff:
    """Two published versions (full hashes or unambiguous prefixes) of the same rule set."""
    found = {}
    for which, version in (("--from", old), ("--to", new)):
        owners = [
            r
            for r in published_rulesets(services).values()
            if any(v.startswith(version) for v in r.sources)
        ]
        if len(owners) != 1:
            raise NotFound(f"{which} {version}: no single published version starts so")
        found[which] = (owners[0], owners[0].source_of(version))
    (first, old_source), (second, new_source) = found["--from"], found["--to"]
    if first.name != second.name:
        raise InvalidInput(f"--from is a version of {first.name}, --to of {second.name}")
    return compare(book_of(old_source, first.name), book_of(new_source, second.name))
