"""`position import`: many positions from one CSV, all or nothing unless --skip-bad."""

from __future__ import annotations

from pathlib import Path

import click

from succession_flow.cli.context import CliContext, pass_ctx, writes_store
from succession_flow.cli.import_report import show_import
from succession_flow.formats.hr_exports import check_rejects_file
from succession_flow.formats.positions_file import read_positions


@click.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--skip-bad", is_flag=True, help="Import the good rows; write the bad ones to --rejects."
)
@click.option(
    "--rejects",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path("rejected-positions.csv"),
    show_default=True,
    help="Where --skip-bad writes the rejected rows with their errors.",
)
@pass_ctx
@writes_store
def position_import(obj: CliContext, file: Path, skip_bad: bool, rejects: Path) -> None:
    """Define and revise positions in bulk from a CSV whose header names the columns.

    Needs position_id, title, echelon and unit; any other column of `position add` may follow
    (see samples/positions.csv). A bad row rejects the whole file and nothing is written;
    importing the same file again records nothing.

    \b
    Example:
      succession-flow position import samples/positions.csv
      succession-flow position import --skip-bad --rejects bad.csv positions.csv
    """
    from succession_flow.application.people.position_import import import_positions  # the store

    if skip_bad:
        check_rejects_file(rejects)
    report = import_positions(obj.services, read_positions(file), obj.actor, skip_bad)
    show_import(obj, report, rejects, "positions")
