"""Batch steps for operators: `run STEP` over a position, an echelon or everyone; `select`."""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar

from succession_flow.application.batch.runner import (
    CHUNK,
    BatchReport,
    Partition,
    Scope,
    dry_running,
)
from succession_flow.application.batch.selecting import UNCHANGED, select
from succession_flow.application.batch.steps import run_step_batch
from succession_flow.application.batch.workers import run_workers
from succession_flow.application.pipeline.replenishing import Replenishment, replenish
from succession_flow.cli.batch_names import (
    SKIPPED,
    named_line,
    names_csv_option,
    names_file,
    outcome_lines,
    outcome_rows,
)
from succession_flow.cli.context import CliContext, pass_ctx, writes_store
from succession_flow.cli.errors import INTERRUPTED_CODE
from succession_flow.cli.options import WholeRange
from succession_flow.cli.render import emit, table
from succession_flow.domain.lifecycle import Echelon
from succession_flow.domain.pipeline_steps import BATCH_STEPS

INTERRUPTED = "interrupted: the chunks saved are kept; run the same command again to finish"


def report_value(report: BatchReport) -> dict[str, Any]:
    return {
        "step": report.step,
        "dry_run": report.dry_run,
        "considered": report.considered,
        "applied": report.applied,
        "outcomes": dict(sorted(report.outcomes.items())),
        "names": {outcome: sorted(names) for outcome, names in sorted(report.names.items())},
        "events": 0 if report.dry_run else report.events,
        "errors": report.errors,
        "interrupted": report.interrupted,
    }


def report_text(report: BatchReport, named: list[str] | None = None) -> str:
    """The counts, then who got each outcome (`named`: a selection's own lines), then who was
    skipped and why."""
    rows = [{"outcome": k, "candidates": v} for k, v in sorted(report.outcomes.items())]
    head = f"{report.step}: {report.applied} of {report.considered} candidates"
    head += " (dry run: nothing written)" if report.dry_run else f" ({report.events} events)"
    names = outcome_lines(report.names) if named is None else named
    lines = [head, table(rows), *names, *(f"{SKIPPED}: {e}" for e in report.errors)]
    if report.interrupted:
        lines.append(INTERRUPTED)
    return "\n".join(lines)


def show_report(obj: CliContext, report: BatchReport) -> None:
    emit(obj.fmt, report_value(report), report_text(report))
    if report.interrupted:
        raise click.exceptions.Exit(INTERRUPTED_CODE)


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
@click.option(
    "--chunk-size",
    type=WholeRange(1, 10_000),
    default=CHUNK,
    show_default=True,
    help="Candidates saved per transaction.",
)
@click.option(
    "--workers",
    type=WholeRange(),
    default=1,
    show_default=True,
    help="Worker processes sharing the work.",
)
@click.option("--partition", metavar="I/K", help="Only share I of K (one host of K), e.g. 0/2.")
@click.option("--reason", default="", help="Why the proposals are approved (run approve only).")
@names_csv_option
@pass_ctx
@writes_store
def run_cmd(
    obj: CliContext,
    step: str,
    position_id: str | None,
    echelon: str | None,
    dry_run: bool,
    chunk_size: int,
    workers: int,
    partition: str | None,
    reason: str,
    names_csv: Path | None,
) -> None:
    """Apply a step to every candidate waiting for it, in chunks of many per transaction.

    nominate puts forward who the workflow's nomination criteria name; approve approves every
    proposal in scope with one --reason (approver or hr-owner; a proposal the approver made, or
    one naming them, is skipped and named); train gives each pooled
    candidate the workflow's plan; select promotes by demand at every position in scope; exit
    asks the exit rules about every active candidate (reason `none`: e.g. a second failed
    evaluation exits) and records nothing for those who stay.
    Safe to re-run and to interrupt: each chunk is saved whole or not at all, and a re-run only
    takes candidates still waiting for the step. --workers K splits the candidates (by position)
    among K processes; --partition I/K runs one share, so K hosts can share one PostgreSQL.

    \b
    Example:
      succession-flow run nominate --echelon management
      succession-flow --actor dana run approve --echelon key-position --reason "board 2026-11"
      succession-flow run evaluate --echelon key-position --dry-run
      succession-flow run pool --position VP-SALES
      succession-flow run evaluate --workers 2
      succession-flow run exit --dry-run
    """
    obj.reads_only = dry_run  # a dry run only reads: it refuses a missing store
    scope = Scope(position_id, echelon, Partition.parse(partition) if partition else Partition())
    progress = Progress(sys.stderr.isatty() and obj.fmt == "table", f"{step}")
    with names_file(names_csv) as write_names:
        try:
            report = run_batch_cmd(obj, step, scope, dry_run, chunk_size, workers, reason, progress)
        finally:
            progress.close()
        write_names(outcome_rows(report.names, report.errors))
    show_report(obj, report)


