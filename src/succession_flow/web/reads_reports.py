"""The reports and rule-set reads of the console: the report functions `report ...` calls and
the rule inspection `history ruleset:NAME` and `rules diff` call."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from succession_flow.application.audit import history
from succession_flow.application.audit.decisions import Period, decision_record
from succession_flow.application.hr_files.workflows import reserve_needs
from succession_flow.application.queries.read_model import source
from succession_flow.application.services import Services
from succession_flow.domain.errors import NotFound
from succession_flow.readmodel.schema import Database
from succession_flow.reports.adverse_impact import Scope, adverse_impact
from succession_flow.reports.bench import bench
from succession_flow.reports.ninebox import ninebox
from succession_flow.reports.orgchart import orgchart
from succession_flow.reports.pipeline import pipeline
from succession_flow.reports.plan_status import plan_status
from succession_flow.reports.report import Report

REPORTS = ("bench", "pipeline", "ninebox", "orgchart", "plan", "adverse-impact")


@dataclass(frozen=True)
class Filters:
    """What a report page narrows to: the bench by echelon and unit, the org chart by unit,
    the nine-box by unit and position, the plan by id (default: the one in force)."""

    echelon: str = "key-position"
    unit: str | None = None
    position: str | None = None
    plan: str | None = None


def report(services: Services, name: str, as_of: datetime | None, filters: Filters) -> Report:
    """One report as `report NAME --as-of` makes it."""
    if name == "adverse-impact":
        return adverse_impact_report(services, as_of)
    if name == "plan":
        return plan_report(services, filters.plan, as_of)
    today = as_of.date() if as_of else services.today()
    needs = reserve_needs(services, as_of) if name == "bench" else {}
    makers: dict[str, Callable[[Database], Report]] = {
        "bench": lambda db: bench(db, filters.echelon, False, needs, filters.unit),
        "pipeline": pipeline,
        "ninebox": lambda db: ninebox(db, False, filters.unit, filters.position),
        "orgchart": lambda db: orgchart(db, today, filters.unit, False),
    }
    if name not in makers:
        raise NotFound(f"report {name!r} not found: use one of {', '.join(REPORTS)}")
    with source(services, as_of) as db:
        return makers[name](db)


def adverse_impact_report(services: Services, as_of: datetime | None) -> Report:
    """`report adverse-impact --as-of`: every rule decision by category (the auditor's)."""
    return adverse_impact(decision_record(services, Period(None, as_of)), Scope())


def plan_report(services: Services, plan_id: str | None, as_of: datetime | None) -> Report:
    """`report plan [PLAN] --as-of`: the plan as it stood then, measured on the pools then."""
    from succession_flow.application.hr_files.plans import plan_as_of, require_plan  # plan models

    found = plan_as_of(services, require_plan(services, plan_id), as_of)
    day = as_of.date() if as_of else services.today()
    with source(services, as_of) as db:
        return plan_status(db, found, day)


def rulesets(services: Services, as_of: datetime | None) -> list[dict[str, Any]]:
    """Every published rule set with each version: when, by whom, and the note (`history
    ruleset:NAME`, without the sources)."""
    from succession_flow.application.hr_files.rule_publishing import published_rulesets

    keep = history.HistoryFilter(until=as_of, event_types=("Published",))
    found = []
    for name, ruleset in sorted(published_rulesets(services).items()):
        versions = [
            {
                "version": e["details"]["version"],
                "time": e["time"],
                "by": e["actor"],
                "note": e["details"].get("note", ""),
            }
            for e in history.history(services, f"ruleset:{name}", keep)
        ]
        if versions:
            found.append({"name": name, "step": ruleset.step, "current": versions[-1]["version"],
                          "versions": versions})  # fmt: skip
    return found


def ruleset_diff(services: Services, old: str, new: str) -> dict[str, Any]:
    """`rules diff --from OLD --to NEW`."""
    from succession_flow.application.hr_files.rule_inspection import diff_versions

    return diff_versions(services, old, new).to_dict()
