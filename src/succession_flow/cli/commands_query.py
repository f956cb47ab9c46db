"""Read-only commands: a candidate's status and history, and filtered lists."""

from __future__ import annotations

from datetime import datetime

import click

from succession_flow.application.audit import history
from succession_flow.application.audit.redaction import redact_entry, redact_row, redact_view
from succession_flow.application.people import staffing
from succession_flow.application.queries.read_model import source
from succession_flow.application.queries.views import candidate_status
from succession_flow.cli.context import CliContext, pass_ctx
from succession_flow.cli.explaining import explanation_text
from succession_flow.cli.options import CANDIDATE, MOMENT, UNTIL, as_of_option, redact_option
from succession_flow.cli.render import cell, emit, record, table
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
    found = history.as_of(obj.services, candidate.uuid, Candidate, f"candidate {candidate}", as_of)
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


@click.command("history")
@click.argument("target", required=False)
@click.option("--since", type=MOMENT, help="Only events at or after this moment.")
@click.option("--until", type=UNTIL, help="Only events at or before this moment.")
@as_of_option
@click.option("--actor", "actor_filter", help="Only events by this actor.")
@click.option(
    "--type", "event_types", multiple=True, help="Only this event type (repeat), e.g. Exited."
)
@redact_option
@pass_ctx
def history_cmd(
    obj: CliContext,
    target: str | None,
    since: datetime | None,
    until: datetime | None,
    as_of: datetime | None,
    actor_filter: str | None,
    event_types: tuple[str, ...],
    redact: bool,
) -> None:
    """Events oldest first with actor and time: a candidate, a position, a pool, or everything.

    TARGET is EMPLOYEE@POSITION, position:ID (with its pool and candidates), pool:ID,
    employee:ID, ruleset:NAME, roles (who granted what) or users (console users and API
    tokens); without it, the whole store.

    \b
    Example:
      succession-flow history E1001@VP-SALES
      succession-flow history position:VP-SALES --since 2026-01-01 --type Exited
    """
    keep = history.HistoryFilter(since, as_of or until, actor_filter, event_types)
    events = history.history(obj.services, target, keep, obj.actor)
    events = [redact_view(e) for e in events] if redact else events
    rows = [{**e, "details": summary(e["details"])} for e in events]
    emit(obj.fmt, events, table(rows, ["subject", "version", "time", "event", "actor", "details"]))


def summary(details: dict[str, object]) -> str:
    """The gist of an event for a table: decision outcome and reason, not the whole trace."""
    shown = {k: v for k, v in details.items() if k not in ("decision", "rule_decision")}
    decision = details.get("decision") or details.get("rule_decision")
    text = cell(shown)
    if isinstance(decision, dict):
        text += f"{'; ' if text else ''}by {decision.get('ruleset')}: {decision.get('reason')}"
    return text


@click.command("explain")
@click.argument("candidate", type=CANDIDATE)
@redact_option
@pass_ctx
def explain_cmd(obj: CliContext, candidate: CandidateKey, redact: bool) -> None:
    """Every decision in a candidate's life: rule version, matched rules and why, facts, actor.

    \b
    Example:
      succession-flow explain E1001@VP-SALES
      succession-flow --format json explain E1001@VP-SALES
    """
    from succession_flow.application.audit import explanation  # the rule parser: explain only

    entries = explanation.explain(obj.services, candidate)
    if redact:
        entries = [redact_entry(e) for e in entries]
    emit(obj.fmt, entries, explanation_text(entries))


def register(group: click.Group) -> None:
    for command in (status, list_cmd, history_cmd, explain_cmd):
        group.add_command(command)
