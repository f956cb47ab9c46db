"""What an HR file's YAML may hold: the limits that keep a hostile or mistyped file from
exhausting memory or the stack, or from smuggling in values no rule means.

A billion-laughs alias bomb, nesting thousands deep, an alias that contains itself, a tag
(`!!python/object`, `!secret`), a list used as a key, `.nan` or a number with 400 digits are
each refused at their line. `yaml_source.load_located` reads every HR file through these.
"""

from __future__ import annotations

import math
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from succession_flow.formats.text_input import LARGEST_NUMBER

if yaml.__with_libyaml__:
    from yaml._yaml import CParser as Parser
else:  # pragma: no cover - PyYAML built without libyaml
    from yaml.parser import Parser as PythonParser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class Parser(Reader, Scanner, PythonParser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            PythonParser.__init__(self)


MAX_DEPTH = 64
"""Lists and mappings nested in each other; rule conditions need a dozen at most."""

MAX_ALIAS_VALUES = 100_000
"""Values that aliases (`*name`, `<<: *name`) may add beyond those written in the file."""

MAX_YAML_BYTES = 8 * 1024 * 1024
"""A rule set of 20,000 rules fits; a file larger than this is not one HR wrote."""

YAML_TAG = "tag:yaml.org,2002:"
KNOWN_TAGS = frozenset(
    YAML_TAG + name for name in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
)


class LimitExceeded(Exception):
    """One value breaks a limit; `line` is 1-based."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line, self.message = line, message


def line_of(node: yaml.Node | yaml.Event | None) -> int:
    mark = node.start_mark if node is not None else None
    return mark.line + 1 if mark is not None else 1


class BoundedLoader(Composer, Parser, SafeConstructor, Resolver):
    """PyYAML's safe loader that also counts: nesting while composing, and every value the
    walk produces (aliases included), against a budget of the file's own values plus
    MAX_ALIAS_VALUES. Events come from libyaml when PyYAML has it (twice as fast on large
    rule sets); composing stays in Python, where the limits are checked."""

    def __init__(self, stream: str) -> None:
        Parser.__init__(self, stream)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)
        Composer.__init__(self)
        self.depth, self.composed, self.spent = 0, 0, 0
        self.open_anchors: set[str] = set()

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            if event.anchor in self.open_anchors:
                raise LimitExceeded(
                    line_of(event), f"alias *{event.anchor} refers to a value that contains it"
                )
            return super().compose_node(parent, index)
        self.composed += 1
        if self.depth >= MAX_DEPTH:
            raise LimitExceeded(line_of(event), f"nested deeper than {MAX_DEPTH} levels")
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            self.open_anchors.add(anchor)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1
            self.open_anchors.discard(anchor) if anchor is not None else None

    def flatten_mapping(self, node: yaml.MappingNode) -> None:
        super().flatten_mapping(node)  # recursive for merges of merges: each level is counted
        self.spend(node, len(node.value))

    def spend(self, node: yaml.Node, values: int = 1) -> None:
        self.spent += values
        if self.spent > self.composed + MAX_ALIAS_VALUES:
            raise LimitExceeded(
                line_of(node),
                f"aliases expand to more than {MAX_ALIAS_VALUES:,} values (an alias bomb?)",
            )


def check_tag(node: yaml.Node) -> None:
    if node.tag not in KNOWN_TAGS:
        tag = node.tag.removeprefix(YAML_TAG)
        raise LimitExceeded(
            line_of(node), f"unknown tag {tag!r}: HR files hold plain values, lists and mappings"
        )


def check_key(node: yaml.Node) -> yaml.ScalarNode:
    if not isinstance(node, yaml.ScalarNode):
        kind = "list" if isinstance(node, yaml.SequenceNode) else "mapping"
        raise LimitExceeded(line_of(node), f"a {kind} cannot be a key: use a name")
    return node


def scalar(loader: BoundedLoader, node: yaml.ScalarNode) -> Any:
    """The scalar's value; a number must be finite and within ±LARGEST_NUMBER."""
    check_tag(node)
    digits = sum(c.isdigit() for c in node.value)
    if node.tag == YAML_TAG + "int" and digits > 17:
        raise LimitExceeded(line_of(node), f"{node.value[:20]}...: number too large")
    try:
        value = loader.construct_object(node, deep=True)
    except (ValueError, OverflowError) as error:
        raise LimitExceeded(line_of(node), f"{node.value[:40]!r} cannot be read: {error}") from None
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if number and (not math.isfinite(value) or abs(value) > LARGEST_NUMBER):
        raise LimitExceeded(
            line_of(node), f"{node.value[:40]}: not a finite number within ±{LARGEST_NUMBER:.0e}"
        )
    return value


def syntax_problem(error: yaml.MarkedYAMLError) -> str:
    """The parser's complaint; libyaml's own nesting limit reads like ours."""
    problem = str(error.problem or error)
    if "maximum nesting depth" in problem:
        return f"nested deeper than {MAX_DEPTH} levels"
    return f"YAML syntax: {problem}"
