"""Turn plain values into text for people (aligned tables) or programs (JSON)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import click


def to_json(value: Any) -> str:
    return json.dumps(value, indent=2, sort_keys=False, default=str, ensure_ascii=False)


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, tuple)):
        return ", ".join(cell(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}={cell(v)}" for k, v in value.items())
    return str(value)


def table(rows: Sequence[Mapping[str, Any]], columns: Sequence[str] | None = None) -> str:
    if not rows:
        return "(none)"
    columns = list(columns or rows[0].keys())
    cells = [[cell(row.get(c)) for c in columns] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    lines = ["  ".join(c.upper().ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return "\n".join(lines)


def record(values: Mapping[str, Any]) -> str:
    width = max(len(k) for k in values) if values else 0
    return "\n".join(f"{k.ljust(width)}  {cell(v)}" for k, v in values.items())


def emit(fmt: str, value: Any, text: str) -> None:
    """Print JSON for --format json, else the human text already rendered."""
    click.echo(to_json(value) if fmt == "json" else text)
