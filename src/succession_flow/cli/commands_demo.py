"""`demo`: a realistic company taken through the whole pipeline in a fresh store."""

from __future__ import annotations

import sys
from typing import Any

import click

from succession_flow.application.hr_files.rule_publishing import publish as publish_rules
from succession_flow.cli.context import CliContext, pass_ctx, writes_store
from succession_flow.cli.options import WholeRange
from succession_flow.cli.render import emit, table
from succession_flow.demo.fresh_store import DEMO_URL, demo_folder, fresh_store
from succession_flow.demo.run import run_demo, write_report
from succession_flow.demo.summary import DemoSummary
from succession_flow.demo.users import add_demo_users
from succession_flow.reports.report import percent


def outcome_line(step: str, outcomes: dict[str, int]) -> str:
    done = ", ".join(f"{k} {v}" for k, v in outcomes.items()) or "nothing to do"
    return f"  {step:<18} {done}"


def plan_lines(plan: dict[str, Any], refused: list[str]) -> list[str]:
    money = plan["budget"]
    period = plan["period"]
    return [
        f"Talent plan {plan['plan']} ({period['start']} to {period['end']}): {plan['title']}",
        *(
            f"  {g['goal']:<18} {g['met']} of {g['of']} ({percent(g['progress'])}), "
            f"due {g['due']}, {g['status']}"
            for g in plan["goals"]
        ),
        "  overdue stages: "
        + (", ".join(plan["overdue_stages"]) or "none")
        + "; overdue tasks: "
        + (", ".join(plan["overdue_tasks"]) or "none"),
        f"  training budget: {money['committed']:,.0f} of {money['budget']:,.0f} "
        f"{money['currency']} committed, {money['remaining']:,.0f} left",
        *(f"  refused: {r}" for r in refused),
    ]


def organisation_lines(organisation: dict[str, Any]) -> list[str]:
    """The org chart and its vacancy risks, as `report orgchart` shows and counts them."""
    if not organisation:
        return []
    risks = organisation["vacancy_risk"]
    return [
        f"Succession org chart (report orgchart): vacancy risk high {risks['high']}, "
        f"medium {risks['medium']}, low {risks['low']}",
        table(organisation["chart"]),
        *(f"  {p['position']}: {p['risk']} ({p['why']})" for p in organisation["at_risk"]),
        "",
    ]


def review_lines(review: dict[str, Any]) -> list[str]:
    """The calibration session: which population, each move and why, how many applied."""
    if not review:
        return []
    ((kind, value),) = review["population"].items()
    return [
        f"Talent review session {review['session']} ({kind} {value}): "
        f"{review['applied']} moves applied at close (review show {review['session']})",
        *(f"  {m['move']}: {m['reason']}" for m in review["moves"]),
        "",
    ]


def approval_lines(approvals: list[dict[str, str]]) -> list[str]:
    """The nominations proposed under approval, each with its approver's verdict and reason."""
    if not approvals:
        return []
    return [
        "Nominations under approval (key positions, from December):",
        *(
            f"  {a['candidate']} proposed by {a['proposed_by']}, {a['decided']} by {a['by']}: "
            f"{a['reason']}"
            for a in approvals
        ),
        "",
    ]


def fairness_lines(story: dict[str, Any]) -> list[str]:
    """The audit's finding and the revision's effect, in the words the report uses."""
    if not story:
        return []
    flagged = [f"{f['axis']} {f['category']} {f['impact_ratio']:.2f}" for f in story["flagged"]]
    return [
        f"Fairness audit of the {story['step']} rules (report adverse-impact --step "
        f"{story['step']}; small groups: read the p-values):",
        f"  impact ratio below 0.8: {', '.join(flagged) or 'none'}",
        f"  decided again by the revised rules in {story['revised_rules']} "
        "(rules simulate --decided):",
        *(
            f"    {r['axis']} {r['category']} {r['published_ratio']:.2f} -> {r['file_ratio']:.2f}"
            + (" (still below 0.8)" if r["flagged"] else "")
            for r in story["risen"]
        ),
        "",
    ]


