"""RESULTS.md: the machine, the versions, the date, every figure and every ratio with its target."""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version

PENDING = "pending"
"""A figure whose feature has not landed yet (read model, audit chain)."""


@dataclass(frozen=True)
class Ratio:
    name: str
    ours: str
    limit: str
    values: dict[str, float | None]
    target: float | None = None

    def met(self, store: str) -> str:
        value = self.values.get(store)
        if value is None or self.target is None:
            return ""
        return "met" if value >= self.target else "MISSED"

    def line(self) -> str:
        parts = [
            f"{s}={_num(v)}" + (f" ({self.met(s)})" if self.met(s) else "")
            for s, v in self.values.items()
        ]
        target = f"  target >= {self.target:.2f}" if self.target is not None else ""
        return f"ratio {self.name}: {self.ours} / {self.limit}: " + ", ".join(parts) + target


@dataclass(frozen=True)
class Check:
    """A figure with a ceiling (peak memory, report time): met when at or below it."""

    name: str
    values: dict[str, float | None]
    limit: float

    def met(self, store: str) -> str:
        value = self.values.get(store)
        return "" if value is None else ("met" if value <= self.limit else "MISSED")

    def line(self) -> str:
        parts = [
            f"{s}={_num(v)}" + (f" ({self.met(s)})" if self.met(s) else "")
            for s, v in self.values.items()
        ]
        return f"target {self.name}: " + ", ".join(parts) + f"  limit <= {self.limit:g}"


@dataclass
class Results:
    n: int
    stores: list[str]
    figures: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    ratios: list[Ratio] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def figure(self, name: str, **values: str) -> None:
        self.figures.append((name, values))

    def ratio(self, ratio: Ratio) -> None:
        self.ratios.append(ratio)

    def check(self, name: str, values: dict[str, float | None], limit: float) -> None:
        self.checks.append(Check(name, values, limit))

    def lines(self) -> list[str]:
        return [r.line() for r in self.ratios] + [c.line() for c in self.checks]

    def markdown(self, command: str) -> str:
        head = "| figure | " + " | ".join(self.stores) + " |"
        rule = "|---|" + "---|" * len(self.stores)
        rows = [
            f"| {name} | " + " | ".join(v.get(s, "-") for s in self.stores) + " |"
            for name, v in self.figures
        ]
        ratio_rows = [
            f"| {r.name} ({r.ours} / {r.limit}) | "
            + " | ".join(
                _num(r.values.get(s)) + (f" {r.met(s)}" if r.met(s) else "") for s in self.stores
            )
            + f" | {'>= ' + format(r.target, '.2f') if r.target is not None else '-'} |"
            for r in self.ratios
        ]
        check_rows = [
            f"| {c.name} | "
            + " | ".join(
                _num(c.values.get(s)) + (f" {c.met(s)}" if c.met(s) else "") for s in self.stores
            )
            + f" | <= {c.limit:g} |"
            for c in self.checks
        ]
        return "\n".join(
            [
                "# Benchmark results",
                "",
                f"`{command}` on {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}.",
                "",
                machine(),
                "",
                f"## Figures at N = {self.n:,} candidates",
                "",
                head,
                rule,
                *rows,
                "",
                "## Ratios (ours / the limit; higher is better)",
                "",
                "| ratio | " + " | ".join(self.stores) + " | target |",
                "|---|" + "---|" * len(self.stores) + "---|",
                *ratio_rows,
                "",
                "## Ceilings (lower is better)",
                "",
                "| figure | " + " | ".join(self.stores) + " | limit |",
                "|---|" + "---|" * len(self.stores) + "---|",
                *check_rows,
                "",
                *(
                    ["## Missed in this run, and where each is broken down", ""]
                    if self.notes
                    else []
                ),
                *(f"- {note}" for note in self.notes),
                "",
            ]
        )


def machine() -> str:
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            mem = f"{int(f.readline().split()[1]) // 1024:,} MB RAM, "
    except OSError:
        pass
    cpu = platform.processor() or platform.machine()
    return (
        f"Machine: {os.cpu_count()} cores ({cpu}), {mem}{platform.platform()}; "
        f"Python {platform.python_version()}, eventsourcing {version('eventsourcing')}, "
        f"durable_rules {version('durable_rules')}, psycopg {version('psycopg')}, "
        f"SQLite {_sqlite_version()}."
    )


def _sqlite_version() -> str:
    import sqlite3

    return sqlite3.sqlite_version


def _num(value: float | None) -> str:
    return PENDING if value is None else f"{value:.2f}"
