"""Talent plans (plans/*.yaml): check, adopt, mark tasks done, status; and the read model."""

from __future__ import annotations

from pathlib import Path

import click

from succession_flow.application.hr_files import plans
from succession_flow.application.queries.read_model import source
from succession_flow.bootstrap import open_read_model
from succession_flow.cli.context import CliContext, pass_ctx, writes_store
from succession_flow.cli.render import emit, table
from succession_flow.reports.export import text_of
from succession_flow.reports.plan_status import plan_status

PLAN_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@click.group()
def plan() -> None:
    """Talent development plans: goals, stages, safeguards and the training budget."""


@plan.command("check")
@click.argument("path", type=PLAN_FILE)
@pass_ctx
def check(obj: CliContext, path: Path) -> None:
    """Check a plan file without adopting it; problems are listed as FILE:LINE: message.

    \b
    Example:
      succession-flow plan check plans/talent-plan.yaml
    """
    spec, _ = plans.read_plan(path)
    emit(obj.fmt, {"plan": spec.id, "ok": True}, f"{path}: plan {spec.id} is valid")


@plan.command("adopt")
@click.argument("path", type=PLAN_FILE)
@pass_ctx
@writes_store
def adopt(obj: CliContext, path: Path) -> None:
    """Adopt a plan (or a revised version of it): recorded as an event with its whole text.

    \b
    Example:
      succession-flow plan adopt plans/talent-plan.yaml
    """
    found, what = plans.adopt_plan_file(obj.services, path, obj.actor)
    emit(
        obj.fmt,
        {"plan": found.plan_id, "result": what, "revision": found.revisions},
        f"plan {found.plan_id} {what} (revision {found.revisions})",
    )


@plan.command("task-done")
@click.argument("plan_id")
@click.argument("task_id")
@click.option("--note", default="", help="What was delivered.")
@pass_ctx
@writes_store
def task_done(obj: CliContext, plan_id: str, task_id: str, note: str) -> None:
    """Record that a task of the plan's implementation stages is done (today).

    \b
    Example:
      succession-flow plan task-done talent-plan nominate-key --note "42 nominated"
    """
    plans.complete_task(obj.services, plan_id, task_id, obj.actor, note)
    emit(obj.fmt, {"plan": plan_id, "task": task_id, "done": True}, f"{plan_id}: {task_id} done")


@plan.command("status")
@click.argument("plan_id", required=False)
@pass_ctx
def status(obj: CliContext, plan_id: str | None) -> None:
    """Progress toward each goal, overdue stages and tasks, and the training budget balance.

    \b
    Example:
      succession-flow plan status
      succession-flow --format json plan status talent-plan
    """
    found = plans.require_plan(obj.services, plan_id)
    with source(obj.services) as db:
        report = plan_status(db, found, obj.services.today())
    emit(obj.fmt, report.value, text_of(report))


@plan.command("list")
@pass_ctx
def list_plans(obj: CliContext) -> None:
    """Every adopted plan with its period and revision.

    \b
    Example:
      succession-flow plan list
    """
    rows = [
        {"plan": p.plan_id, "title": p.spec["title"], **p.spec["period"], "revision": p.revisions}
        for p in plans.plans(obj.services)
    ]
    emit(obj.fmt, rows, table(rows))


@click.group("readmodel")
def readmodel() -> None:
    """The read model reports and `list` read: tables next to the events, kept up to date."""


@readmodel.command("rebuild")
@pass_ctx
def rebuild(obj: CliContext) -> None:
    """Drop the read model's rows and fold every event again (safe at any time).

    \b
    Example:
      succession-flow readmodel rebuild
    """
    model = open_read_model(obj.services.store)
    try:
        done = model.rebuild()
    finally:
        model.close()
    emit(
        obj.fmt,
        {"events": done.events, "last_id": done.last_id},
        f"read model rebuilt from {done.events} events",
    )


def register(group: click.Group) -> None:
    group.add_command(plan)
    group.add_command(readmodel)
