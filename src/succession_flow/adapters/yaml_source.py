"""YAML that remembers where each value came from, so problems can say `FILE:LINE: message`.

HR owners fix files by line number; pydantic reports a location path, and this maps that path
back to the line of the node (or of its nearest parent that exists).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from pydantic import ValidationError

Path = tuple[str | int, ...]


class YamlProblems(Exception):
    """Every problem found in a file, each already written as `origin:line: message`."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class Located:
    origin: str
    data: Any
    lines: dict[Path, int] = field(default_factory=dict)

    def line_of(self, path: Path) -> int:
        """The line of the node at `path`, or of its closest ancestor that exists."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return 1

    def problem(self, path: Path, message: str) -> str:
        return f"{self.origin}:{self.line_of(path)}: {message}"


def _walk(node: yaml.Node, path: Path, lines: dict[Path, int], loader: yaml.SafeLoader) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)  # `<<: *anchor` merges, as YAML readers expect
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            result[key] = _walk(value_node, (*path, key), lines, loader)
            lines[(*path, key)] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_walk(item, (*path, n), lines, loader) for n, item in enumerate(node.value)]
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
        located.data = _walk(node, (), located.lines, loader)
    finally:
        loader.dispose()
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
