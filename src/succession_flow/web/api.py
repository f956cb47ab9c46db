"""`/api/v1`: the JSON of every read the console's pages show, documented by OpenAPI.

Each operation returns what the matching CLI command prints with `--format json`; errors are
`{"error": {"status", "category", "message"}}` with the CLI's exit-code categories.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel

from succession_flow.application.services import Services
from succession_flow.domain.keys import CandidateKey
from succession_flow.domain.lifecycle import Echelon
from succession_flow.domain.roles import Capability
from succession_flow.reports.report import Report
from succession_flow.web import reads, reads_audit, reads_reports, reads_rules
from succession_flow.web.app import open_services
from succession_flow.web.moments import as_of_moment, shown
from succession_flow.web.security import requires
from succession_flow.web.security.guards import ADVERSE_IMPACT, SEES_IMPACT
from succession_flow.web.uploads import multipart_body, optional_file, uploaded_file

READ = Capability.READ


class ErrorDetail(BaseModel):
    status: int
    category: str
    message: str


class ErrorBody(BaseModel):
    error: ErrorDetail


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "bad input (CLI exit 2)"},
    401: {"model": ErrorBody, "description": "no API token, or one revoked or of a disabled user"},
    403: {"model": ErrorBody, "description": "the token's role may not do this (CLI exit 7)"},
    404: {"model": ErrorBody, "description": "not found, or no store (CLI exit 3)"},
    409: {"model": ErrorBody, "description": "conflict or damaged record (CLI exit 4, 5, 8)"},
    503: {"model": ErrorBody, "description": "store unavailable (CLI exit 6)"},
}
router = APIRouter(responses=ERRORS, tags=["reads"], dependencies=[Depends(requires(READ))])
Store = Annotated[Services, Depends(open_services)]
AsOf = Annotated[str | None, Query(description="A date (its end) or a time (UTC): the state then.")]
EchelonParam = Annotated[Echelon, Query()]
EXPORT_TYPE = "application/x-ndjson"


@router.get("/positions")
def positions(
    services: Store,
    as_of: AsOf = None,
    echelon: EchelonParam = Echelon.KEY_POSITION,
    unit: str | None = None,
) -> dict[str, Any]:
    """Positions of an echelon with their bench by readiness (`report bench`), by unit."""
    return reads.positions(services, as_of_moment(as_of), echelon.value, unit)


@router.get("/positions/{position_id}")
def position(services: Store, position_id: str, as_of: AsOf = None) -> dict[str, Any]:
    """Requirements, pool by readiness, candidates by state, replenishment need."""
    return reads.position(services, position_id, as_of_moment(as_of))


@router.get("/candidates/{candidate}")
def candidate(services: Store, candidate: str, as_of: AsOf = None) -> dict[str, Any]:
    """A candidate (EMPLOYEE@POSITION): status, timeline, and every decision explained."""
    return reads.candidate(services, CandidateKey.parse(candidate), as_of_moment(as_of))


@router.get("/employees/{employee_id}")
def employee(services: Store, employee_id: str, as_of: AsOf = None) -> dict[str, Any]:
    """An employee's talent card: HR record, its changes, candidacies, nine-box."""
    return reads.employee(services, employee_id, as_of_moment(as_of))


@router.get("/reports/{name}", dependencies=[Depends(ADVERSE_IMPACT)])
def report(
    services: Store,
    name: str,
    as_of: AsOf = None,
    echelon: EchelonParam = Echelon.KEY_POSITION,
    unit: str | None = None,
    position: str | None = None,
    plan: str | None = None,
) -> dict[str, Any]:
    """A report by name: bench (echelon, unit), pipeline, ninebox (unit, position), orgchart
    (unit), plan (plan id, default the one in force), adverse-impact (the auditor's)."""
    moment = as_of_moment(as_of)
    filters = reads_reports.Filters(echelon.value, unit or None, position or None, plan or None)
    return report_body(reads_reports.report(services, name, moment, filters), moment)


def report_body(found: Report, moment: datetime | None) -> dict[str, Any]:
    return {"report": found.kind, "title": found.title, "as_of": shown(moment),
            "notes": found.notes, "value": found.value}  # fmt: skip


@router.get("/rulesets")
def rulesets(services: Store, as_of: AsOf = None) -> dict[str, Any]:
    """Published rule sets, each version with who published it, when, and the note."""
    moment = as_of_moment(as_of)
    return {"as_of": shown(moment), "rulesets": reads_reports.rulesets(services, moment)}


@router.get("/rulesets/diff")
def ruleset_diff(
    services: Store,
    old: Annotated[str, Query(alias="from", min_length=1)],
    new: Annotated[str, Query(alias="to", min_length=1)],
) -> dict[str, Any]:
    """What changed between two published versions (`rules diff --from --to`)."""
    return reads_reports.ruleset_diff(services, old, new)


@router.get("/audit/verify")
def verify(services: Store) -> dict[str, Any]:
    """`audit verify`: `ok` false with findings when anything does not check out."""
    return reads_audit.verify(services)


@router.post("/audit/verify", openapi_extra=multipart_body("digest", required=False))
async def verify_since_digest(request: Request, services: Store) -> dict[str, Any]:
    """`audit verify --since-digest FILE`, the kept digest sent as the form's `digest` file."""
    return reads_audit.verify(services, await optional_file(request, "digest"))


@router.get("/audit/digest")
async def digest(services: Store) -> dict[str, Any]:
    """`audit digest`: events, chain head and time of the store now, to keep offline."""
    return reads_audit.digest(services)


@router.get(
    "/audit/export",
    response_class=StreamingResponse,
    responses={200: {"content": {EXPORT_TYPE: {}}, "description": "JSON Lines"}},
)
async def export(services: Store) -> StreamingResponse:
    """`audit export --redact`: every event with its hashes, names and bodies left out; the
    file verifies on its own (`audit verify --export FILE`)."""
    return export_download(services)


def export_download(services: Services) -> StreamingResponse:
    """The export as a file to save: written whole first, so a refusal is never half a file."""
    summary, body = reads_audit.redacted_export(services)
    name = f"succession-flow-export-{summary['events']}-events.jsonl"
    disposition = {"Content-Disposition": f'attachment; filename="{name}"'}
    return StreamingResponse(body, media_type=EXPORT_TYPE, headers=disposition)


@router.post(
    "/rulesets/simulate",
    dependencies=[Depends(SEES_IMPACT)],
    openapi_extra=multipart_body("file", required=True),
)
async def simulate(request: Request, services: Store) -> dict[str, Any]:
    """`rules simulate` for one rule-set file sent as the form's `file`: whose outcome would
    change, and the impact ratios under both versions. Writes nothing."""
    sent = await uploaded_file(request, "file")
    return reads_rules.simulate(services, sent.data, sent.name)
