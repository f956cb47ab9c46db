"""What the demo did, as plain values: counts per stage and echelon, benches, promotions, how
far the talent plan has come (goals, overdue stages, budget committed against the total), the
org chart, the calibration session and the approvals. Every figure a report has is taken from
that report (`report bench`, `report orgchart`, `plan status`), never counted again here."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from succession_flow.application.hr_files.plans import require_plan
from succession_flow.application.hr_files.workflows import reserve_needs
from succession_flow.application.queries.finding import candidates, employees, positions
from succession_flow.application.queries.read_model import source
from succession_flow.application.services import Services
from succession_flow.domain.candidate import Candidate
from succession_flow.domain.lifecycle import Echelon, State
from succession_flow.reports.bench import READINESS, bench
from succession_flow.reports.orgchart import orgchart
from succession_flow.reports.plan_status import plan_status


@dataclass
class DemoSummary:
    positions: int = 0
    employees: int = 0
    candidates: int = 0
    imported: dict[str, int] = field(default_factory=dict)
    steps: dict[str, dict[str, int]] = field(default_factory=dict)
    stages: list[dict[str, Any]] = field(default_factory=list)
    benches: list[dict[str, Any]] = field(default_factory=list)
    promoted: list[dict[str, str]] = field(default_factory=list)
    exited: list[dict[str, str]] = field(default_factory=list)
    stopped: list[dict[str, str]] = field(default_factory=list)
    not_nominated: list[str] = field(default_factory=list)
    replenished: list[dict[str, Any]] = field(default_factory=list)
    plan: dict[str, Any] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)
    fairness: dict[str, Any] = field(default_factory=dict)
    organisation: dict[str, Any] = field(default_factory=dict)
    """The org chart (its posts table), its vacancy risks and the posts at risk (report
    orgchart's own figures)."""
    review: dict[str, Any] = field(default_factory=dict)
    """The calibration session: its population, its moves with their reasons, how many applied."""
    approvals: list[dict[str, str]] = field(default_factory=list)
    """Each nomination proposed under approval: who proposed, who decided which way, why."""

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def summarise(
    services: Services,
    steps: dict[str, dict[str, int]],
    imported: dict[str, int],
    replenished: list[dict[str, Any]],
    refused: list[str],
) -> DemoSummary:
    names = {e.employee_id: e.name for e in employees(services)}
    found = list(candidates(services))
    summary = DemoSummary(
        positions=len(positions(services)),
        employees=len(names),
        candidates=len(found),
        imported=imported,
        steps=steps,
        replenished=replenished,
        plan=plan_summary(services),
        refused=refused,
        organisation=organisation_summary(services),
    )
    counts = Counter((c.echelon, c.state.value) for c in found)
    for echelon in Echelon:
        row: dict[str, Any] = {"echelon": echelon.value}
        row.update({s.value: counts[(echelon.value, s.value)] for s in State})
        summary.stages.append(row)
    summary.benches = bench_rows(services)
    nominated = {c.employee_id for c in found}
    summary.not_nominated = [f"{e} {n}" for e, n in sorted(names.items()) if e not in nominated]
    for c in found:
        who = {"candidate": str(c.key), "name": names.get(c.employee_id, "")}
        if c.state == State.PROMOTED:
            summary.promoted.append(who)
        elif c.state == State.EXITED:
            summary.exited.append({**who, "from": c.exited_from, "reason": c.exit_reason})
        elif c.state == State.EVALUATED:
            summary.stopped.append({**who, "why": last_reason(services, c)})
    return summary


def bench_rows(services: Services) -> list[dict[str, Any]]:
    """Each position's bench as `report bench` counts it, echelon by echelon."""
    needs = reserve_needs(services)
    rows: list[dict[str, Any]] = []
    with source(services) as db:
        for echelon in Echelon:
            for r in bench(db, echelon.value, reserve_needs=needs).value["positions"]:
                rows.append(
                    {
                        "position": r["position"],
                        "echelon": echelon.value,
                        **{readiness: r[readiness] for readiness in READINESS},
                        "emergency": ", ".join(e["employee"] for e in r["emergency"]),
                        "target": r["target"],
                    }
                )
    return rows


def organisation_summary(services: Services) -> dict[str, Any]:
    """What `report orgchart` says: risk counts and each post at high or medium risk, why."""
    with source(services) as db:
        chart = orgchart(db, services.today())
    flat: list[dict[str, Any]] = []

    def walk(posts: list[dict[str, Any]]) -> None:
        for post in posts:
            flat.append(post)
            walk(post["reports"])

    walk(chart.value["positions"])
    at_risk = [
        {"position": p["position"], "risk": p["vacancy_risk"], "why": "; ".join(p["why"])}
        for p in flat
        if p["vacancy_risk"] != "low"
    ]
    posts = dict(chart.tables)["posts"]
    return {"vacancy_risk": chart.value["vacancy_risk"], "at_risk": at_risk, "chart": posts}


def plan_summary(services: Services) -> dict[str, Any]:
    """The plan's goals, overdue stages and tasks, and its budget, as `plan status` shows them."""
    plan = require_plan(services, None)
    with source(services) as db:
        value = plan_status(db, plan, services.today()).value
    return {
        "plan": value["plan"],
        "title": value["title"],
        "period": value["period"],
        "goals": [
            {k: g[k] for k in ("goal", "met", "of", "progress", "due", "status")}
            for g in value["goals"]
        ],
        "overdue_stages": [s["stage"] for s in value["stages"] if s["status"] == "overdue"],
        "overdue_tasks": value["overdue_tasks"],
        "budget": {k: value["budget"][k] for k in ("currency", "budget", "committed", "remaining")},
    }


def last_reason(services: Services, candidate: Candidate) -> str:
    """The reason of the candidate's latest decision (a failed evaluation, a declined pool)."""
    reasons = [
        e.decision["reason"]
        for e in services.store.events_of(candidate.id)
        if isinstance(getattr(e, "decision", None), dict)
    ]
    return reasons[-1] if reasons else ""
