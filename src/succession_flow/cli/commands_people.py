"""Commands for the store itself and the reference data: init, position, employee."""

from __future__ import annotations

from datetime import datetime

import click

from succession_flow.application.audit import moments
from succession_flow.application.hr_files.workflows import (
    effective_target,
    reserve_needs,
    target_bench,
)
from succession_flow.application.people import staffing
from succession_flow.application.queries import bench_strength
from succession_flow.application.queries import finding as queries
from succession_flow.application.queries.views import employee_detail, position_detail, position_row
from succession_flow.cli.context import CliContext, pass_ctx, writes_store
from succession_flow.cli.options import WholeRange, as_of_option
from succession_flow.cli.render import emit, record, table
from succession_flow.domain.errors import InvalidInput
from succession_flow.domain.keys import position_uuid
from succession_flow.domain.lifecycle import CRITICALITIES, EDUCATION_LEVELS, Echelon
from succession_flow.domain.position import (
    DEPARTURE_REASONS,
    NEW_POSITION,
    Position,
    parse_weights,
)


@click.command()
@pass_ctx
@writes_store
def init(obj: CliContext) -> None:
    """Create the event store if it does not exist yet, and say where it is.

    \b
    Example:
      succession-flow init
      succession-flow --store postgresql://hr@db:5432/succession init
    """
    count = obj.services.store.event_count()
    emit(
        obj.fmt,
        {"store": obj.where(), "events": count},
        f"store ready: {obj.where()} ({count} events)",
    )


@click.group()
def position() -> None:
    """Succession positions and reserve tracks."""


@position.command("add")
@click.argument("position_id")
@click.option("--title", required=True)
@click.option("--echelon", required=True, type=click.Choice([e.value for e in Echelon]))
@click.option("--unit", required=True, help="Department or subsidiary.")
@click.option(
    "--criticality",
    type=click.Choice(CRITICALITIES),
    default=NEW_POSITION["criticality"],
    show_default=True,
)
@click.option(
    "--target-bench",
    type=WholeRange(0, 1000),
    default=NEW_POSITION["target_bench"],
    show_default=True,
)
@click.option(
    "--min-education",
    type=click.Choice(EDUCATION_LEVELS),
    default=NEW_POSITION["min_education"],
    show_default=True,
)
@click.option(
    "--min-years", type=WholeRange(0, 60), default=NEW_POSITION["min_years"], show_default=True
)
@click.option("--cert", "certifications", multiple=True, help="Required certification (repeat).")
@click.option("--prior-post", "prior_posts", multiple=True, help="Required prior post (repeat).")
@click.option(
    "--weights", help="Competency weights, e.g. core_competence=0.4,professional_quality=0.25,..."
)
@click.option(
    "--family",
    default=NEW_POSITION["family"],
    show_default=True,
    help="Position family (training courses).",
)
@click.option(
    "--vacancies",
    type=WholeRange(0, 1000),
    default=NEW_POSITION["vacancies"],
    show_default=True,
)
@click.option("--reports-to", metavar="POSITION", help="The post this one reports to.")
@click.option("--incumbent", metavar="EMPLOYEE", help="Who holds the post now.")
@click.option(
    "--planned-departure", metavar="DATE", help="When the incumbent is expected to leave."
)
@click.option("--departure-reason", type=click.Choice(DEPARTURE_REASONS))
@pass_ctx
@writes_store
def position_add(obj: CliContext, /, position_id: str, **options: object) -> None:
    """Define a position and what its successors must bring.

    \b
    Example:
      succession-flow position add VP-SALES --title "VP Sales" --echelon key-position \\
        --unit Sales --min-education master --min-years 10 --cert "Sales Leadership"
    """
    spec = {
        "position_id": position_id,
        **options,
        "certifications": list(options["certifications"]),  # type: ignore[call-overload]
        "prior_posts": list(options["prior_posts"]),  # type: ignore[call-overload]
        "competency_weights": parse_weights(options.pop("weights")),  # type: ignore[arg-type]
    }
    spec.pop("weights", None)
    created = staffing.define_position(obj.services, spec, obj.actor)
    emit(
        obj.fmt,
        position_row(created, target_bench(obj.services, created)),
        f"position {position_id} defined",
    )


