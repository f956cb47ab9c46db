"""The console's users and API tokens: add, disable and list users; create, revoke, list tokens.

A user's roles are the roles granted to that name (`role grant`): there is no second role
model. A password is read from a file or standard input, never from the command line, where
`ps` and the shell's history would keep it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from succession_flow.application.people import users
from succession_flow.cli.context import CliContext, pass_ctx, writes_store
from succession_flow.cli.render import emit, table
from succession_flow.domain.errors import InvalidInput
from succession_flow.domain.roles import Role

ROLE = click.Choice([r.value for r in Role])


@click.group()
def user() -> None:
    """Who may sign in to the console (`serve`); what they may do is their granted roles."""


@user.command("add")
@click.argument("name")
@click.option("--password-file", metavar="FILE", help="Read the password here ('-': stdin).")
@pass_ctx
@writes_store
def add(obj: CliContext, name: str, password_file: str | None) -> None:
    """Add a console user (by an hr-owner). The password comes from --password-file, else
    standard input (asked twice, unseen, at a terminal); it is kept only as an argon2 hash.

    \b
    Example:
      succession-flow --actor alice user add bob --password-file bob.pw
      printf '%s\\n' "$PW" | succession-flow --actor alice user add bob
    """
    added = users.add_user(obj.services, obj.actor, name, read_password(password_file))
    emit(obj.fmt, {"user": added}, f"user {added} added")


@user.command("disable")
@click.argument("name")
@pass_ctx
@writes_store
def disable(obj: CliContext, name: str) -> None:
    """Disable a user: their sessions and tokens stop working at once (never deleted).

    \b
    Example:
      succession-flow --actor alice user disable bob
    """
    disabled = users.disable_user(obj.services, obj.actor, name)
    emit(obj.fmt, {"user": disabled, "disabled": True}, f"user {disabled} disabled")


@user.command("list")
@pass_ctx
def list_users(obj: CliContext) -> None:
    """Every user, whether disabled, and the roles granted to the name.

    \b
    Example:
      succession-flow user list
    """
    rows = users.users(obj.services)
    emit(obj.fmt, rows, table(rows) if rows else "no users")


@click.group()
def token() -> None:
    """API tokens: a program acting as a user, with one role no higher than the user's."""


@token.command("create")
@click.option("--user", "user_name", required=True, help="The user the token acts as.")
@click.option("--role", "role_name", required=True, type=ROLE, help="The token's one role.")
@click.option("--name", "label", default="", help="A label to tell tokens apart.")
@pass_ctx
@writes_store
def create(obj: CliContext, user_name: str, role_name: str, label: str) -> None:
    """Create a token and print it once: only its digest is kept, so it cannot be shown again.
    Send it as `Authorization: Bearer TOKEN`.

    \b
    Example:
      succession-flow --actor alice token create --user hris --role operator --name nightly
    """
    made = users.create_token(obj.services, obj.actor, user_name, role_name, label)
    value = {"id": made.token_id, "user": made.user, "role": made.role, "name": made.label,
             "token": made.token}  # fmt: skip
    emit(obj.fmt, value, f"token {made.token_id} for {made.user} as {made.role} "
         f"(shown once, keep it secret):\n{made.token}")  # fmt: skip


@token.command("revoke")
@click.argument("token_id", metavar="ID")
@pass_ctx
@writes_store
def revoke(obj: CliContext, token_id: str) -> None:
    """Revoke a token by its id (see `token list`): refused from the next request on.

    \b
    Example:
      succession-flow --actor alice token revoke t-3f9a0c2b1d4e
    """
    revoked = users.revoke_token(obj.services, obj.actor, token_id)
    emit(obj.fmt, {"id": revoked, "revoked": True}, f"token {revoked} revoked")


@token.command("list")
@pass_ctx
def list_tokens(obj: CliContext) -> None:
    """Every token: id, user, role, label, whether revoked; never the token itself.

    \b
    Example:
      succession-flow token list
    """
    rows = users.tokens(obj.services)
    emit(obj.fmt, rows, table(rows) if rows else "no tokens")


def read_password(password_file: str | None) -> str:
    """The first line of the file (or of stdin), without its line break."""
    if password_file is None and sys.stdin.isatty():
        return str(click.prompt("password", hide_input=True, confirmation_prompt=True))
    if password_file is None or password_file == "-":
        return sys.stdin.readline().rstrip("\r\n")
    try:
        text = Path(password_file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput(f"--password-file {password_file}: cannot read it ({error})") from None
    return text.splitlines()[0] if text.strip() else ""


def register(group: click.Group) -> None:
    group.add_command(user)
    group.add_command(token)
