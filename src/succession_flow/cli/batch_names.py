"""Who a batch or a selection gave which outcome: lines for people, a CSV file for programs.

The JSON of `run` and `select` carries every name; the text names them too, up to
`NAMES_SHOWN` per outcome (a batch of a hundred thousand would otherwise print one line of a
hundred thousand names), and `--names-csv FILE` writes one row per candidate, skipped ones
with why, for a spreadsheet or a mail merge. A dry run names exactly whom the real run would.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import click

from succession_flow.domain.errors import InvalidInput
from succession_flow.reports.render import csv_text

NAMES_SHOWN = 50
"""Names printed per outcome in the text; the rest are counted (JSON and the CSV have all)."""

SKIPPED = "skipped"

names_csv_option = click.option(
    "--names-csv",
    "names_csv",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write who got which outcome to FILE (candidate,outcome,detail), dry run too.",
)


def named_line(label: str, names: Sequence[str]) -> str:
    """`label: A, B, C` (or `(none)`), the names after the first NAMES_SHOWN counted."""
    shown = ", ".join(names[:NAMES_SHOWN]) or "(none)"
    more = len(names) - NAMES_SHOWN
    return f"{label}: {shown}" + (
        f" and {more} more (--names-csv FILE lists all)" if more > 0 else ""
    )


def outcome_lines(names: Mapping[str, list[str]]) -> list[str]:
    """One line per outcome that somebody got, outcomes and names in sorted order."""
    return [named_line(outcome, sorted(who)) for outcome, who in sorted(names.items()) if who]


def outcome_rows(names: Mapping[str, list[str]], errors: Sequence[str]) -> list[dict[str, Any]]:
    """One row per candidate: the outcome, or `skipped` with the refusal (`E@P: why`)."""
    rows = [
        {"candidate": who, "outcome": outcome, "detail": ""}
        for outcome, listed in sorted(names.items())
        for who in sorted(listed)
    ]
    for error in errors:
        who, _, why = error.partition(": ")
        rows.append({"candidate": who, "outcome": SKIPPED, "detail": why})
    return rows


@contextmanager
def names_file(path: Path | None) -> Iterator[Callable[[list[dict[str, Any]]], None]]:
    """Opened before the batch runs, so an unwritable FILE is refused (exit 2) before anything
    is decided; written once the report is in, with a header even when nobody was named."""
    handle: IO[str] | None = None
    if path is not None:
        try:
            handle = path.open("w", encoding="utf-8", newline="")
        except OSError as error:
            raise InvalidInput(f"--names-csv {path}: cannot write: {error.strerror}") from None

    def write(rows: list[dict[str, Any]]) -> None:
        if handle is not None:
            header = "candidate,outcome,detail\n"
            handle.write(csv_text(rows) if rows else header)

    try:
        yield write
    finally:
        if handle is not None:
            handle.close()