@position.command("list")
@pass_ctx
def position_list(obj: CliContext) -> None:
    """List every position with its echelon, bench target and demand.

    \b
    Example:
      succession-flow --format json position list
    """
    needs = reserve_needs(obj.services)
    rows = [
        position_row(p, effective_target(p.target_bench, needs.get(p.echelon, 0)))
        for p in queries.positions(obj.services)
    ]
    emit(obj.fmt, rows, table(rows))


@position.command("show")
@click.argument("position_id")
@as_of_option
@pass_ctx
def position_show(obj: CliContext, position_id: str, as_of: datetime | None) -> None:
    """Show a position's requirements and its pool, now or as they stood at a past moment.

    \b
    Example:
      succession-flow position show VP-SALES
      succession-flow position show VP-SALES --as-of 2026-03-31
    """
    found = moments.as_of(
        obj.services, position_uuid(position_id), Position, f"position {position_id}", as_of
    )
    members = bench_strength.pool_members(obj.services, position_id, as_of)
    detail = position_detail(found, target_bench(obj.services, found, as_of), members)
    emit(obj.fmt, detail, record(detail))


@position.command("pool")
@click.argument("position_id")
@as_of_option
@pass_ctx
def position_pool(obj: CliContext, position_id: str, as_of: datetime | None) -> None:
    """Who is in a position's talent pool, at what readiness, now or at a past moment.

    \b
    Example:
      succession-flow position pool VP-SALES
      succession-flow position pool VP-SALES --as-of 2026-03-31
    """
    view = bench_strength.bench(obj.services, position_id, as_of)
    rows = view["members"]
    counts = ", ".join(f"{k} {v}" for k, v in view["bench"].items())
    text = f"{position_id} pool as of {view['as_of']}: {counts}\n{table(rows)}"
    emit(obj.fmt, view, text)


