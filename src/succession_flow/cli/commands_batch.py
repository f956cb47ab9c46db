"""Batch steps for operators: `run STEP` over a position, an echelon or everyone; `select`."""

from __future__ import annotations

import sys
from functools import partial
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar

from succession_flow.application.batch import BatchReport, Partition, Scope
from succession_flow.application.batch_steps import run_step_batch, select
from succession_flow.application.batch_workers import run_workers
from succession_flow.bootstrap import bootstrap
from succession_flow.cli.context import CliContext, pass_ctx
from succession_flow.cli.render import emit, table
from succession_flow.domain.lifecycle import Echelon

BATCH_STEPS = ("evaluate", "pool", "complete-training")


def report_value(report: BatchReport) -> dict[str, Any]:
    return {
        "step": report.step,
        "dry_run": report.dry_run,
        "considered": report.considered,
        "applied": report.applied,
        "outcomes": dict(sorted(report.outcomes.items())),
        "events": 0 if report.dry_run else report.events,
        "errors": report.errors,
    }


def show_report(obj: CliContext, report: BatchReport) -> None:
    rows = [{"outcome": k, "candidates": v} for k, v in sorted(report.outcomes.items())]
    head = f"{report.step}: {report.applied} of {report.considered} candidates"
    head += " (dry run: nothing written)" if report.dry_run else f" ({report.events} events)"
    text = "\n".join([head, table(rows), *(f"skipped: {e}" for e in report.errors)])
    emit(obj.fmt, report_value(report), text)


class Progress:
    """A progress bar on a terminal, silence elsewhere (pipes, CI logs, --format json)."""

    def __init__(self, enabled: bool, label: str) -> None:
        self.enabled, self.label = enabled, label
        self.bar: ProgressBar[int] | None = None

    def total(self, length: int) -> None:
        if self.enabled and length:
            self.bar = click.progressbar(length=length, label=self.label, file=sys.stderr)
            self.bar.__enter__()

    def step(self, n: int) -> None:
        if self.bar is not None:
            self.bar.update(n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@click.command("run")
@click.argument("step", type=click.Choice(BATCH_STEPS))
@click.option("--position", "position_id", help="Only this position.")
@click.option("--echelon", type=click.Choice([e.value for e in Echelon]), help="Only this echelon.")
@click.option("--dry-run", is_flag=True, help="Decide and report, write nothing.")
@click.option("--workers", default=1, show_default=True, help="Worker processes sharing the work.")
@click.option("--partition", metavar="I/K", help="Only share I of K (one host of K), e.g. 0/2.")
@pass_ctx
def run_cmd(
    obj: CliContext,
    step: str,
    position_id: str | None,
    echelon: str | None,
    dry_run: bool,
    workers: int,
    partition: str | None,
) -> None:
    """Apply a step to every candidate waiting for it, in chunks of many per transaction.

    Safe to re-run and to interrupt: each chunk is saved whole or not at all, and a re-run only
    takes candidates still waiting for the step. --workers K splits the candidates (by position)
    among K processes; --partition I/K runs one share, so K hosts can share one PostgreSQL.

    \b
    Example:
      succession-flow run evaluate --echelon key-position --dry-run
      succession-flow run pool --position VP-SALES
      succession-flow run evaluate --workers 2
    """
    scope = Scope(position_id, echelon, Partition.parse(partition) if partition else Partition())
    if workers != 1:
        opener = partial(bootstrap, obj.resolved_url)
        report = run_workers(opener, step, scope, obj.actor, workers, dry_run)
        return show_report(obj, report)
    progress = Progress(sys.stderr.isatty() and obj.fmt == "table", f"{step}")
    try:
        report = run_step_batch(
            obj.services, step, scope, obj.actor, dry_run, progress.step, progress.total
        )
    finally:
        progress.close()
    show_report(obj, report)


@click.command("select")
@click.argument("position_id")
@click.option("--dry-run", is_flag=True, help="Decide and report, write nothing.")
@pass_ctx
def select_cmd(obj: CliContext, position_id: str, dry_run: bool) -> None:
    """Promote the best trained candidates into the post's vacancies; the rules decide each.

    \b
    Example:
      succession-flow select VP-SALES
    """
    show_report(obj, select(obj.services, position_id, obj.actor, dry_run))


def register(group: click.Group) -> None:
    group.add_command(run_cmd)
    group.add_command(select_cmd)
