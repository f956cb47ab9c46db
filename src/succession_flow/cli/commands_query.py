"""Read-only commands: where a candidate stands, and filtered lists (histories elsewhere)."""

from __future__ import annotations

from datetime import datetime

import click

from succession_flow.application.audit import moments
from succession_flow.application.audit.redaction import redact_row
from succession_flow.application.people import staffing
from succession_flow.application.queries.read_model import source
from succession_flow.application.queries.views import candidate_status
from succession_flow.cli.context import CliContext, pass_ctx
from succession_flow.cli.options import CANDIDATE, as_of_option, redact_option
from succession_flow.cli.render import emit, record, table
from succession_flow.domain.candidate import Candidate
from succession_flow.domain.employee import Employee
from succession_flow.domain.keys import CandidateKey, employee_uuid
from succession_flow.domain.lifecycle import Echelon, State
from succession_flow.reports.listing import candidate_rows


@click.command()
@click.argument("candidate", type=CANDIDATE)
@as_of_option
@redact_option
@pass_ctx
def status(obj: CliContext, candidate: CandidateKey, as_of: datetime | None, redact: bool) -> None:
    """Show where a candidate stands now, or stood at a past moment.

    \b
    Example:
      succession-flow status E1001@VP-SALES
      succession-flow status E1001@VP-SALES --as-of 2026-03-31
    """
    store = obj.services.store
    found = moments.as_of(obj.services, candidate.uuid, Candidate, f"candidate {candidate}", as_of)
    view = candidate_status(found, store.find(employee_uuid(candidate.employee_id), Employee))
    view = redact_row(view) if redact else view
    emit(obj.fmt, view, record(view))


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
        staffing.get_position(obj.services, position_id)
    with source(obj.services, as_of) as db:
        rows = candidate_rows(db, position_id, state, echelon)
    emit(obj.fmt, rows, table(rows))


def register(group: click.Group) -> None:
    for command in (status, list_cmd):
        group.add_command(command)
