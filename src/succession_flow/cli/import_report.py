"""How an import's outcome is shown, the same for HR exports and positions: the rejected rows
written aside and named on stderr, then the counts."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from succession_flow.cli.context import CliContext
from succession_flow.cli.render import emit
from succession_flow.domain.values import escaped
from succession_flow.formats.hr_exports import write_rejects

if TYPE_CHECKING:  # a type only: the import use case loads the store's machinery
    from succession_flow.application.people.hr_import import ImportReport


def show_import(obj: CliContext, report: ImportReport, rejects: Path, noun: str) -> None:
    if report.rejected:
        write_rejects(rejects, report.rejected)
        for _, message in report.rejected:
            click.echo(f"rejected: {escaped(message)}", err=True)
    summary = {
        "rows": report.rows,
        "applied": report.applied,
        "rejected": len(report.rejected),
        "events": report.events,
        "rejects_file": str(rejects) if report.rejected else None,
    }
    text = f"imported {report.applied} of {report.rows} {noun} ({report.events} events)"
    if report.rejected:
        text += f"; {len(report.rejected)} rejected, written to {rejects}"
    emit(obj.fmt, summary, text)
