"""`overdue`: candidates past their stage's due date under their echelon's workflow."""

from __future__ import annotations

import click

from succession_flow.application.batch.runner import Scope
from succession_flow.application.queries.overdue import overdue
from succession_flow.cli.context import CliContext, pass_ctx
from succession_flow.cli.render import emit, table
from succession_flow.domain.lifecycle import ACTIVE_STATES, Echelon

STAGES = sorted(s.value for s in ACTIVE_STATES)


@click.command("overdue")
@click.option("--position", "position_id", help="Only this position.")
@click.option("--echelon", type=click.Choice([e.value for e in Echelon]), help="Only this echelon.")
@click.option(
    "--stage",
    type=click.Choice(STAGES),
    help="Only this stage; in_training lists the training plans past their deadline.",
)
@pass_ctx
def overdue_cmd(
    obj: CliContext, position_id: str | None, echelon: str | None, stage: str | None
) -> None:
    """List candidates who stayed in a stage longer than their workflow allows.

    Each stage's due days come from the published workflow of the candidate's echelon; a
    training plan is due on its deadline.

    \b
    Example:
      succession-flow overdue --echelon key-position
      succession-flow overdue --stage in_training
    """
    found = overdue(obj.services, Scope(position_id, echelon), stage)
    rows = [{**o.__dict__, "since": o.since.isoformat(), "due": o.due.isoformat()} for o in found]
    emit(obj.fmt, rows, table(rows))


def register(group: click.Group) -> None:
    group.add_command(overdue_cmd)
