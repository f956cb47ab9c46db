"""Turn plain values into text for people (aligned tables) or programs (JSON)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import click

from succession_flow.reports.render import cell, table

__all__ = ["cell", "emit", "record", "table", "to_json"]


def to_json(value: Any) -> str:
    return json.dumps(value, indent=2, sort_keys=False, default=str, ensure_ascii=False)


def record(values: Mapping[str, Any]) -> str:
    width = max(len(k) for k in values) if values else 0
    return "\n".join(f"{k.ljust(width)}  {cell(v)}" for k, v in values.items())


def emit(fmt: str, value: Any, text: str) -> None:
    """Print JSON for --format json, else the human text already rendered."""
    click.echo(to_json(value) if fmt == "json" else text)
