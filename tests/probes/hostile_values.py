"""The hostile values, written once: every input of the probe matrix is tried with each.

A value says which kinds of field it is a valid value of (`fits`); in any other kind it is bad
input and must be refused. The kinds are the shapes the HR exports, the ids and the options
take (docs/operators.md, samples/hr/README.md), not the fields themselves, so a new column
needs one line in its input table and no new values.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import Enum
from typing import Any


class Kind(Enum):
    ID = "id"
    """An HR or position id: letters, digits, `-`, `_`, `.`, at most 64."""
    NAME = "name"
    """An actor or user name: any printable text, normalised (NFC, surrounding space off)."""
    TEXT = "text"
    """A name, title, department or reason: printable text, not empty."""
    LIST = "list"
    """A `;`-separated cell or a repeated option: printable items, may be empty."""
    DATE = "date"
    """`YYYY-MM-DD` within 1900..2199."""
    WHOLE = "whole"
    """A whole number in the column's range (all ranges hold 3 and 12; none holds 99999)."""
    NUMBER = "number"
    """A number in the column's range (all ranges hold 2.5 and 3; not all hold 12)."""
    CHOICE = "choice"
    """One of a fixed set of codes."""


TEXTS = frozenset({Kind.NAME, Kind.TEXT, Kind.LIST})


@dataclass(frozen=True)
class Hostile:
    name: str
    text: str
    fits: frozenset[Kind] = frozenset()
    stripped: frozenset[Kind] = frozenset()
    """Kinds it is valid in once its surrounding spaces are stripped, as every HR cell, text
    and number is (not the ids of the command line, which are taken as typed)."""

    def valid_as(self, kind: Kind, strips: bool = True) -> bool:
        return kind in self.fits or (strips and kind in self.stripped)


HOSTILE: tuple[Hostile, ...] = (
    Hostile("empty", "", frozenset({Kind.LIST})),
    Hostile("spaces", "   ", frozenset({Kind.LIST})),
    Hostile("NUL", "Ana\x00Lima"),
    Hostile("newline", "Ana\nLima"),
    Hostile("carriage return", "Ana\rLima"),
    Hostile("tab", "Ana\tLima"),
    Hostile("ANSI escape", "\x1b[31mAna\x1b[0m"),
    Hostile("clear-screen escape", "\x1b[2JAna"),
    Hostile("DEL", "Ana\x7f"),
    Hostile("C1 control NEL", "Ana\x85Lima"),
    Hostile("bidi override", "Ana\u202eLima"),
    Hostile("line separator", "Ana\u2028Lima"),
    Hostile("zero-width space", "Ana\u200bLima"),
    Hostile("BOM inside", "Ana\ufeffLima"),
    Hostile("lone surrogate", "Ana\udcffLima"),
    Hostile("another script", "محمد Zoë", TEXTS),
    Hostile("decomposed accent", "Zoe\u0301", TEXTS),
    Hostile("id too long", "E" * 65, TEXTS),
    Hostile("100 KB", "A" * 100_000, TEXTS),
    Hostile("SQL quote", "x'; DROP TABLE stored_events; --", TEXTS),
    Hostile("CSV formula", '=HYPERLINK("http://x")', TEXTS),
    Hostile("path traversal", "../../etc/passwd", TEXTS),
    Hostile("JSON text", '{"a": 1}', TEXTS),
    Hostile("leading space", " E1", TEXTS, frozenset({Kind.ID})),
    Hostile("minus one", "-1", TEXTS),
    Hostile("huge number", "99999", TEXTS | {Kind.ID}),
    Hostile("1e400", "1e400", TEXTS | {Kind.ID}),
    Hostile("NaN", "nan", TEXTS | {Kind.ID}),
    Hostile("infinity", "inf", TEXTS | {Kind.ID}),
    Hostile("a fraction", "2.5", TEXTS | {Kind.ID, Kind.NUMBER}),
    Hostile("a small whole", "3", TEXTS | {Kind.ID, Kind.WHOLE, Kind.NUMBER}),
    Hostile("underscored digits", "1_2", TEXTS | {Kind.ID}),
    Hostile("hex", "0x10", TEXTS | {Kind.ID}),
    Hostile("fullwidth digits", "\uff11\uff12", TEXTS),
    Hostile("Arabic-Indic digits", "\u0661\u0662", TEXTS),
    Hostile("padded number", " 12 ", TEXTS, frozenset({Kind.ID, Kind.WHOLE})),
    Hostile("a valid date", "2015-04-01", TEXTS | {Kind.ID, Kind.DATE}),
    Hostile("year 1", "0001-01-01", TEXTS | {Kind.ID}),
    Hostile("year 9999", "9999-12-31", TEXTS | {Kind.ID}),
    Hostile("basic-format date", "20150401", TEXTS | {Kind.ID}),
    Hostile("30 February", "2015-02-30", TEXTS | {Kind.ID}),
    Hostile("month 13", "2015-13-01", TEXTS | {Kind.ID}),
    Hostile("date and time", "2015-04-01T12:00", TEXTS),
    Hostile("Arabic-Indic date", "\u0662\u0660\u0661\u0665-\u0660\u0664-\u0660\u0661", TEXTS),
    Hostile("not a code", "good", TEXTS | {Kind.ID}),
)


