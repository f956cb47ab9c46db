"""YAML that remembers where each value came from, so problems can say `FILE:LINE: message`.

HR owners fix files by line number; pydantic reports a location path, and this maps that path
back to the line of the node (or of its nearest parent that exists).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from pydantic import ValidationError

from succession_flow.domain.errors import InvalidInput

Path = tuple[str | int, ...]


class YamlProblems(InvalidInput):
    """Every problem found in a file, each already written as `origin:line: message`.

    Bad input like any other (exit 2), so callers let it through instead of re-wrapping it."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class Located:
    origin: str
    data: Any
    lines: dict[Path, int] = field(default_factory=dict)
    duplicates: list[str] = field(default_factory=list)

    def line_of(self, path: Path) -> int:
        """The line of the node at `path`, or of its closest ancestor that exists."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return 1

    def problem(self, path: Path, message: str) -> str:
        return f"{self.origin}:{self.line_of(path)}: {message}"


MERGE_TAG = "tag:yaml.org,2002:merge"


def _duplicate_keys(node: yaml.MappingNode, origin: str) -> list[str]:
    """Keys written twice in one mapping: YAML readers silently keep the last, HR never means to.

    Keys merged in with `<<: *anchor` may be overridden on purpose, so only written keys count.
    """
    seen: set[str] = set()
    problems = []
    for key_node, _ in node.value:
        if key_node.tag == MERGE_TAG or not isinstance(key_node, yaml.ScalarNode):
            continue
        if key_node.value in seen:
            line = key_node.start_mark.line + 1
            problems.append(f"{origin}:{line}: {key_node.value}: written twice in the same block")
        seen.add(key_node.value)
    return problems


def _walk(node: yaml.Node, path: Path, located: Located, loader: yaml.SafeLoader) -> Any:
    lines = located.lines
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        located.duplicates += _duplicate_keys(node, located.origin)
        loader.flatten_mapping(node)  # `<<: *anchor` merges, as YAML readers expect
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            result[key] = _walk(value_node, (*path, key), located, loader)
            lines[(*path, key)] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_walk(item, (*path, n), located, loader) for n, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


def load_located(text: str, origin: str) -> Located:
    """Parse one YAML document; a syntax error becomes one located problem."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlProblems([f"{origin}:{line}: YAML syntax: {error.problem or error}"]) from error
    located = Located(origin, None)
    if node is None:
        raise YamlProblems([f"{origin}:1: the file is empty"])
    loader = yaml.SafeLoader("")
    try:
        located.data = _walk(node, (), located, loader)
    finally:
        loader.dispose()
    if located.duplicates:
        raise YamlProblems(located.duplicates)
    return located


def pydantic_problems(located: Located, error: ValidationError) -> list[str]:
    """One located line per pydantic error, naming the field path in words HR can follow."""
    problems = []
    for item in error.errors():
        path = tuple(item["loc"])
        where = ".".join(str(p) for p in path if not str(p).startswith("function-"))
        message = item["msg"].removeprefix("Value error, ")
        problems.append(located.problem(path, f"{where}: {message}" if where else message))
    return problems
