"""Where a candidate stands, now or then, from its own events (`list`, from the read model, is
apart so that it loads no aggregate; histories are in `commands_history`)."""

from __future__ import annotations

from datetime import datetime

import click

from succession_flow.application.audit import moments
from succession_flow.application.audit.redaction import redact_row
from succession_flow.application.queries.views import candidate_status
from succession_flow.cli.context import CliContext, pass_ctx
from succession_flow.cli.options import CANDIDATE, as_of_option, redact_option
from succession_flow.cli.render import emit, record
from succession_flow.domain.candidate import Candidate
from succession_flow.domain.employee import Employee
from succession_flow.domain.keys import CandidateKey, employee_uuid


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


def register(group: click.Group) -> None:
    group.add_command(status)
