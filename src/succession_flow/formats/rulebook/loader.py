"""Load rule set files into RuleBooks, reporting every problem at once as `FILE:LINE: message`.

HR owners fix files by line number, so each check names the line of the value at fault:
unknown or unprovided facts, wrong types, thresholds out of range, unknown operators or
parameters, duplicate rule ids, outcomes the step does not understand, rules that can never
fire, a missing default, and a name that does not match the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path as FilePath
from typing import Any

from pydantic import ValidationError

from succession_flow.formats.rulebook.book import (
    Rule,
    RuleBook,
    outside,
    type_problem,
    version_of,
)
from succession_flow.formats.rulebook.catalogue import BUILT_IN_SCALES, PROVIDED, outcomes_of
from succession_flow.formats.rulebook.conditions import AnyOf, ConditionParser
from succession_flow.formats.rulebook.facts_check import check_declared_facts
from succession_flow.formats.rulebook.model import DefaultSpec, FactSpec, ParamSpec, RuleSetFile
from succession_flow.formats.rulebook.reachability import coverage_note, never_fires
from succession_flow.formats.yaml_source import (
    Located,
    Path,
    YamlProblems,
    load_located,
    pydantic_problems,
    read_source,
)

ECHELONS = PROVIDED["evaluation"]["echelon"].values


@dataclass
class Checker:
    located: Located
    problems: list[str]

    def report(self, path: Path, message: str) -> None:
        self.problems.append(self.located.problem(path, message))

    def value_ok(
        self,
        scales: dict[str, tuple[str, ...]],
        spec: FactSpec | ParamSpec,
        name: str,
        value: Any,
        path: Path,
        what: str,
    ) -> bool:
        problem = type_problem(scales, spec, value)
        if problem:
            self.report(path, f"{name}: {what} {problem}")
            return False
        bounds = outside(spec, value)
        if bounds:
            self.report(path, f"{name}: {what} {value:g} is outside {name}'s range {bounds}")
            return False
        return True


def parse_source(
    source: str, origin: str, stem: str | None = None, analyse: bool = True
) -> RuleBook:
    """Parse and check one rule set's text; `stem` (the file name) must equal its `name`.

    `analyse=False` skips the search for rules that can never fire: for a published rule set,
    which was analysed when it was published and is parsed again by every process deciding.
    """
    located = load_located(source, origin)
    try:
        spec = RuleSetFile.model_validate(located.data)
    except ValidationError as error:
        raise YamlProblems(pydantic_problems(located, error)) from error
    checker = Checker(located, [])
    book = build(spec, checker, source, stem, analyse)
    if checker.problems or book is None:
        raise YamlProblems(sorted(checker.problems, key=_line))
    return book


def build(
    spec: RuleSetFile, c: Checker, source: str, stem: str | None, analyse: bool = True
) -> RuleBook | None:
    if stem is not None and spec.name != stem:
        c.report(("name",), f"name {spec.name!r} does not match the file name {stem}.yaml")
    scales = {**BUILT_IN_SCALES, **{k: tuple(v) for k, v in spec.scales.items()}}
    check_declared_facts(spec, scales, c.report)
    check_parameters(spec, scales, c)
    parser = ConditionParser(
        facts=spec.facts,
        params=spec.parameters,
        scales=scales,
        check_value=lambda s, n, v, p, w: c.value_ok(scales, s, n, v, p, w),
        report=c.report,
    )
    outcomes = outcomes_of(spec.step)
    rules: list[Rule] = []
    seen: set[str] = set()
    for n, raw in enumerate(spec.rules):
        where: Path = ("rules", n)
        if raw.id in seen:
            c.report((*where, "id"), f"duplicate rule id {raw.id!r}")
        seen.add(raw.id)
        check_outcome(c, (*where, "outcome"), raw.outcome, outcomes, spec.step)
        when = parser.parse(raw.when, (*where, "when"))
        if when is not None:
            line = c.located.line_of((*where, "id"))
            rules.append(
                Rule(raw.id, raw.priority, when, raw.outcome, raw.reason, raw.set, n, line)
            )
    fallback = spec.default or DefaultSpec(outcome=outcomes[-1], reason="(missing)")
    if spec.default is None:
        c.report((), "no `default:` — say what happens when no rule matches")
    else:
        check_outcome(c, ("default", "outcome"), fallback.outcome, outcomes, spec.step)
    default = Rule(
        "default", 0, AnyOf(()), fallback.outcome, fallback.reason, fallback.set, len(spec.rules)
    )
    ordered = tuple(sorted(rules, key=lambda r: (-r.priority, r.index)))
    book = RuleBook(
        name=spec.name,
        step=spec.step,
        description=spec.description,
        hit_policy=spec.hit_policy,
        facts=dict(spec.facts),
        scales=scales,
        parameters=dict(spec.parameters),
        rules=ordered,
        default=default,
        examples=tuple(spec.examples),
        source=source,
        version=version_of(source),
    )
    if not c.problems and analyse:
        for rule, why in never_fires(book, spec.hit_policy == "first"):
            c.report(("rules", rule.index, "id"), f"rule {rule.id!r} can never fire: {why}")
        note = coverage_note(book)
        book = book if note is None else replace(book, notes=(c.located.problem(("rules",), note),))
    check_examples(spec, book, c, outcomes)
    return None if c.problems else book


def check_outcome(
    c: Checker, path: Path, outcome: str, allowed: tuple[str, ...], step: str
) -> None:
    if outcome not in allowed:
        c.report(
            path, f"outcome {outcome!r} is not valid for step {step} (use {', '.join(allowed)})"
        )


def check_parameters(spec: RuleSetFile, scales: dict[str, tuple[str, ...]], c: Checker) -> None:
    for name, param in spec.parameters.items():
        where: Path = ("parameters", name)
        if param.type == "rating" and param.scale_name not in scales:
            c.report((*where, "scale"), f"{name}: unknown scale {param.scale_name!r}")
            continue
        c.value_ok(scales, param, name, param.default, (*where, "default"), "default")
        for echelon, value in param.by_echelon.items():
            if echelon not in ECHELONS:
                c.report(
                    (*where, "by_echelon", echelon),
                    f"{name}: unknown echelon {echelon!r} (use {', '.join(ECHELONS)})",
                )
            else:
                c.value_ok(scales, param, name, value, (*where, "by_echelon", echelon), "value")
        for position, value in param.by_position.items():
            c.value_ok(scales, param, name, value, (*where, "by_position", position), "value")


def check_examples(
    spec: RuleSetFile, book: RuleBook, c: Checker, outcomes: tuple[str, ...]
) -> None:
    ids = {r.id for r in spec.rules}
    for n, example in enumerate(spec.examples):
        where: Path = ("examples", n)
        for fact, value in example.given.items():
            if fact not in spec.facts:
                c.report(
                    (*where, "given", fact), f"example {example.name!r}: unknown fact {fact!r}"
                )
            elif value is not None:
                c.value_ok(
                    book.scales, spec.facts[fact], fact, value, (*where, "given", fact), "value"
                )
        check_outcome(c, (*where, "expect"), example.expect, outcomes, spec.step)
        for rule_id in example.expect_rules or []:
            if rule_id not in ids:
                c.report((*where, "expect_rules"), f"example {example.name!r}: no rule {rule_id!r}")


def _line(problem: str) -> int:
    """Problems in file order, so HR can fix them top to bottom."""
    found = re.search(r":(\d+): ", problem)
    return int(found.group(1)) if found else 0


def load_file(path: FilePath) -> RuleBook:
    text = read_source(path)
    return parse_source(text, str(path), path.stem)


def load_folder(folder: FilePath) -> dict[str, RuleBook]:
    """Every rule set in the folder by name; all problems of all files at once."""
    files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    if not files:
        raise YamlProblems([f"{folder}: no rule set files (*.yaml)"])
    books: dict[str, RuleBook] = {}
    problems: list[str] = []
    for path in files:
        try:
            book = load_file(path)
        except YamlProblems as error:
            problems += error.problems
            continue
        books[book.name] = book
    if problems:
        raise YamlProblems(problems)
    return books
