"""Every report at once, for the HTML page HR reads (and the demo writes at its end)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from succession_flow.application.audit.decisions import Period, decision_record
from succession_flow.application.hr_files.plans import plan_as_of, plans
from succession_flow.application.hr_files.workflows import reserve_needs
from succession_flow.application.queries.read_model import source
from succession_flow.application.services import Services
from succession_flow.domain.errors import InvalidInput, NotFound
from succession_flow.domain.plan import TalentPlan
from succession_flow.reports.adverse_impact import Scope, adverse_impact
from succession_flow.reports.bench import bench
from succession_flow.reports.export import subtitle, write_output
from succession_flow.reports.html import page
from succession_flow.reports.ninebox import ninebox
from succession_flow.reports.orgchart import orgchart
from succession_flow.reports.pipeline import pipeline
from succession_flow.reports.plan_status import plan_status
from succession_flow.reports.report import Report, percent


def all_reports(
    services: Services, as_of: datetime | None = None, redact: bool = False
) -> list[Report]:
    """Bench, pipeline, nine-box, the status of the latest adopted plan (if any), and the
    adverse impact of the rules' decisions (counts only, so `--redact` changes nothing)."""
    adopted = plans(services)
    with source(services, as_of) as db:
        needs = reserve_needs(services, as_of)
        found = [
            bench(db, redact=redact, reserve_needs=needs),
            pipeline(db),
            ninebox(db, redact=redact),
        ]
        day = as_of.date() if as_of else services.today()
        chart = orgchart(db, day, redact=redact)
        if has_organisation(chart):
            found.append(chart)
        plan = plan_then(services, adopted[-1], as_of) if adopted else None
        if plan is not None:
            found.append(plan_status(db, plan, day))
    found.append(adverse_impact(decision_record(services, Period(until=as_of)), Scope()))
    return found


def has_organisation(chart: Report) -> bool:
    """The org chart earns its section once some post has an incumbent or a reporting line:
    a post shown below another reports to it, so looking at the top posts is enough."""
    return any(
        post["incumbent"] is not None or post["reports"] for post in chart.value["positions"]
    )


def plan_then(services: Services, plan: TalentPlan, as_of: datetime | None) -> TalentPlan | None:
    """The plan as it stood at the moment; None when it was adopted later."""
    try:
        return plan_as_of(services, plan, as_of)
    except NotFound:
        return None


def headline(reports: list[Report]) -> list[tuple[str, str]]:
    by_kind = {r.kind: r.value for r in reports}
    summary = by_kind["bench"]["summary"]
    figures = [
        ("key-position coverage", percent(summary["coverage"])),
        ("key positions at target bench", f"{summary['meeting_target']} / {summary['positions']}"),
        ("candidates in the pipeline", str(by_kind["pipeline"]["total"])),
        ("stars (high performance, high potential)", str(stars(by_kind["ninebox"]))),
    ]
    if "plan" in by_kind:
        money = by_kind["plan"]["budget"]
        figures.append(("training budget left", f"{money['remaining']:,.0f} {money['currency']}"))
    return figures


def stars(grid: dict[str, Any]) -> int:
    return sum(b["count"] for b in grid["boxes"] if b["box"] == "star")


def write_html_report(
    services: Services,
    path: Path,
    as_of: datetime | None = None,
    redact: bool = False,
    extra: list[Report] | None = None,
) -> Path:
    """The whole succession picture on one self-contained HTML page (and any `extra` section,
    as the demo adds its rule revision)."""
    if path.suffix.lower() not in (".html", ".htm"):
        raise InvalidInput(f"{path}: the HTML report needs a file ending in .html")
    reports = all_reports(services, as_of, redact) + list(extra or [])
    under_title = subtitle(services, as_of, redact)
    try:
        path.write_text(
            page("Succession report", under_title, reports, headline(reports)), encoding="utf-8"
        )
    except OSError as error:
        raise InvalidInput(f"{path}: cannot write: {error.strerror}") from error
    return path


__all__ = ["all_reports", "write_html_report", "write_output"]
