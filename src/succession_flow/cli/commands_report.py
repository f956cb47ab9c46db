"""Reports from the read model: bench, pipeline, nine-box, one position, the plan, one HTML page.

Every report takes the same options: `--as-of` (the state then, folded from the events),
`--redact` (no names) and `--output FILE` (.csv, .html or .json, by suffix).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from succession_flow.application.hr_files.workflows import reserve_needs
from succession_flow.application.queries.read_model import source
from succession_flow.cli.context import CliContext, pass_ctx
from succession_flow.cli.options import as_of_option
from succession_flow.cli.render import emit
from succession_flow.domain.lifecycle import Echelon
from succession_flow.readmodel.schema import Database
from succession_flow.reports.bench import bench as bench_report
from succession_flow.reports.export import subtitle, text_of, write_output
from succession_flow.reports.ninebox import ninebox as ninebox_report
from succession_flow.reports.orgchart import orgchart as orgchart_report
from succession_flow.reports.pipeline import pipeline as pipeline_report
from succession_flow.reports.position import position_report
from succession_flow.reports.report import Report

F = TypeVar("F", bound=Callable[..., Any])


def report_options(func: F) -> F:
    func = click.option(
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        metavar="FILE",
        help="Also write the report to FILE: .csv (its main table), .html or .json.",
    )(func)
    func = click.option("--redact", is_flag=True, help="Leave people's names out (ids stay).")(func)
    return as_of_option(func)


def show(
    obj: CliContext, report: Report, output: Path | None, as_of: datetime | None, redact: bool
) -> None:
    if output is not None:
        write_output(report, output, subtitle(obj.services, as_of, redact))
        emit(obj.fmt, {"report": report.kind, "written": str(output)}, f"wrote {output}")
        return
    emit(obj.fmt, report.value, text_of(report, as_of))


def run_report(
    obj: CliContext,
    make: Callable[[Database], Report],
    as_of: datetime | None,
    output: Path | None,
    redact: bool,
) -> None:
    with source(obj.services, as_of) as db:
        report = make(db)
    show(obj, report, output, as_of, redact)


@click.group()
def report() -> None:
    """Reports HR reads: bench strength, pipeline, nine-box, a position, the plan, one HTML page."""


@report.command("bench")
@click.option("--echelon", type=click.Choice([e.value for e in Echelon]), default="key-position")
@click.option("--unit", help="Only the positions of this org unit (coverage too).")
@report_options
@pass_ctx
def bench(
    obj: CliContext,
    echelon: str,
    unit: str | None,
    as_of: datetime | None,
    redact: bool,
    output: Path | None,
) -> None:
    """Successors per position by readiness, the emergency successor, coverage, bench vs target.

    \b
    Example:
      succession-flow report bench
      succession-flow report bench --unit Sales --as-of 2026-06-30 --output bench.csv
    """
    needs = reserve_needs(obj.services, as_of)
    run_report(
        obj, lambda db: bench_report(db, echelon, redact, needs, unit), as_of, output, redact
    )


@report.command("pipeline")
@report_options
@pass_ctx
def pipeline(obj: CliContext, as_of: datetime | None, redact: bool, output: Path | None) -> None:
    """Candidates per stage and echelon, and the conversion from each stage to the next.

    \b
    Example:
      succession-flow report pipeline --format json
    """
    run_report(obj, pipeline_report, as_of, output, redact)


@report.command("ninebox")
@click.option("--unit", help="Only the employees of this org unit (their department).")
@click.option("--position", "position_id", help="Only those ever nominated for this position.")
@report_options
@pass_ctx
def ninebox(
    obj: CliContext,
    unit: str | None,
    position_id: str | None,
    as_of: datetime | None,
    redact: bool,
    output: Path | None,
) -> None:
    """The nine-box grid: latest performance rating against potential, with names.

    \b
    Example:
      succession-flow report ninebox --redact --output ninebox.html
      succession-flow report ninebox --position VP-SALES
    """
    run_report(obj, lambda db: ninebox_report(db, redact, unit, position_id), as_of, output, redact)


@report.command("position")
@click.argument("position_id")
@report_options
@pass_ctx
def position(
    obj: CliContext, position_id: str, as_of: datetime | None, redact: bool, output: Path | None
) -> None:
    """One position: its requirements, its pool by readiness, its candidates by state.

    \b
    Example:
      succession-flow report position VP-SALES
    """
    needs = reserve_needs(obj.services, as_of)
    run_report(
        obj, lambda db: position_report(db, position_id, redact, needs), as_of, output, redact
    )


@report.command("orgchart")
@click.option("--unit", help="Only the posts of this org unit.")
@report_options
@pass_ctx
def orgchart(
    obj: CliContext, unit: str | None, as_of: datetime | None, redact: bool, output: Path | None
) -> None:
    """Each post under the one it reports to: incumbent, risk of loss, successors, vacancy risk.

    \b
    Example:
      succession-flow report orgchart
      succession-flow report orgchart --unit Sales --as-of 2026-12-31
    """
    today = as_of.date() if as_of else obj.services.today()
    run_report(obj, lambda db: orgchart_report(db, today, unit, redact), as_of, output, redact)


@report.command("plan")
@click.argument("plan_id", required=False)
@report_options
@pass_ctx
def plan(
    obj: CliContext, plan_id: str | None, as_of: datetime | None, redact: bool, output: Path | None
) -> None:
    """Progress of a talent plan (default: the one in force): goals, stages, overdue tasks, budget.

    \b
    Example:
      succession-flow report plan talent-plan --output plan.html
    """
    from succession_flow.application.hr_files.plans import plan_as_of, require_plan  # plan models
    from succession_flow.reports.plan_status import plan_status  # the plan aggregate

    found = plan_as_of(obj.services, require_plan(obj.services, plan_id), as_of)
    day = as_of.date() if as_of else obj.services.today()
    run_report(obj, lambda db: plan_status(db, found, day), as_of, output, redact)


@report.command("html")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@as_of_option
@click.option("--redact", is_flag=True, help="Leave people's names out (ids stay).")
@pass_ctx
def html(obj: CliContext, path: Path, as_of: datetime | None, redact: bool) -> None:
    """Every report on one self-contained HTML page, with charts; opens offline.

    \b
    Example:
      succession-flow report html succession-report.html
    """
    from succession_flow.reports.overview import write_html_report  # with the plan models

    written = write_html_report(obj.services, path, as_of, redact)
    emit(obj.fmt, {"written": str(written)}, f"wrote {written}")


def register(group: click.Group) -> None:
    from succession_flow.cli.commands_fairness import join_report  # it imports this module

    join_report(report)
    group.add_command(report)
