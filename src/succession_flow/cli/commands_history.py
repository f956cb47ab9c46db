"""Read-only commands for auditors: event histories, and every decision in a candidate's life."""

from __future__ import annotations

from datetime import datetime

import click

from succession_flow.application.audit import history
from succession_flow.application.audit.redaction import redact_entry, redact_view
from succession_flow.cli.context import CliContext, pass_ctx
from succession_flow.cli.explaining import explanation_text
from succession_flow.cli.options import CANDIDATE, MOMENT, UNTIL, as_of_option, redact_option
from succession_flow.cli.render import cell, emit, table
from succession_flow.domain.keys import CandidateKey


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
    for command in (history_cmd, explain_cmd):
        group.add_command(command)
