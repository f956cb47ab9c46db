"""`workflows check | publish | show`: the per-echelon workflows HR owners edit."""

from __future__ import annotations

from pathlib import Path

import click

from succession_flow.application.hr_files.rule_publishing import default_rules_folder
from succession_flow.application.hr_files.workflow_views import workflow_detail, workflow_text
from succession_flow.application.hr_files.workflows import (
    check_workflows,
    in_force,
    publish_workflows,
    rule_steps,
)
from succession_flow.cli.context import CliContext, pass_ctx
from succession_flow.cli.render import emit
from succession_flow.data import SHIPPED_WORKFLOWS
from succession_flow.domain.errors import NotFound
from succession_flow.domain.lifecycle import Echelon


def here_or_shipped(name: str, shipped: Path) -> Path:
    """`./workflows` when run in a checkout, else the copy in the package."""
    local = Path(name)
    return local if local.is_dir() else shipped


FOLDER = click.option(
    "--folder",
    type=click.Path(path_type=Path, file_okay=False),
    help="Workflow files (default ./workflows, else the shipped ones).",
)
RULES = click.option(
    "--rules",
    "rules_folder",
    type=click.Path(path_type=Path, file_okay=False),
    help="Rule files whose names the workflows may use (default ./rules, else the shipped ones).",
)


def folders(folder: Path | None, rules: Path | None) -> tuple[Path, dict[str, str]]:
    steps = rule_steps(rules or default_rules_folder())
    return folder or here_or_shipped("workflows", SHIPPED_WORKFLOWS), steps


@click.group()
def workflows() -> None:
    """The workflow of each echelon: rule sets per step, nomination, training, due dates."""


@workflows.command("check")
@FOLDER
@RULES
@pass_ctx
def check_cmd(obj: CliContext, folder: Path | None, rules_folder: Path | None) -> None:
    """Check the workflow files: their fields, and that every rule set they name exists.

    Problems are printed as FILE:LINE: message, and the exit code is 2.

    \b
    Example:
      succession-flow workflows check
      succession-flow workflows check --folder my-workflows --rules my-rules
    """
    folder, index = folders(folder, rules_folder)
    found = check_workflows(folder, index)
    rows = [{"file": str(f.path), "echelon": e, "name": f.workflow.name} for e, f in found.items()]
    emit(obj.fmt, rows, "\n".join(f"ok  {r['file']} ({r['echelon']})" for r in rows))


@workflows.command("publish")
@FOLDER
@RULES
@click.option("--note", required=True, help="Why the workflows change (kept with the version).")
@pass_ctx
def publish_cmd(obj: CliContext, folder: Path | None, rules_folder: Path | None, note: str) -> None:
    """Check the workflow files, then put the changed ones in force (all or nothing).

    \b
    Example:
      succession-flow workflows publish --note "training period for managers now 270 days"
    """
    folder, index = folders(folder, rules_folder)
    done = publish_workflows(obj.services, folder, index, obj.actor, note)
    rows = [{**p.__dict__, "version": p.version[:12]} for p in done]
    text = "\n".join(
        f"{r['echelon']}: {r['name']} {r['version']} "
        + ("published" if r["changed"] else "unchanged")
        for r in rows
    )
    emit(obj.fmt, rows, text)


@workflows.command("show")
@click.argument("echelon", required=False, type=click.Choice([e.value for e in Echelon]))
@pass_ctx
def show_cmd(obj: CliContext, echelon: str | None) -> None:
    """Show the workflows in force (published), one echelon or all.

    \b
    Example:
      succession-flow workflows show management
    """
    details = []
    for name in [echelon] if echelon else [e.value for e in Echelon]:
        found = in_force(obj.services, name)
        if found is not None:
            details.append(workflow_detail(*found))
    if not details:
        raise NotFound("no workflow published; run `succession-flow workflows publish`")
    emit(obj.fmt, details, "\n\n".join(workflow_text(d) for d in details))


def register(group: click.Group) -> None:
    group.add_command(workflows)