def run_batch_cmd(
    obj: CliContext,
    step: str,
    scope: Scope,
    dry_run: bool,
    chunk_size: int,
    workers: int,
    reason: str,
    progress: Progress,
) -> BatchReport:
    """In this process, or in K workers each opening the store from the same configuration."""
    if workers == 1:
        return run_step_batch(
            obj.services,
            step,
            scope,
            obj.actor,
            dry_run,
            progress.step,
            progress.total,
            chunk_size,
            reason,
        )
    from succession_flow.bootstrap import compose  # the store, only once a command runs

    opener = partial(compose, obj.store_config())
    return run_workers(
        opener,
        step,
        scope,
        obj.actor,
        workers,
        dry_run,
        chunk_size,
        progress.step,
        progress.total,
        reason,
    )


def replenishment_value(need: Replenishment) -> dict[str, Any]:
    return dict(need.__dict__)


def replenishment_text(need: Replenishment) -> str:
    text = (
        f"{need.position_id} pool: {need.remaining} remaining of a target bench of "
        f"{need.target}; needs {need.need}"
    )
    if need.need:
        text += f"\nproposed from {need.source}: {', '.join(need.proposals) or '(nobody fits)'}"
    if need.nominated:
        text += f"\nnominated: {', '.join(need.nominated)}"
    elif need.proposals:
        text += "\n(run again with --nominate to nominate them)"
    return text


@click.command("select")
@click.argument("position_id")
@click.option("--dry-run", is_flag=True, help="Decide and report, write nothing.")
@click.option("--nominate", "nominate_them", is_flag=True, help="Nominate the proposed reserve.")
@names_csv_option
@pass_ctx
@writes_store
def select_cmd(
    obj: CliContext, position_id: str, dry_run: bool, nominate_them: bool, names_csv: Path | None
) -> None:
    """Promote the best trained candidates into the post's vacancies; the rules decide each.

    Trained candidates are ranked by final assessment among those eligible for the post; the
    promotion rules promote, retain or eliminate each, and the report names who. A candidate
    retained before is decided again only if a fact they were retained on has changed (the
    demand, the candidates still eligible, their own record). Then the pool's replenishment
    need is reported (target bench minus those remaining) with nominees proposed from the
    talent reserve; --nominate nominates them. --dry-run reports the same, writing nothing.

    \b
    Example:
      succession-flow select VP-SALES
      succession-flow select HEAD-FINANCE --nominate
      succession-flow select VP-SALES --dry-run --names-csv selection.csv
    """
    if dry_run and nominate_them:
        raise click.UsageError("--nominate cannot go with --dry-run")
    obj.reads_only = dry_run
    with names_file(names_csv) as write_names:
        with dry_running(obj.services, dry_run):  # the need as the selection would leave it
            selection = select(obj.services, position_id, obj.actor, dry_run)
            if selection.report.interrupted:
                show_report(obj, selection.report)
            need = replenish(obj.services, position_id, obj.actor, nominate_them)
        keys = {o: [f"{e}@{position_id}" for e in who] for o, who in selection.names.items()}
        write_names(outcome_rows(keys, selection.report.errors))
    value = {
        **report_value(selection.report),
        "names": selection.names,
        "replenishment": replenishment_value(need),
    }
    named = selection_lines(selection.names)
    emit(
        obj.fmt, value, "\n".join([report_text(selection.report, named), replenishment_text(need)])
    )


NAMED = {
    "promote": "promoted",
    "retain": "retained",
    "eliminate": "eliminated",
    UNCHANGED: "still retained, nothing changed",
}


def selection_lines(names: dict[str, list[str]]) -> list[str]:
    """Who got which outcome; the not-decided-again line only when there is someone in it."""
    return [
        named_line(label, names[outcome])
        for outcome, label in NAMED.items()
        if names[outcome] or outcome != UNCHANGED
    ]


def register(group: click.Group) -> None:
    group.add_command(run_cmd)
    group.add_command(select_cmd)
