"""The bytes of a file someone hands us, bounded in size and decoded as UTF-8, or one line why not.

Every HR file (rules, workflows, plans, facts, exports) and every audit input (digests, exports)
is read through here, so a Latin-1 file, a huge file or a missing one is refused the same way
everywhere: with the file, the line and what to do, never with a decoder's traceback.
"""

from __future__ import annotations

from pathlib import Path

from succession_flow.domain.errors import InvalidInput

MAX_BYTES = 64 * 1024 * 1024
"""Larger than any HR file or audit input we expect; a guard against filling memory."""

LARGEST_NUMBER = 10**15
"""No count, score, year or threshold of ours comes near this; beyond it a number is a mistake."""


class UnreadableText(InvalidInput):
    """The file cannot be read as text; `line` is where (1 when the whole file is at fault)."""

    def __init__(self, origin: str, line: int, reason: str) -> None:
        super().__init__(f"{origin}:{line}: {reason}")
        self.origin, self.line, self.reason = origin, line, reason


def read_bytes(path: Path, limit: int = MAX_BYTES) -> bytes:
    """The whole file, refused before reading when it is larger than `limit`."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise UnreadableText(str(path), 1, f"{size:,} bytes; the limit is {limit:,}")
        return path.read_bytes()
    except OSError as error:
        raise UnreadableText(str(path), 1, f"cannot read: {error.strerror}") from None


def decode_utf8(data: bytes, origin: str, first_line: int = 1) -> str:
    """The text, or the line of the first byte that is not UTF-8 (a BOM is allowed)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = first_line + data.count(b"\n", 0, error.start)
        byte = data[error.start]
        raise UnreadableText(
            origin, line, f"not UTF-8 text (byte 0x{byte:02x}): save the file as UTF-8"
        ) from None


def read_text(path: Path, limit: int = MAX_BYTES) -> str:
    return decode_utf8(read_bytes(path, limit), str(path))