def summary_text(summary: DemoSummary, url: str) -> str:
    need = [
        f"  {r['position_id']}: {r['remaining']} left of a bench of {r['target']}; "
        + (
            f"nominated from {r['source']}: {', '.join(r['nominated'])}"
            if r["nominated"]
            else f"nobody from {r['source']} fits yet"
        )
        for r in summary.replenished
    ]
    exited = [
        {k: v for k, v in e.items() if k != "reason"} | {"why": e["reason"]} for e in summary.exited
    ]
    parts = [
        f"Demo company: {summary.positions} positions, {summary.employees} employees, "
        f"{summary.candidates} candidates",
        f"HR data imported: {summary.imported.get('rows', 0)} rows, "
        f"{summary.imported.get('events', 0)} events",
        "Not put forward (nomination criteria or places): "
        + (", ".join(summary.not_nominated) or "nobody"),
        "",
        "Steps (decided by the published rules, per echelon workflow):",
        *(outcome_line(step, outcomes) for step, outcomes in summary.steps.items()),
        "",
        "Candidates by stage:",
        table(summary.stages),
        "",
        "Benches (pool members by readiness):",
        table(summary.benches),
        "",
        "Promoted:",
        table(summary.promoted),
        "",
        "Left the pipeline:",
        table(exited),
        "",
        "Did not pass evaluation or pool entry (still candidates, for review):",
        table(summary.stopped),
        "",
        "Pools replenished after selection:",
        *(need or ["  every pool is at its target bench"]),
        "",
        *plan_lines(summary.plan, summary.refused),
        "",
        *organisation_lines(summary.organisation),
        *review_lines(summary.review),
        *approval_lines(summary.approvals),
        *fairness_lines(summary.fairness),
        f"Explore: succession-flow --store {url} list --echelon key-position",
    ]
    return "\n".join(parts)


@click.command("demo")
@click.option("--replace", is_flag=True, help="Start over: remove an earlier demo store first.")
@click.option(
    "--store",
    "demo_store",
    metavar="URL",
    help=f"Where the demo writes (default {DEMO_URL}); must be new or empty.",
)
@click.option("--serve", is_flag=True, help="Then serve the console on it, with demo users.")
@click.option("--host", default="127.0.0.1", show_default=True, help="With --serve: address.")
@click.option("--port", type=WholeRange(0, 65535), default=8000, show_default=True)
@pass_ctx
@writes_store
def demo(
    obj: CliContext, replace: bool, demo_store: str | None, serve: bool, host: str, port: int
) -> None:
    """Build a demo company in a fresh store and run it through the whole pipeline.

    One year of a company, told on last year's dates (so --as-of has answers): positions in
    all three echelons with incumbents and a reporting line, 30 employees imported from the
    sample HR exports, the shipped rules and workflows published, the sample talent plan
    adopted (its budget gates training), then nominate, evaluate, pool, train, course results,
    complete training, selection by demand and replenishment from the reserve; at the year's
    end a talent review, a calibration session and two nominations under approval (one
    approved, one rejected). Prints a summary (the org chart, the plan's goals and budget, the
    session, the approvals) and writes the HTML report succession-flow-demo.html next to the
    store. Never touches $SUCCESSION_FLOW_STORE or an existing store.
    With --serve it then adds a user for each of reviewer, operator, hr-owner and auditor,
    prints the console's address and their passwords (made now, shown once), and serves the
    console until Ctrl-C.

    \b
    Example:
      succession-flow demo
      succession-flow demo --replace
      succession-flow demo --replace --serve --port 8080
    """
    url = demo_store or obj.store_url or DEMO_URL
    services = fresh_store(obj.config.with_store(url), replace)
    try:
        summary = run_demo(services, publish_rules)
        report = write_report(services, demo_folder(url), summary)
        people = add_demo_users(services) if serve else []
    finally:
        services.close()
    value: dict[str, Any] = {"store": url, **summary.to_dict(), "report": str(report)}
    text = summary_text(summary, url) + f"\nHTML report: {report}"
    if not serve:
        emit(obj.fmt, value, text)
        return
    address = f"http://{host}:{port}/"
    logins = [{"user": u.name, "role": u.role, "password": u.password} for u in people]
    emit(obj.fmt, {**value, "console": address, "users": logins},
         f"{text}\n\nConsole: {address} (Ctrl-C stops)\nSign in as:\n{table(logins)}")  # fmt: skip
    sys.stdout.flush()
    from succession_flow.cli.commands_serve import listen

    listen(obj.config.with_store(url), host, port)


def register(group: click.Group) -> None:
    group.add_command(demo)
