"""The fairness audit's commands: `report adverse-impact` (counts, for any reviewer) and
`employee demographics` (one person's categories, for the auditor capability only).

They join groups other modules own; `join_report` and `join_employee` are called when those
groups register, so the lazy command loading of `cli.main` finds them with their group."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from succession_flow.cli.commands_report import report_options, show
from succession_flow.cli.context import CliContext, pass_ctx
from succession_flow.cli.options import MOMENT, UNTIL
from succession_flow.cli.render import emit, record
from succession_flow.domain.lifecycle import Echelon
from succession_flow.domain.pipeline_steps import FAVOURABLE

STEP_NAMES = {**{s: s for s in FAVOURABLE}, "select": "promote"}
"""The audited steps (`adverse_impact.STEPS`); `select` is the batch that runs the promotion
decision."""


@click.command("adverse-impact")
@click.option("--step", type=click.Choice(sorted(STEP_NAMES)), help="One step (default: all).")
@click.option("--since", type=MOMENT, help="Only decisions at or after this moment.")
@click.option("--until", type=UNTIL, help="Only decisions at or before this moment.")
@click.option("--position", "position_id", help="Only candidacies for this position.")
@click.option("--echelon", type=click.Choice([e.value for e in Echelon]), help="Only one bench.")
@click.option("--version", help="Only decisions by this rule version (a prefix is enough).")
@report_options
@pass_ctx
def adverse_impact_cmd(
    obj: CliContext,
    step: str | None,
    since: datetime | None,
    until: datetime | None,
    position_id: str | None,
    echelon: str | None,
    version: str | None,
    as_of: datetime | None,
    redact: bool,
    output: Path | None,
) -> None:
    """Selection rate and impact ratio per self-identified category, for each rule decision.

    Per sex, race/ethnicity and their intersection: assessed, selected (the step's favourable
    outcome), the selection rate, the ratio to the highest rate (flagged below 0.8) and
    Fisher's exact p-value. Counts only: no individual's category is shown.

    \b
    Example:
      succession-flow report adverse-impact --step evaluate --since 2026-01-01
      succession-flow report adverse-impact --output adverse-impact.csv
    """
    from succession_flow.application.audit.decisions import Period, decision_record
    from succession_flow.reports.adverse_impact import Scope, adverse_impact  # this report only

    period = Period(since, as_of or until)
    scope = Scope(STEP_NAMES[step] if step else None, position_id, echelon, version)
    found = adverse_impact(decision_record(obj.services, period), scope)
    show(obj, found, output, as_of, redact)


@click.command("demographics")
@click.argument("employee_id")
@pass_ctx
def employee_demographics(obj: CliContext, employee_id: str) -> None:
    """One employee's self-identified categories: needs the auditor role (or hr-owner).

    \b
    Example:
      succession-flow --actor ada employee demographics E1001
    """
    from succession_flow.application.audit.demographics import declared_demographics

    found = declared_demographics(obj.services, obj.actor, employee_id)
    emit(obj.fmt, found, record(found))


def join_report(report: click.Group) -> None:
    report.add_command(adverse_impact_cmd)


def join_employee(employee: click.Group) -> None:
    employee.add_command(employee_demographics)
