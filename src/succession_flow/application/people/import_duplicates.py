"""Rows of one import that are about the same thing: reported by row, before any is applied."""

from __future__ import annotations

from typing import Any

from succession_flow.formats.hr_exports import Row

IDENTITY: dict[str, tuple[str, ...]] = {
    "ratings": ("employee_id", "year"),
    "courses": ("employee_id", "position_id", "course"),
    "positions": ("position_id",),
}
"""What a row is about; two rows about the same thing in one import contradict or repeat each
other, and which one wins would depend on the order of the files. Other kinds: the employee."""


def duplicates(rows: list[Row]) -> list[tuple[Row, str]]:
    """Each row that repeats an earlier one's subject, named with the row it repeats."""
    first: dict[tuple[Any, ...], Row] = {}
    found = []
    for row in rows:
        kind = "employees" if row.kind == "record" else row.kind
        columns = IDENTITY.get(kind, ("employee_id",))
        key = (kind, *(str(row.values.get(c, "")).strip() for c in columns))
        if key in first:
            what = " ".join(f"{c} {v}" for c, v in zip(columns, key[1:], strict=True))
            found.append((row, f"{row.where()}: duplicate of {first[key].where()} ({what})"))
        else:
            first[key] = row
    return found