JSON_VALUES: tuple[tuple[str, Any], ...] = (
    ("null", None),
    ("true", True),
    ("an object", {"a": 1}),
    ("a list", ["a"]),
    ("an empty list", []),
    ("a number", 12),
    ("a negative number", -1),
    ("a float", 2.5),
)
"""JSON's own types, tried in every field of a JSON record beside the strings above."""


def deep(depth: int, opener: str = "[", closer: str = "]") -> str:
    return opener * depth + closer * depth


HOSTILE_JSON: tuple[tuple[str, bytes], ...] = (
    ("empty file", b""),
    ("null", b"null"),
    ("a number", b"12"),
    ("a string", b'"x"'),
    ("a list", b"[1, 2]"),
    ("an empty object", b"{}"),
    ("1e400", b"1e400"),
    ("NaN", b"NaN"),
    ("truncated", b'{"a": '),
    ("trailing garbage", b"{} x"),
    ("duplicate keys", b'{"a": 1, "a": 2}'),
    ("100,000-deep lists", deep(100_000).encode()),
    ("100,000-deep objects", ('{"a":' * 100_000 + "1" + "}" * 100_000).encode()),
    ("Latin-1 bytes", b'{"a": "\xe9"}'),
    ("UTF-16", json.dumps({"a": "b"}).encode("utf-16")),
    ("a NUL byte", b'{"a": "\x00"}'),
    ("a lone surrogate escape", b'{"a": "\\udcff"}'),
    ("a huge integer", b'{"a": ' + b"9" * 5000 + b"}"),
)
"""Whole JSON documents, for every input that is one JSON value (or one per line)."""


def _bomb(levels: int = 9) -> bytes:
    lines = [b"a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for n in range(1, levels):
        refs = ", ".join([f"*a{n - 1}"] * 10)
        lines.append(f"a{n}: &a{n} [{refs}]".encode())
    return b"\n".join(lines) + b"\n"


HOSTILE_YAML: tuple[tuple[str, bytes], ...] = (
    ("a billion laughs", _bomb()),
    ("a recursive alias", b"a: &a [*a]\n"),
    ("5,000-deep flow nesting", b"a: " + deep(5000).encode() + b"\n"),
    ("5,000-deep block nesting", b"".join(b"  " * n + b"a:\n" for n in range(5000)) + b"\n"),
    ("a python tag", b"name: !!python/object/apply:os.system [echo]\n"),
    ("an unknown local tag", b"name: !mine x\n"),
    ("a list as a key", b"? [a, b]\n: c\n"),
    ("a mapping as a key", b"? {a: b}\n: c\n"),
    ("Latin-1 bytes", b"name: p\xe9ol\n"),
    ("UTF-16", "name: pool\n".encode("utf-16")),
    ("a NUL byte", b"name: po\x00ol\n"),
    ("an ANSI escape", b'name: "\\e[2Jpool"\n'),
    ("10^400", b"threshold: " + b"1" + b"0" * 400 + b"\n"),
    ("1e400", b"threshold: 1e400\n"),
    ("a tab for indent", b"a:\n\tb: c\n"),
    ("duplicate keys", b"name: a\nname: b\n"),
    ("a merge key", b"base: &b {x: 1}\nname:\n  <<: *b\n"),
    ("two documents", b"name: a\n---\nname: b\n"),
    ("an empty file", b""),
    ("a bare scalar", b"pool\n"),
    ("a top-level list", b"- a\n- b\n"),
    ("9 MB", b"name: " + b"a" * (9 * 1024 * 1024) + b"\n"),
    ("unterminated quote", b'name: "pool\n'),
    ("a binary tag", b"name: !!binary aGVsbG8=\n"),
    ("a timestamp", b"name: 2015-04-01T12:00:00Z\n"),
    ("a lone surrogate escape", b'name: "\\udcff"\n'),
)
"""Whole YAML documents, for every HR file kind (rules, workflows, plan)."""
