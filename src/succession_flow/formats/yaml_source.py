"""YAML that remembers where each value came from, so problems can say `FILE:LINE: message`.

HR owners fix files by line number; pydantic reports a location path, and this maps that path
back to the line of the node (or of its nearest parent that exists).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path as FilePath
from typing import Any

import yaml
from pydantic import ValidationError

from succession_flow.domain.errors import ManyProblems
from succession_flow.formats.text_input import UnreadableText, decode_utf8, read_text
from succession_flow.formats.yaml_limits import (
    MAX_YAML_BYTES,
    BoundedLoader,
    LimitExceeded,
    check_key,
    check_tag,
    scalar,
    syntax_problem,
)

Path = tuple[str | int, ...]


class YamlProblems(ManyProblems):
    """Every problem found in a file, each already written as `origin:line: message`.

    Bad input like any other (exit 2), so callers let it through instead of re-wrapping it."""


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


def _walk(node: yaml.Node, path: Path, located: Located, loader: BoundedLoader) -> Any:
    loader.spend(node)
    check_tag(node)
    lines = located.lines
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        located.duplicates += _duplicate_keys(node, located.origin)
        loader.flatten_mapping(node)  # `<<: *anchor` merges, as YAML readers expect
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = scalar(loader, check_key(key_node))
            result[key] = _walk(value_node, (*path, key), located, loader)
            lines[(*path, key)] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_walk(item, (*path, n), located, loader) for n, item in enumerate(node.value)]
    assert isinstance(node, yaml.ScalarNode)
    return scalar(loader, node)


def read_source(path: FilePath) -> str:
    """An HR file's text: bounded in size and UTF-8, else one problem naming the file and line."""
    try:
        return read_text(path, MAX_YAML_BYTES)
    except UnreadableText as error:
        raise YamlProblems([str(error)]) from None


def decoded_source(data: bytes, origin: str) -> str:
    """The text of an HR file handed over as bytes (an upload), bounded and decoded alike."""
    if len(data) > MAX_YAML_BYTES:
        raise YamlProblems([f"{origin}:1: {len(data):,} bytes; the limit is {MAX_YAML_BYTES:,}"])
    try:
        return decode_utf8(data, origin)
    except UnreadableText as error:
        raise YamlProblems([str(error)]) from None


def _compose_and_walk(text: str, located: Located) -> None:
    loader = BoundedLoader(text)  # checks the characters first: may raise ReaderError
    try:
        node = loader.get_single_node()
        if node is None:
            raise YamlProblems([f"{located.origin}:1: the file is empty"])
        located.data = _walk(node, (), located, loader)
    finally:
        loader.dispose()


def load_located(text: str, origin: str) -> Located:
    """Parse one YAML document within the limits of yaml_limits; every way it can fail becomes
    one located problem, never a parser's exception."""
    if len(text) > MAX_YAML_BYTES:
        limit = f"the limit is {MAX_YAML_BYTES:,}"
        raise YamlProblems([f"{origin}:1: {len(text):,} characters; {limit}"])
    located = Located(origin, None)
    try:
        _compose_and_walk(text, located)
    except LimitExceeded as error:
        raise YamlProblems([f"{origin}:{error.line}: {error.message}"]) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlProblems([f"{origin}:{line}: {syntax_problem(error)}"]) from None
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        raise YamlProblems(
            [f"{origin}:{line}: character #x{error.character:04x} is not allowed in YAML"]
        ) from None
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