@position.command("update")
@click.argument("position_id")
@click.option("--title")
@click.option("--unit", help="Department or subsidiary.")
@click.option("--criticality", type=click.Choice(CRITICALITIES))
@click.option("--target-bench", type=WholeRange(0, 1000))
@click.option("--min-education", type=click.Choice(EDUCATION_LEVELS))
@click.option("--min-years", type=WholeRange(0, 60))
@click.option(
    "--cert", "certifications", multiple=True, help="Required certification (repeat): the new list."
)
@click.option("--no-certs", is_flag=True, help="No certification is required any more.")
@click.option(
    "--prior-post", "prior_posts", multiple=True, help="Required prior post (repeat): the new list."
)
@click.option("--no-prior-posts", is_flag=True, help="No prior post is required any more.")
@click.option("--weights", help="All four competency weights, e.g. core_competence=0.4,...")
@click.option("--family", help="Position family (training courses).")
@click.option("--reports-to", metavar="POSITION", help="The post this one reports to.")
@click.option("--incumbent", metavar="EMPLOYEE", help="Who holds the post now.")
@click.option(
    "--planned-departure", metavar="DATE", help="When the incumbent is expected to leave."
)
@click.option("--departure-reason", type=click.Choice(DEPARTURE_REASONS))
@click.option(
    "--no-incumbent", is_flag=True, help="The post is vacant: no incumbent, no departure."
)
@click.option("--no-reports-to", is_flag=True, help="The post reports to no other in the record.")
@click.option("--reason", required=True, help="Why the position changes (kept in the record).")
@pass_ctx
@writes_store
def position_update(
    obj: CliContext,
    /,
    position_id: str,
    reason: str,
    no_certs: bool,
    no_prior_posts: bool,
    no_incumbent: bool,
    no_reports_to: bool,
    **options: object,
) -> None:
    """Change what a position asks of its successors; every change is an event with a reason.

    Decisions taken before keep the requirements they read; `position show --as-of` shows the
    position as it was. The echelon cannot change: retire the position and define another.

    \b
    Example:
      succession-flow position update VP-SALES --min-years 12 --cert "Sales Leadership" \\
        --cert "Key Accounts" --reason "board decision of 2027-03-01"
    """
    changes = {k: v for k, v in options.items() if v is not None and v != ()}
    for flag, name in ((no_certs, "certifications"), (no_prior_posts, "prior_posts")):
        if flag and name in changes:
            raise InvalidInput(f"--{name.replace('_', '-')}: give a new list or clear it, not both")
        if flag:
            changes[name] = []
    if no_incumbent:
        given = sorted(set(changes) & {"incumbent", "planned_departure", "departure_reason"})
        if given:
            raise InvalidInput(f"--no-incumbent: not with --{given[0].replace('_', '-')}")
        changes.update(incumbent=None, planned_departure=None, departure_reason=None)
    if no_reports_to:
        if "reports_to" in changes:
            raise InvalidInput("--no-reports-to: not with --reports-to")
        changes["reports_to"] = None
    for name in ("certifications", "prior_posts"):
        if name in changes:
            changes[name] = list(changes[name])  # type: ignore[call-overload]
    if "weights" in changes:
        changes["competency_weights"] = parse_weights(str(changes.pop("weights")))
    if not changes:
        raise InvalidInput("position update: name at least one attribute to change")
    revised, changed = staffing.revise_position(
        obj.services, position_id, changes, obj.actor, reason
    )
    shown = ", ".join(f"{k}={v}" for k, v in changed.items()) or "nothing changed"
    emit(
        obj.fmt,
        {**position_row(revised, target_bench(obj.services, revised)), "changed": changed},
        f"position {position_id} revised: {shown}",
    )


@position.command("retire")
@click.argument("position_id")
@click.option("--reason", required=True, help="Why the post is retired (kept in the record).")
@pass_ctx
@writes_store
def position_retire(obj: CliContext, position_id: str, reason: str) -> None:
    """Retire a position: it takes no new nominations; its record stays as it was.

    \b
    Example:
      succession-flow position retire OLD-POST --reason "merged into VP-SALES"
    """
    retired = staffing.retire_position(obj.services, position_id, obj.actor, reason)
    row = position_row(retired, target_bench(obj.services, retired))
    emit(obj.fmt, row, f"position {position_id} retired")


@position.command("demand")
@click.argument("position_id")
@click.argument("vacancies", type=WholeRange(0, 1000))
@click.option("--reason", required=True, help="Why the demand at the post changes.")
@pass_ctx
@writes_store
def position_demand(obj: CliContext, position_id: str, vacancies: int, reason: str) -> None:
    """Set how many vacancies the post has: `select` promotes into them.

    \b
    Example:
      succession-flow position demand CTO 1 --reason "the CTO retires in June"
    """
    changed = staffing.change_demand(obj.services, position_id, vacancies, obj.actor, reason)
    row = position_row(changed, target_bench(obj.services, changed))
    emit(obj.fmt, row, f"position {position_id}: {vacancies} vacancies")


@click.group()
def employee() -> None:
    """Employees' HR records (the facts the rules read)."""


@employee.command("show")
@click.argument("employee_id")
@pass_ctx
def employee_show(obj: CliContext, employee_id: str) -> None:
    """Show an employee's HR record.

    \b
    Example:
      succession-flow employee show E1001
    """
    detail = employee_detail(staffing.get_employee(obj.services, employee_id))
    emit(obj.fmt, detail, record(detail))


def register(group: click.Group) -> None:
    from succession_flow.cli.commands_fairness import join_employee
    from succession_flow.cli.commands_position_import import position_import

    join_employee(employee)
    position.add_command(position_import)
    for command in (init, position, employee):
        group.add_command(command)
