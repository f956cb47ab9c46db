"""The reports, rule sets and audit reads of the console: the report functions `report ...`
calls, the rule inspection `rules diff` calls, and `audit verify` itself."""

from __future__ import annotations

from collections.abc import Callable
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
from succession_flow.reports.report import Report

REPORTS = ("bench", "pipeline", "ninebox", "orgchart", "adverse-impact")


def report(
    services: Services, name: str, as_of: datetime | None, echelon: str, unit: str | None
) -> Report:
    """One report as `report NAME --as-of` makes it (bench by echelon and unit, org chart by
    unit)."""
    if name == "adverse-impact":
        return adverse_impact(decision_record(services, Period(None, as_of)), Scope())
    today = as_of.date() if as_of else services.today()
    makers: dict[str, Callable[[Database], Report]] = {
        "bench": lambda db: bench(db, echelon, False, reserve_needs(services, as_of), unit),
        "pipeline": pipeline,
        "ninebox": ninebox,
        "orgchart": lambda db: orgchart(db, today, unit, False),
    }
    if name not in makers:
        raise NotFound(f"report {name!r} not found: use one of {', '.join(REPORTS)}")
    with source(services, as_of) as db:
        return makers[name](db)


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


def verify(services: Services) -> dict[str, Any]:
    """`audit verify`: the chains, every aggregate's replay, every rule decision re-run."""
    from succession_flow.application.audit.digest import WITHOUT_DIGEST
    from succession_flow.application.audit.verification import verify as verify_store

    return {**verify_store(services).to_dict(), "without_digest": WITHOUT_DIGEST}
