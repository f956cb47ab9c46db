"""`/api/v1/jobs`: `run STEP` (and `select`) as a job started now and polled by id.

`POST` checks what the CLI's `run` checks before it reads a candidate (the secret, the role,
the position) and answers 202 with the job; the job then runs on the server's one writer,
after the writes asked before it, through the same `run_step_batch` as `run`. `GET` tells its
state, its progress and, once done, the table `run --format json` prints, or the error that
stopped it. Jobs are kept in the server's memory: they do not survive a restart.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, field_validator

from succession_flow.application.batch.jobs import Job, JobState
from succession_flow.application.batch.runner import Scope
from succession_flow.application.services import Services
from succession_flow.cli.commands_batch import report_value
from succession_flow.domain.lifecycle import Echelon
from succession_flow.domain.pipeline_steps import BATCH_STEPS
from succession_flow.domain.roles import Capability
from succession_flow.web.api import ERRORS, ErrorBody, ErrorDetail
from succession_flow.web.api_steps import WRITE_ERRORS, acting
from succession_flow.web.app import open_services
from succession_flow.web.errors import error_body
from succession_flow.web.moments import shown
from succession_flow.web.security import Principal, requires
from succession_flow.web.writing import capability_of, jobs_of, refuse_early

router = APIRouter(tags=["jobs"])
Store = Annotated[Services, Depends(open_services)]


class JobRequest(BaseModel):
    """`run STEP [--position P] [--echelon E] [--dry-run]`."""

    model_config = ConfigDict(extra="forbid")
    step: str = Field(json_schema_extra={"enum": list(BATCH_STEPS)})
    position: str | None = Field(default=None, description="Only this position.")
    echelon: Echelon | None = Field(default=None, description="Only this echelon.")
    dry_run: bool = Field(default=False, description="Decide and report, write nothing.")

    @field_validator("step")
    @classmethod
    def known_step(cls, step: str) -> str:
        if step not in BATCH_STEPS:
            raise ValueError(f"{step!r} is not one of {', '.join(BATCH_STEPS)}")
        return step


class Progress(BaseModel):
    done: int = Field(description="Candidates stepped or skipped so far.")
    total: int | None = Field(
        description="Candidates waiting for the step (None: not counted yet)."
    )


class BatchResult(BaseModel):
    """What `run STEP --format json` prints: who got which outcome, and who was skipped why."""

    step: str
    dry_run: bool
    considered: int
    applied: int
    outcomes: dict[str, int]
    names: dict[str, list[str]]
    events: int
    errors: list[str]
    interrupted: bool


class JobAnswer(BaseModel):
    id: str
    step: str
    position: str | None
    echelon: str | None
    dry_run: bool
    actor: str
    state: JobState
    submitted: str
    started: str | None
    finished: str | None
    progress: Progress
    result: BatchResult | None = Field(description="Once done: the batch's table.")
    error: ErrorDetail | None = Field(description="Once failed: why, as the API's errors say it.")


def answer(job: Job) -> JobAnswer:
    failure = None if job.error is None else error_body(job.error)["error"]
    return JobAnswer(
        id=job.id,
        step=job.step,
        position=job.scope.position_id,
        echelon=job.scope.echelon,
        dry_run=job.dry_run,
        actor=job.actor,
        state=job.state,
        submitted=moment(job.submitted) or "",
        started=moment(job.started),
        finished=moment(job.finished),
        progress=Progress(done=job.done, total=job.total),
        result=None if job.report is None else BatchResult(**report_value(job.report)),
        error=None if failure is None else ErrorDetail.model_validate(failure),
    )


def moment(time: datetime | None) -> str | None:
    return None if time is None else shown(time)


@router.post("/jobs", status_code=202, responses=WRITE_ERRORS)
async def start_job(
    request: Request,
    body: JobRequest,
    services: Store,
    who: Annotated[Principal, acting("run")],
) -> JobAnswer:
    """Start `run STEP` over a position, an echelon or everyone; poll `GET /jobs/{id}`."""
    refuse_early(services, who.name, capability_of("run"), body.position)
    echelon = None if body.echelon is None else body.echelon.value
    scope = Scope(body.position, echelon)
    return answer(jobs_of(request.app).start(body.step, scope, body.dry_run, who.name))


JOB_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    404: {"model": ErrorBody, "description": "no such job (jobs do not survive a restart)"},
}


@router.get("/jobs/{job_id}", responses=JOB_ERRORS)
async def job(
    request: Request, job_id: str, who: Annotated[Principal, Depends(requires(Capability.READ))]
) -> JobAnswer:
    """A job's state (queued, running, done, failed), progress, and its result or error."""
    return answer(jobs_of(request.app).get(job_id))
