"""Talent review (calibration) sessions: open one on a population, propose moves, close it."""

from __future__ import annotations

from typing import Any

import click

from succession_flow.cli.context import CliContext, pass_ctx, writes_store
from succession_flow.cli.options import CANDIDATE
from succession_flow.cli.render import emit, table
from succession_flow.domain.keys import CandidateKey
from succession_flow.domain.lifecycle import LEVELS, Readiness
from succession_flow.reports.review_grid import session_text, session_value


def reviews() -> Any:
    """The use cases, loaded when a review command runs (not for `--help`)."""
    from succession_flow.application.pipeline import review_sessions

    return review_sessions


@click.group()
def review() -> None:
    """Talent review sessions: a group reviews one population's nine-box and readiness together.

    Moves are proposed with a reason and applied together when the session closes.
    """


@review.command("open")
@click.argument("name")
@click.option("--position", help="Review the pooled candidates of this position.")
@click.option("--echelon", help="... of this echelon.")
@click.option("--unit", help="... of positions in this org unit.")
@click.option("--reason", required=True, help="Why the session is held.")
@pass_ctx
@writes_store
def open_cmd(
    obj: CliContext,
    name: str,
    position: str | None,
    echelon: str | None,
    unit: str | None,
    reason: str,
) -> None:
    """Open a talent review session on one population.

    \b
    Example:
      succession-flow review open sales-2026-q4 --position VP-SALES --reason "quarterly calibration"
    """
    asked = {"position": position, "echelon": echelon, "unit": unit}
    population = {k: v for k, v in asked.items() if v is not None}
    session = reviews().open_review(obj.services, name, population, reason, obj.actor)
    emit(obj.fmt, {"name": session.name, "population": session.population}, f"review {name} opened")


@review.command("propose")
@click.argument("name")
@click.argument("candidate", type=CANDIDATE, required=False)
@click.option("--readiness", type=click.Choice([r.value for r in Readiness]))
@click.option("--employee", "employee_id", help="An employee of the population (nine-box move).")
@click.option("--potential", type=click.Choice(LEVELS))
@click.option("--reason", required=True, help="Why the group proposes the move.")
@pass_ctx
@writes_store
def propose(
    obj: CliContext,
    name: str,
    candidate: CandidateKey | None,
    readiness: str | None,
    employee_id: str | None,
    potential: str | None,
    reason: str,
) -> None:
    """Propose a move: a candidate's readiness, or an employee's potential (nine-box).

    \b
    Example:
      succession-flow review propose q4 E1001@VP-SALES --readiness ready-now --reason "merger"
      succession-flow review propose q4 --employee E1002 --potential high --reason "new scope"
    """
    if (
        candidate is not None
        and readiness is not None
        and employee_id is None
        and potential is None
    ):
        reviews().propose_readiness(obj.services, name, candidate, readiness, reason, obj.actor)
        subject, value = str(candidate), readiness
    elif (
        employee_id is not None
        and potential is not None
        and candidate is None
        and readiness is None
    ):
        reviews().propose_potential(obj.services, name, employee_id, potential, reason, obj.actor)
        subject, value = employee_id, potential
    else:
        raise click.UsageError("give CANDIDATE --readiness R, or --employee E --potential P")
    emit(
        obj.fmt,
        {"review": name, "subject": subject, "value": value},
        f"review {name}: {subject} -> {value} proposed",
    )


@review.command("show")
@click.argument("name")
@pass_ctx
def show(obj: CliContext, name: str) -> None:
    """The session's population on the nine-box grid, and the moves proposed so far.

    \b
    Example:
      succession-flow review show sales-2026-q4
    """
    view = reviews().show_review(obj.services, name)
    emit(obj.fmt, session_value(view), session_text(view))


@review.command("close")
@click.argument("name")
@pass_ctx
@writes_store
def close(obj: CliContext, name: str) -> None:
    """Apply every proposed move at once (one save) and close the session.

    \b
    Example:
      succession-flow review close sales-2026-q4
    """
    applied = reviews().close_review(obj.services, name, obj.actor)
    emit(
        obj.fmt,
        {"review": name, "applied": applied},
        f"review {name} closed: {applied} moves applied",
    )


@review.command("list")
@pass_ctx
def list_cmd(obj: CliContext) -> None:
    """Every talent review session, open or closed.

    \b
    Example:
      succession-flow review list
    """
    rows = [
        {
            "name": s.name,
            "population": " ".join(f"{k}={v}" for k, v in s.population.items()),
            "state": "closed" if s.closed else "open",
            "moves": len(s.moves),
            "opened_by": s.opened_by,
        }
        for s in reviews().list_reviews(obj.services)
    ]
    emit(obj.fmt, rows, table(rows) if rows else "(none)")


def register(group: click.Group) -> None:
    group.add_command(review)
