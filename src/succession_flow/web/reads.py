"""Every read the console's pages and the API share: plain values from the CLI's own use cases.

Nothing here queries the store or the read model itself; each function calls what the matching
command calls, so a page, its JSON and the terminal always agree.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from succession_flow.application.audit import history, moments
from succession_flow.application.audit.position_versions import PositionVersions
from succession_flow.application.hr_files.workflows import reserve_needs
from succession_flow.application.pipeline.replenishing import replenishment
from succession_flow.application.queries import finding
from succession_flow.application.queries.read_model import source
from succession_flow.application.queries.views import candidate_status, employee_detail
from succession_flow.application.services import Services
from succession_flow.domain.candidate import Candidate
from succession_flow.domain.employee import Employee
from succession_flow.domain.errors import NotFound
from succession_flow.domain.keys import CandidateKey, employee_uuid, position_uuid
from succession_flow.domain.lifecycle import Echelon
from succession_flow.domain.position import Position
from succession_flow.readmodel.schema import Database
from succession_flow.reports.bench import bench
from succession_flow.reports.listing import candidate_rows
from succession_flow.reports.ninebox import ninebox
from succession_flow.reports.orgchart import orgchart
from succession_flow.reports.overview import has_organisation
from succession_flow.reports.position import position_report
from succession_flow.web.moments import shown


def positions(
    services: Services, as_of: datetime | None, echelon: str, unit: str | None
) -> dict[str, Any]:
    """`report bench --echelon E --unit U`, and the units there are to choose from."""
    needs = reserve_needs(services, as_of)
    today = as_of.date() if as_of else services.today()
    with source(services, as_of) as db:
        report = bench(db, echelon, False, needs, unit)
        chart = organisation(db, today, unit) if echelon != Echelon.RESERVE else None
    units = sorted({p.unit for p in finding.positions(services)})
    return {"as_of": shown(as_of), **report.value, "units": units, "orgchart": chart}


def organisation(db: Database, today: date, unit: str | None) -> dict[str, Any] | None:
    """`report orgchart --unit U`, once the posts have incumbents or reporting lines (as the
    HTML report decides); None before, or for a unit of reserve tracks only."""
    try:
        chart = orgchart(db, today, unit)
    except NotFound:
        return None
    return chart.value if has_organisation(chart) else None


def position(services: Services, position_id: str, as_of: datetime | None) -> dict[str, Any]:
    """`report position`, with `select`'s replenishment need when the view is of now."""
    needs = reserve_needs(services, as_of)
    with source(services, as_of) as db:
        report = position_report(db, position_id, False, needs)
    need = None if as_of is not None else replenishment_need(services, position_id)
    found = {"as_of": shown(as_of), **report.value}
    return {**found, "revision": revision(services, position_id, as_of), "replenishment": need}


def revision(services: Services, position_id: str, as_of: datetime | None) -> dict[str, Any]:
    """The position record's version then and the revision in force at it, as `explain`
    cites the version a decision read."""
    found = moments.as_of(
        services, position_uuid(position_id), Position, f"position {position_id}", as_of
    )
    return PositionVersions(services, position_id).cite(found.version)


def replenishment_need(services: Services, position_id: str) -> dict[str, Any]:
    """`select`'s figure; without a workflow in force there is none, and the page says why."""
    try:
        return dict(replenishment(services, position_id).__dict__)
    except NotFound as error:
        return {"need": None, "unknown": str(error)}


def candidate(services: Services, key: CandidateKey, as_of: datetime | None) -> dict[str, Any]:
    """`status`, `history` and `explain` of one candidate, each as of the moment."""
    from succession_flow.application.audit import explanation  # the rule parser: only here

    found = moments.as_of(services, key.uuid, Candidate, f"candidate {key}", as_of)
    person = services.store.find(employee_uuid(key.employee_id), Employee)
    keep = history.HistoryFilter(until=as_of)
    decisions = [e for e in explanation.explain(services, key) if until(e["time"], as_of)]
    return {
        "as_of": shown(as_of),
        "status": candidate_status(found, person),
        "timeline": history.history(services, str(key), keep),
        "decisions": decisions,
    }


def until(time: str, as_of: datetime | None) -> bool:
    """Whether an entry recorded at `time` (to the second) had happened by the moment."""
    return as_of is None or datetime.fromisoformat(time) <= as_of


def employee(services: Services, employee_id: str, as_of: datetime | None) -> dict[str, Any]:
    """The talent card: the HR record then, when it changed, every candidacy, the nine-box."""
    label = f"employee {employee_id}"
    found = moments.as_of(services, employee_uuid(employee_id), Employee, label, as_of)
    changes = history.history(
        services, f"employee:{employee_id}", history.HistoryFilter(until=as_of)
    )
    with source(services, as_of) as db:
        candidacies = [
            r for r in candidate_rows(db) if r["candidate"].startswith(f"{employee_id}@")
        ]
        boxes = ninebox(db).value["boxes"]
    placed = [
        {"performance": b["performance"], "potential": b["potential"], "box": b["box"]}
        for b in boxes
        if any(p["employee"] == employee_id for p in b["people"])
    ]
    return {
        "as_of": shown(as_of),
        "record": employee_detail(found),
        "changes": [
            {k: c[k] for k in ("version", "time", "event", "actor", "details")} for c in changes
        ],
        "candidacies": candidacies,
        "ninebox": placed[0] if placed else None,
    }
