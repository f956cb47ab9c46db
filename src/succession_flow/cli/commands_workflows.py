"""`workflows check | publish | show`: the per-echelon workflows HR owners edit."""

from __future__ import annotations

import click

from succession_flow.application.hr_files.workflow_views import workflow_detail, workflow_text
from succession_flow.application.hr_files.workflows import (
    check_workflows,
    in_force,
    publish_workflows,
    rule_steps,
)
from succession_flow.cli.context import (
    CliContext,
    pass_ctx,
    rules_folder_option,
    workflows_folder_option,
    writes_store,
)
from succession_flow.cli.render import emit
from succession_flow.domain.errors import NotFound
from succession_flow.domain.lifecycle import Echelon


def rules_index(obj: CliContext) -> dict[str, str]:
    """The rule sets the workflows may name, from the configured rules folder."""
    return rule_steps(obj.config.rules.path)


@click.group()
def workflows() -> None:
    """The workflow of each echelon: rule sets per step, nomination, training, due dates."""


@workflows.command("check")
@workflows_folder_option
@rules_folder_option
@pass_ctx
def check_cmd(obj: CliContext) -> None:
    """Check the workflow files: their fields, and that every rule set they name exists.

    Problems are printed as FILE:LINE: message, and the exit code is 2.

    \b
    Example:
      succession-flow workflows check
      succession-flow workflows check --folder my-workflows --rules my-rules
    """
    found = check_workflows(obj.config.workflows.path, rules_index(obj))
    rows = [{"file": str(f.path), "echelon": e, "name": f.workflow.name} for e, f in found.items()]
    emit(obj.fmt, rows, "\n".join(f"ok  {r['file']} ({r['echelon']})" for r in rows))


@workflows.command("publish")
@workflows_folder_option
@rules_folder_option
@click.option("--note", required=True, help="Why the workflows change (kept with the version).")
@pass_ctx
@writes_store
def publish_cmd(obj: CliContext, note: str) -> None:
    """Check the workflow files, then put the changed ones in force (all or nothing).

    \b
    Example:
      succession-flow workflows publish --note "training period for managers now 270 days"
    """
    folder = obj.config.workflows
    done = publish_workflows(obj.services, folder, rules_index(obj), obj.actor, note)
    rows = [{**p.__dict__, "version": p.version[:12]} for p in done]
    text = "\n".join(
        [f"workflows read from {folder.describe()}"]
        + [
            f"{r['echelon']}: {r['name']} {r['version']} "
            + ("published" if r["changed"] else "unchanged")
            for r in rows
        ]
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
