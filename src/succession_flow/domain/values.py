"""Checks of plain values shared by aggregates; each raises InvalidInput naming the field.

The one validation of HR values: the import (CSV and JSON), the position and employee commands
and the aggregates themselves call these, so a name, a date or a number is refused the same way
whichever door it came in by.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from succession_flow.domain.errors import InvalidInput

COMPETENCIES = (
    "professional_quality",
    "core_competence",
    "psychological_quality",
    "knowledge_quality",
)
JOB_MATCH_PARTS = (
    "ability_type",
    "personality",
    "temperament",
    "career_motivation",
    "career_interest",
)


def check_choice(field: str, value: str, allowed: Iterable[str]) -> str:
    allowed = tuple(allowed)
    if value not in allowed:
        raise InvalidInput(f"{field}: {value!r} is not one of {', '.join(allowed)}")
    return value


def check_number(field: str, value: float, low: float, high: float) -> float:
    if not low <= value <= high:
        raise InvalidInput(f"{field}: {value} is outside {low}..{high}")
    return value


def check_scores(
    field: str, scores: Mapping[str, float], keys: tuple[str, ...], low: float, high: float
) -> dict[str, float]:
    """A complete set of named scores, each within range; unknown or missing keys are refused."""
    unknown = sorted(set(scores) - set(keys))
    if unknown:
        raise InvalidInput(f"{field}: unknown part {unknown[0]!r} (expected {', '.join(keys)})")
    missing = [key for key in keys if key not in scores]
    if missing:
        raise InvalidInput(f"{field}: missing {missing[0]!r}")
    return {key: check_number(f"{field}.{key}", float(scores[key]), low, high) for key in keys}


EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)
"""No hire date, departure or promotion of ours lies outside these; 0001-01-01 or 9999-12-31 is
a placeholder or a typo that would sort, age and report nonsense."""

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
"""The extended form only, ASCII digits only: the basic form `20150401` is refused (Python would
read it, but a spreadsheet that wrote it may as well mean something else)."""
_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")
_WHOLE = re.compile(r"[+-]?[0-9]+")
"""ASCII digits only: `int()` also reads Arabic-Indic digits, `nan`, `1e5` and `1_000`."""

_HIDDEN = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200B, 0x2060, 0xFEFF)}
"""Bidirectional overrides reorder what a terminal or a report shows; a zero-width space, word
joiner or byte-order mark inside a name makes two names look alike. (The zero-width joiner and
non-joiner stay: Persian, Indic scripts and emoji need them.)"""


def _unsafe(character: str) -> bool:
    """Must not reach a terminal table or a report: control characters (NUL, newline, tab, ESC
    of an ANSI sequence), line separators, bidi overrides, invisible characters, and lone
    surrogates (undecodable bytes of a command line or a JSON escape: no store can encode
    them)."""
    return unicodedata.category(character) in ("Cc", "Cs", "Zl", "Zp") or character in _HIDDEN


def unsafe_character(text: str) -> str | None:
    """The first character of `text` that must not reach a terminal table or a report.

    Every unsafe character is one `str.isprintable` refuses (categories C* and Z* but the
    space), so printable text, nearly every cell of an export, is passed in one C call."""
    if text.isprintable():
        return None
    return next((character for character in text if _unsafe(character)), None)


def escaped(text: str) -> str:
    """`text` with every unsafe character written as Python writes it in a repr (`\\n`,
    `\\x1b`, `\\u202e`): a refused value is echoed on one line, and shows what was typed."""
    if unsafe_character(text) is None:
        return text
    return "".join(
        character.encode("unicode_escape").decode("ascii") if _unsafe(character) else character
        for character in text
    )


def check_text(field: str, value: Any) -> str:
    """A name, title, id or reason: text (not an object, list or number), not empty once
    stripped, and printable."""
    if not isinstance(value, str):
        raise InvalidInput(f"{field}: expected text, not {describe(value)}")
    text = value.strip()
    if not text:
        raise InvalidInput(f"{field}: must not be empty")
    bad = unsafe_character(text)
    if bad is not None:
        raise InvalidInput(f"{field}: control character U+{ord(bad):04X} is not allowed")
    return text


def check_reason(field: str, reason: str, missing: str) -> str:
    """A reason or justification is kept in the record and shown in every history: it must be
    said (else `missing`, the line naming what needs it) and printable, like any name."""
    if not reason.strip():
        raise InvalidInput(missing)
    return check_text(field, reason)


def check_note(field: str, note: str) -> str:
    """An optional note (why rules changed, what a task delivered): may be left out, but what
    is written is kept in the record and shown like a reason, so it must be printable."""
    return check_text(field, note) if note.strip() else ""


def check_texts(field: str, values: Iterable[Any]) -> list[str]:
    return [check_text(field, value) for value in values]


def describe(value: Any) -> str:
    kinds = {dict: "an object", list: "a list", bool: "true/false", type(None): "null"}
    return kinds.get(type(value), f"a {type(value).__name__}")


def check_date(field: str, value: Any) -> date:
    """A calendar date written YYYY-MM-DD, between EARLIEST_DATE and LATEST_DATE."""
    raw = value.isoformat() if isinstance(value, date) else value
    if not isinstance(raw, str) or not _ISO_DATE.fullmatch(raw):
        raise InvalidInput(f"{field}: {raw!r} is not a date like 2015-04-01")
    try:
        parsed = date.fromisoformat(raw)
    except ValueError:
        raise InvalidInput(f"{field}: {raw!r} is not a date like 2015-04-01") from None
    if not EARLIEST_DATE <= parsed <= LATEST_DATE:
        raise InvalidInput(f"{field}: {raw} is outside {EARLIEST_DATE}..{LATEST_DATE}")
    return parsed


def parse_number(field: str, raw: str, whole: bool = False) -> float:
    """A number written in ASCII digits (a decimal point allowed unless `whole`)."""
    pattern = _WHOLE if whole else _NUMBER
    if not pattern.fullmatch(raw):
        raise InvalidInput(f"{field}: {raw!r} is not a {'whole ' if whole else ''}number")
    return int(raw) if whole else float(raw)
