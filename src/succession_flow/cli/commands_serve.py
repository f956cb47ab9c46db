"""`succession-flow serve`: the web console and JSON API over a store."""

from __future__ import annotations

import click

from succession_flow.application.services import Services
from succession_flow.cli.context import CliContext, pass_ctx
from succession_flow.cli.options import WholeRange
from succession_flow.config import Config


@click.command()
@click.option("--store", "store_url", metavar="URL", help="The store (else the global --store).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=WholeRange(0, 65535), default=8000, show_default=True)
@pass_ctx
def serve(obj: CliContext, store_url: str | None, host: str, port: int) -> None:
    """Serve the console (positions, candidates, reports, rule sets, audit) and /api/v1.

    It refuses a store that does not exist (exit 3) and creates nothing. Every page and API call
    needs a user (`user add`, signing in at /login) or an API token (`token create`, sent as
    `Authorization: Bearer TOKEN`); see docs/operators.md. It writes only what such a caller
    asks for (pipeline steps, batch jobs), with the role the CLI command needs, recorded as that
    caller; jobs do not survive a restart. The API's schema is at /api/v1/openapi.json
    (docs/api.md).

    \b
    Example:
      succession-flow serve --store sqlite:///succession-flow-demo.sqlite
      succession-flow serve --host 0.0.0.0 --port 8080
    """
    if store_url is not None:
        obj.store_url = store_url
    config = obj.store_config()  # a read: no store, exit 3 before listening
    for note in serving_notes(obj.services):
        click.echo(f"note: {note}", err=True)
    obj.close()
    click.echo(f"serving {obj.where()} at http://{host}:{port}/ (Ctrl-C stops)", err=True)
    listen(config, host, port)


def serving_notes(services: Services) -> list[str]:
    """What an operator should know before anyone signs in: nobody can, or everybody may all."""
    from succession_flow.application.people import access, users

    notes = []
    if not users.users(services):
        notes.append("no console users: nobody can sign in (add one with `user add`)")
    if not access.assignments(services):
        notes.append("no role granted: every signed-in user may do everything (`role grant`)")
    return notes


def listen(config: Config, host: str, port: int) -> None:
    """Serve the console on the store until interrupted (`serve`, and `demo --serve`)."""
    import uvicorn  # the server and the framework: only for the commands that serve

    from succession_flow.web.app import create_app

    uvicorn.run(create_app(config), host=host, port=port, log_level="warning")


def register(group: click.Group) -> None:
    group.add_command(serve)
