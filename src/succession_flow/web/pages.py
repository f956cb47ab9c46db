"""The console's pages: server-rendered HTML over the same reads as the API, no scripts.

Every page takes `?as_of=` from a date picker in its header and says when it shows the past.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from succession_flow.application.services import Services
from succession_flow.domain.access import Capability
from succession_flow.domain.errors import InvalidInput
from succession_flow.domain.keys import CandidateKey
from succession_flow.domain.lifecycle import Echelon
from succession_flow.reports.html import CSS, section
from succession_flow.reports.render import cell
from succession_flow.web import reads, reads_reports
from succession_flow.web.app import open_services
from succession_flow.web.moments import as_of_moment, shown
from succession_flow.web.security import requires, signed_in
from succession_flow.web.security.guards import ADVERSE_IMPACT

TEMPLATES = Jinja2Templates(
    directory=Path(__file__).parent / "templates", context_processors=[signed_in]
)
TEMPLATES.env.filters["cell"] = cell
router = APIRouter(include_in_schema=False, dependencies=[Depends(requires(Capability.READ))])
Store = Annotated[Services, Depends(open_services)]
AsOf = Annotated[str | None, Query()]
ECHELONS = [e.value for e in Echelon]


def render(request: Request, template: str, title: str, **values: Any) -> HTMLResponse:
    """A page with the shared frame: navigation, the as-of picker, the past-view banner."""
    as_of = request.query_params.get("as_of") or ""
    keep = {k: v for k, v in request.query_params.items() if k != "as_of"}
    frame = {"title": title, "css": Markup(CSS), "as_of": as_of, "keep": keep,
             "past": shown(as_of_moment(as_of)) if as_of else ""}  # fmt: skip
    return TEMPLATES.TemplateResponse(request, template, {**frame, **values})


def error_page(request: Request, body: dict[str, Any]) -> str:
    error = body["error"]
    title = f"{error['status']} {error['category']}"
    frame = {"request": request, "title": title, "css": Markup(CSS), "as_of": "", "keep": {},
             "past": "", "error": error, **signed_in(request)}  # fmt: skip
    return TEMPLATES.get_template("error.html").render(frame)


def echelon_of(text: str) -> str:
    if text not in ECHELONS:
        raise InvalidInput(f"echelon: {text!r} is not one of {', '.join(ECHELONS)}")
    return text


@router.get("/")
async def home() -> RedirectResponse:
    return RedirectResponse("/positions")


@router.get("/positions")
async def positions(
    request: Request, services: Store, as_of: AsOf = None, echelon: str = "key-position",
    unit: str | None = None,
) -> HTMLResponse:  # fmt: skip
    found = reads.positions(services, as_of_moment(as_of), echelon_of(echelon), unit or None)
    return render(request, "positions.html", "Positions and their benches", view=found,
                  echelons=ECHELONS, echelon=echelon, unit=unit or "")  # fmt: skip


@router.get("/positions/{position_id}")
async def position(
    request: Request, services: Store, position_id: str, as_of: AsOf = None
) -> HTMLResponse:
    found = reads.position(services, position_id, as_of_moment(as_of))
    return render(request, "position.html", f"Position {position_id}", view=found)


@router.get("/candidates/{candidate}")
async def candidate(
    request: Request, services: Store, candidate: str, as_of: AsOf = None
) -> HTMLResponse:
    key = CandidateKey.parse(candidate)
    found = reads.candidate(services, key, as_of_moment(as_of))
    return render(request, "candidate.html", f"Candidate {key}", view=found, key=str(key))


@router.get("/employees/{employee_id}")
async def employee(
    request: Request, services: Store, employee_id: str, as_of: AsOf = None
) -> HTMLResponse:
    found = reads.employee(services, employee_id, as_of_moment(as_of))
    return render(request, "employee.html", f"Talent card {employee_id}", view=found)


@router.get("/reports")
async def reports(request: Request) -> HTMLResponse:
    return render(request, "reports.html", "Reports", names=reads_reports.REPORTS)


@router.get("/reports/{name}", dependencies=[Depends(ADVERSE_IMPACT)])
async def report(
    request: Request, services: Store, name: str, as_of: AsOf = None,
    echelon: str = "key-position", unit: str | None = None,
) -> HTMLResponse:  # fmt: skip
    moment = as_of_moment(as_of)
    found = reads_reports.report(services, name, moment, echelon_of(echelon), unit or None)
    return render(request, "report.html", found.title, body=Markup(section(found)), name=name,
                  echelons=ECHELONS, echelon=echelon, unit=unit or "")  # fmt: skip


@router.get("/rules")
async def rules(
    request: Request, services: Store, as_of: AsOf = None,
    old: Annotated[str, Query(alias="from")] = "", new: Annotated[str, Query(alias="to")] = "",
) -> HTMLResponse:  # fmt: skip
    found = reads_reports.rulesets(services, as_of_moment(as_of))
    diff = reads_reports.ruleset_diff(services, old, new) if old and new else None
    return render(request, "rules.html", "Rule sets", rulesets=found, diff=diff, old=old,
                  new=new)  # fmt: skip


@router.get("/audit")
async def audit(request: Request) -> HTMLResponse:
    return render(request, "audit.html", "Audit", result=None)


@router.post("/audit/verify")
async def verify(request: Request, services: Store) -> HTMLResponse:
    """A form's POST: verifying is deliberate (it re-runs every decision), never a prefetch."""
    return render(request, "audit.html", "Audit", result=reads_reports.verify(services))
