"""Who may do what: grant and revoke roles, list them."""

from __future__ import annotations

import click

from succession_flow.application.people import access
from succession_flow.cli.context import CliContext, pass_ctx, writes_store
from succession_flow.cli.render import emit, table
from succession_flow.domain.roles import Role

ROLE = click.Choice([r.value for r in Role])


@click.group()
def role() -> None:
    """Roles: hr-owner (rules, workflows, positions, roles), operator (steps), reviewer (reads);
    beside them auditor (demographics) and approver (approve or reject proposed nominations).

    Until the first grant every actor may act; the first grant must name an hr-owner.
    """


@role.command("grant")
@click.argument("actor")
@click.argument("role_name", metavar="ROLE", type=ROLE)
@pass_ctx
@writes_store
def grant(obj: CliContext, actor: str, role_name: str) -> None:
    """Give an actor a role (by an hr-owner; anyone may name the first hr-owner).

    \b
    Example:
      succession-flow --actor alice role grant alice hr-owner
      succession-flow --actor alice role grant bob operator
    """
    found = access.grant(obj.services, obj.actor, actor, role_name)
    emit(obj.fmt, {"actor": actor, "roles": found.roles_of(actor)}, f"{actor}: {role_name} granted")


@role.command("revoke")
@click.argument("actor")
@click.argument("role_name", metavar="ROLE", type=ROLE)
@pass_ctx
@writes_store
def revoke(obj: CliContext, actor: str, role_name: str) -> None:
    """Take a role away from an actor (by an hr-owner; never the last hr-owner).

    \b
    Example:
      succession-flow --actor alice role revoke bob operator
    """
    found = access.revoke(obj.services, obj.actor, actor, role_name)
    emit(obj.fmt, {"actor": actor, "roles": found.roles_of(actor)}, f"{actor}: {role_name} revoked")


@role.command("list")
@pass_ctx
def list_roles(obj: CliContext) -> None:
    """Every actor with a role.

    \b
    Example:
      succession-flow role list
    """
    rows = access.assignments(obj.services)
    emit(obj.fmt, rows, table(rows) if rows else "no roles granted: every actor may act")


def register(group: click.Group) -> None:
    group.add_command(role)
