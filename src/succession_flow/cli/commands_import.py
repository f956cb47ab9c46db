"""`import`: HR exports in, events out; all or nothing unless --skip-bad."""

from __future__ import annotations

from pathlib import Path

import click

from succession_flow.application.people.hr_import import import_rows
from succession_flow.cli.context import CliContext, pass_ctx, writes_store
from succession_flow.cli.import_report import show_import
from succession_flow.formats.hr_exports import check_rejects_file, read_export


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--skip-bad", is_flag=True, help="Import the good rows; write the bad ones to --rejects."
)
@click.option(
    "--rejects",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path("rejected-rows.csv"),
    show_default=True,
    help="Where --skip-bad writes the rejected rows with their errors.",
)
@pass_ctx
@writes_store
def import_cmd(obj: CliContext, files: tuple[Path, ...], skip_bad: bool, rejects: Path) -> None:
    """Import HR exports (CSV or JSON): employees, ratings, scores, course results.

    The kind of each CSV file is told by its header (see samples/hr/README.md). By default a
    bad row rejects the whole import and nothing is written; re-importing a file changes nothing.

    \b
    Example:
      succession-flow import samples/hr/employees.csv samples/hr/ratings.csv
      succession-flow import --skip-bad --rejects bad.csv exports/*.csv
    """
    if skip_bad:
        check_rejects_file(rejects)
    rows = [row for path in files for row in read_export(path)]
    report = import_rows(obj.services, rows, obj.actor, skip_bad=skip_bad)
    show_import(obj, report, rejects, "rows")


def register(group: click.Group) -> None:
    group.add_command(import_cmd)
