"""The one JSON reader for every JSON input: HR exports, digests, export lines.

`json.loads` accepts what no input of ours means: `NaN`, `1e400` (infinity), a key written twice
(the last silently wins), a 5,000-digit number, nesting deep enough to exhaust the stack. Here
each is refused as one line `FILE:line N: reason`, so the command exits 2 and writes nothing.
The fast C parser reads; only when it refuses is the text read again by the pure-Python parser,
to find the line of the object or list at fault.
"""

from __future__ import annotations

import json
import json.decoder
import json.scanner
import math
import re
import unicodedata
from pathlib import Path
from typing import Any

from succession_flow.domain.errors import InvalidInput
from succession_flow.formats.text_input import (
    LARGEST_NUMBER,
    MAX_BYTES,
    UnreadableText,
    decode_utf8,
    read_bytes,
)

MAX_DEPTH = 64
"""Deeper than any record, digest or export line; shallow enough for every walk over it."""


class JsonProblem(InvalidInput):
    """The JSON text is malformed or holds something no input of ours means."""

    def __init__(self, origin: str, line: int, reason: str) -> None:
        super().__init__(f"{origin}:line {line}: {reason}")


class _Refused(ValueError):
    """Raised inside the parser; `written` (and its `nth` occurrence) finds it in the text."""

    def __init__(self, reason: str, written: str, nth: int = 1) -> None:
        super().__init__(reason)
        self.reason, self.written, self.nth, self.at = reason, written, nth, -1

    def locate(self, text: str, start: int) -> None:
        """Where it is written in the object or list that begins at `start`."""
        if self.at >= 0:
            return
        found = start - 1
        for _ in range(self.nth):
            found = text.find(self.written, found + 1)
            if found < 0:
                break
        self.at = start if found < 0 else found


def _integer(text: str) -> int:
    value = int(text) if len(text) <= 17 else LARGEST_NUMBER + 1
    if abs(value) > LARGEST_NUMBER:
        shown = f"{text[:20]}{'...' if len(text) > 20 else ''}"
        raise _Refused(f"invalid JSON: {shown} is too large", text)
    return value


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value) or abs(value) > LARGEST_NUMBER:
        reason = f"invalid JSON: {text} is not a finite number within ±{LARGEST_NUMBER:.0e}"
        raise _Refused(reason, text)
    return value


def _constant(name: str) -> Any:
    raise _Refused(f"invalid JSON: {name} is not a number", name)


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            written = json.dumps(key, ensure_ascii=False)
            raise _Refused(f"invalid JSON: key {key!r} is written twice in one object", written, 2)
        result[key] = value
    return result


HOOKS: dict[str, Any] = {
    "parse_int": _integer,
    "parse_float": _float,
    "parse_constant": _constant,
    "object_pairs_hook": _object,
}


def parse_json(data: str | bytes, origin: str, first_line: int = 1) -> Any:
    """The value of one JSON text (a whole file, or one line of a file starting at first_line)."""
    text = data if isinstance(data, str) else _decoded(data, origin, first_line)
    try:
        value = json.loads(text, **HOOKS)
    except json.JSONDecodeError as error:
        line = first_line + error.lineno - 1
        raise JsonProblem(origin, line, f"invalid JSON: {error.msg}") from None
    except _Refused as refused:
        raise JsonProblem(origin, first_line + _line_of_refusal(text), refused.reason) from None
    except RecursionError:
        problem: str | None = TOO_DEEP
    else:
        problem = _walk_problem(value)
    if problem == TOO_DEEP:
        raise JsonProblem(origin, first_line + _line_too_deep(text), problem)
    if problem is not None:
        found = _SURROGATE_ESCAPE.search(text)
        line = first_line + (text.count("\n", 0, found.start()) if found else 0)
        raise JsonProblem(origin, line, problem)
    return value


def read_json(path: Path, limit: int = MAX_BYTES) -> Any:
    try:
        return parse_json(read_bytes(path, limit), str(path))
    except UnreadableText as error:
        raise JsonProblem(error.origin, error.line, error.reason) from None


def _decoded(data: bytes, origin: str, first_line: int) -> str:
    try:
        return decode_utf8(data, origin, first_line)
    except UnreadableText as error:
        raise JsonProblem(origin, error.line, error.reason) from None


TOO_DEEP = f"invalid JSON: nested deeper than {MAX_DEPTH} levels"
LONE_SURROGATE = "invalid JSON: a \\uD800-\\uDFFF escape without its pair is not text"
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _walk_problem(value: Any) -> str | None:
    """Without recursion: a value nesting more than MAX_DEPTH lists and objects, or a string
    (key or value) holding a lone surrogate, which no store or terminal can encode."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if any(unicodedata.category(c) == "Cs" for c in item):
                return LONE_SURROGATE
        elif isinstance(item, (dict, list)):
            if depth > MAX_DEPTH:
                return TOO_DEEP
            children = [*item, *item.values()] if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return None


def _line_too_deep(text: str) -> int:
    """Lines after the first (0-based) to where nesting passes MAX_DEPTH, skipping strings."""
    depth, in_string, escaped = 0, False, False
    for position, char in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return text.count("\n", 0, position)
        elif char in "]}":
            depth -= 1
    return 0


def _line_of_refusal(text: str) -> int:
    """Lines after the first (0-based) to the refused value, found in the object or list
    that holds it."""
    decoder = json.JSONDecoder(**HOOKS)

    def located(parse: Any) -> Any:
        def parse_at(s_and_end: tuple[str, int], *args: Any) -> Any:
            try:
                return parse(s_and_end, *args)
            except _Refused as refused:
                refused.locate(*s_and_end)
                raise

        return parse_at

    decoder.parse_object = located(json.decoder.JSONObject)  # type: ignore[attr-defined]
    decoder.parse_array = located(json.decoder.JSONArray)  # type: ignore[attr-defined]
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
    try:
        decoder.decode(text)
    except _Refused as refused:
        return text.count("\n", 0, max(refused.at, 0))
    except (RecursionError, ValueError):
        pass
    return 0
