"""Filtered lists of candidates, from the read model: no aggregate is loaded to list them."""

from __future__ import annotations

from datetime import datetime

import click

from succession_flow.application.queries.read_model import source
from succession_flow.cli.context import CliContext, pass_ctx
from succession_flow.cli.options import as_of_option
from succession_flow.cli.render import emit, table
from succession_flow.domain.lifecycle import Echelon, State
from succession_flow.reports.listing import candidate_rows


@click.command("list")
@click.option("--position", "position_id", help="Only this position.")
@click.option("--state", type=click.Choice([s.value for s in State]))
@click.option("--echelon", type=click.Choice([e.value for e in Echelon]))
@as_of_option
@pass_ctx
def list_cmd(
    obj: CliContext,
    position_id: str | None,
    state: str | None,
    echelon: str | None,
    as_of: datetime | None,
) -> None:
    """List candidates, optionally by position, state and echelon, now or as of a past moment.

    \b
    Example:
      succession-flow list --echelon key-position --state pooled
      succession-flow list --position VP-SALES --as-of 2026-06-30
    """
    if position_id:
        from succession_flow.application.people import staffing  # the position aggregate

        staffing.get_position(obj.services, position_id)
    with source(obj.services, as_of) as db:
        rows = candidate_rows(db, position_id, state, echelon)
    emit(obj.fmt, rows, table(rows))


def register(group: click.Group) -> None:
    group.add_command(list_cmd)
