"""A report to the terminal or to a file: text, CSV (its main table), HTML or JSON by suffix."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from succession_flow.domain.errors import InvalidInput
from succession_flow.reports.html import page
from succession_flow.reports.render import csv_text, table
from succession_flow.reports.report import Report

if TYPE_CHECKING:  # types only
    from succession_flow.application.services import Services

SUFFIXES = (".csv", ".html", ".json")


def moment_named(moment: datetime) -> str:
    """A report's moment as every report names it: to the minute, with its UTC offset."""
    return moment.isoformat(timespec="minutes")


def subtitle(services: Services, as_of: datetime | None, redacted: bool) -> str:
    """The line under a written report's title: the store, the moment it shows and whether
    names were left out. A report of the present names the clock's time, not "now": the file
    is read long after it was written."""
    moment = moment_named(as_of or services.clock())
    return f"{services.store.where} - as of {moment}" + (" - names redacted" if redacted else "")


def text_of(report: Report, as_of: datetime | None = None) -> str:
    """The report as terminal text; a past moment (`as_of`) is named on the title line, since
    every count below is as of then, not now."""
    title = f"{report.title} - as of {moment_named(as_of)}" if as_of else report.title
    parts = [title, *report.notes]
    for caption, rows in report.tables:
        parts += ["", f"{caption}:", table(rows)]
    return "\n".join(parts)


def rendered(report: Report, suffix: str, subtitle: str) -> str:
    if suffix == ".csv":
        return csv_text(report.tables[0][1] if report.tables else [])
    if suffix == ".html":
        return page(report.title, subtitle, [report], [])
    return json.dumps(report.value, indent=2, default=str, ensure_ascii=False) + "\n"


def write_output(report: Report, path: Path, subtitle: str) -> Path:
    """Write the report where `--output` says; the suffix chooses the format."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InvalidInput(f"--output {path}: use a file ending in {', '.join(SUFFIXES)}")
    try:
        path.write_text(rendered(report, suffix, subtitle), encoding="utf-8")
    except OSError as error:
        raise InvalidInput(f"--output {path}: cannot write: {error.strerror}") from error
    return path
