"""`POST /api/v1/candidates/{EMPLOYEE@POSITION}/{step}`: the pipeline's steps for an HR system.

Each route calls the use case of the CLI command of the same name (`application/pipeline/
steps.py`: a single step is a batch of one) on the server's one writer, and answers what that
command prints with `--format json`. The actor is the authenticated principal, never a field of
the body (a body naming one is refused as bad input); the role is the one the CLI's role table
gives the command. Errors are the API's JSON errors, with the CLI's categories.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field

from succession_flow.application.pipeline import steps
from succession_flow.application.pipeline.subject import StepResult
from succession_flow.application.services import Services
from succession_flow.cli.commands_pipeline import result_value
from succession_flow.domain.candidate import Override
from succession_flow.domain.keys import CandidateKey
from succession_flow.domain.lifecycle import Readiness
from succession_flow.domain.values import check_date
from succession_flow.web.api import ERRORS, ErrorBody
from succession_flow.web.security import Principal, requires
from succession_flow.web.writing import capability_of, write

WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    403: {"model": ErrorBody, "description": "the principal's role may not (CLI exit 7)"},
    409: {"model": ErrorBody, "description": "illegal transition or conflict (CLI exit 4, 5, 8)"},
    503: {"model": ErrorBody, "description": "store unavailable, read-only or secret (exit 6, 7)"},
}
router = APIRouter(responses=WRITE_ERRORS, tags=["steps"])


def acting(command: str) -> Any:
    """The principal, refused unless their role may do `command` (the CLI's role table)."""
    return Depends(requires(capability_of(command)))


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Reasoned(Body):
    reason: str = Field(min_length=1, description="Why (recorded with the event).")


class OverrideBody(Body):
    outcome: str = Field(description="The outcome that replaces the rules' one.")
    justification: str = Field(description="Why the rules' outcome is overridden (required).")


class Judged(Body):
    override: OverrideBody | None = None

    def overriding(self) -> Override | None:
        o = self.override
        return None if o is None else Override(outcome=o.outcome, justification=o.justification)


class Training(Body):
    courses: list[str] = Field(default=[], description="Course ids; default: the workflow's.")
    deadline: str | None = Field(default=None, description="YYYY-MM-DD; default: the period's.")
    goals: list[str] = Field(default=[], description="Development goals; default: derived.")


class CourseResult(Body):
    course: str = Field(min_length=1, description="The course or examination id.")
    score: float = Field(ge=0, le=100)
    passed: bool | None = Field(default=None, description="Default: score >= the pass mark.")


class ReadinessChange(Body):
    readiness: Readiness
    emergency: bool | None = Field(default=None, description="Default: the flag stays as is.")
    reason: str = Field(min_length=1, description="Why (a review, recorded with the event).")


class Promotion(Judged):
    effective: str | None = Field(default=None, description="YYYY-MM-DD; default: today.")


class Exit(Judged):
    reason: str = Field(
        default="none",
        description=f"Why the operator asks: one of {', '.join(steps.EXIT_REASONS)} or none.",
    )


class StepAnswer(BaseModel):
    """What `succession-flow --format json STEP` prints."""

    candidate: str
    step: str
    outcome: str
    state: str
    overridden: bool
    decision: dict[str, Any] | None


async def stepped(
    request: Request,
    who: Principal,
    command: str,
    work: Callable[[Services], StepResult],
) -> StepAnswer:
    result = await write(request, who.name, command, work)
    return StepAnswer(**result_value(result))


PATH = "/candidates/{candidate}"


@router.post(f"{PATH}/nominate")
async def nominate(
    request: Request, candidate: str, body: Reasoned, who: Annotated[Principal, acting("nominate")]
) -> StepAnswer:
    """Nominate the employee for the position (`nominate`)."""
    key = CandidateKey.parse(candidate)
    return await stepped(
        request, who, "nominate", lambda s: steps.nominate(s, key, who.name, body.reason)
    )


@router.post(f"{PATH}/evaluate")
async def evaluate(
    request: Request,
    candidate: str,
    who: Annotated[Principal, acting("evaluate")],
    body: Judged | None = None,
) -> StepAnswer:
    """Evaluate against the position's evaluation model; the rules decide (`evaluate`)."""
    key, override = CandidateKey.parse(candidate), (body or Judged()).overriding()
    return await stepped(
        request, who, "evaluate", lambda s: steps.evaluate(s, key, who.name, override)
    )


@router.post(f"{PATH}/pool")
async def pool(
    request: Request,
    candidate: str,
    who: Annotated[Principal, acting("pool")],
    body: Judged | None = None,
) -> StepAnswer:
    """Take an evaluated candidate into the talent pool; the rules set readiness (`pool`)."""
    key, override = CandidateKey.parse(candidate), (body or Judged()).overriding()
    return await stepped(request, who, "pool", lambda s: steps.pool(s, key, who.name, override))


@router.post(f"{PATH}/train")
async def train(
    request: Request,
    candidate: str,
    who: Annotated[Principal, acting("train")],
    body: Training | None = None,
) -> StepAnswer:
    """Start a pooled candidate's training plan, the workflow's unless given (`train`)."""
    key, plan = CandidateKey.parse(candidate), body or Training()
    deadline = None if plan.deadline is None else check_date("deadline", plan.deadline)
    return await stepped(
        request,
        who,
        "train",
        lambda s: steps.train(s, key, who.name, plan.courses, deadline, plan.goals),
    )


@router.post(f"{PATH}/record-course")
async def record_course(
    request: Request,
    candidate: str,
    body: CourseResult,
    who: Annotated[Principal, acting("record-course")],
) -> StepAnswer:
    """Record a course or examination result of a candidate in training (`record-course`)."""
    key = CandidateKey.parse(candidate)
    return await stepped(
        request,
        who,
        "record-course",
        lambda s: steps.record_course(s, key, who.name, body.course, body.score, body.passed),
    )


@router.post(f"{PATH}/readiness")
async def readiness(
    request: Request,
    candidate: str,
    body: ReadinessChange,
    who: Annotated[Principal, acting("readiness")],
) -> StepAnswer:
    """Change a pooled candidate's readiness after a review (`readiness`)."""
    key, new = CandidateKey.parse(candidate), body.readiness.value
    return await stepped(
        request,
        who,
        "readiness",
        lambda s: steps.change_readiness(s, key, who.name, new, body.emergency, body.reason),
    )


@router.post(f"{PATH}/complete-training")
async def complete_training(
    request: Request,
    candidate: str,
    who: Annotated[Principal, acting("complete-training")],
    body: Judged | None = None,
) -> StepAnswer:
    """Close the training period; the rules decide passed or failed (`complete-training`)."""
    key, override = CandidateKey.parse(candidate), (body or Judged()).overriding()
    return await stepped(
        request,
        who,
        "complete-training",
        lambda s: steps.complete_training(s, key, who.name, override),
    )


@router.post(f"{PATH}/promote")
async def promote(
    request: Request,
    candidate: str,
    who: Annotated[Principal, acting("promote")],
    body: Promotion | None = None,
) -> StepAnswer:
    """Decide a trained candidate's promotion: promote, retain or eliminate (`promote`)."""
    key, asked = CandidateKey.parse(candidate), body or Promotion()
    effective = None if asked.effective is None else check_date("effective", asked.effective)
    override = asked.overriding()
    return await stepped(
        request,
        who,
        "promote",
        lambda s: steps.promote(s, key, who.name, effective, override),
    )


@router.post(f"{PATH}/exit")
async def exit_candidate(
    request: Request,
    candidate: str,
    who: Annotated[Principal, acting("exit")],
    body: Exit | None = None,
) -> StepAnswer:
    """Take the candidate out of the pipeline; the rules decide exit or stay (`exit`)."""
    key, asked = CandidateKey.parse(candidate), body or Exit()
    override = asked.overriding()
    return await stepped(
        request,
        who,
        "exit",
        lambda s: steps.exit_candidate(s, key, who.name, asked.reason, override),
    )


@router.post(f"{PATH}/approve")
async def approve(
    request: Request, candidate: str, body: Reasoned, who: Annotated[Principal, acting("approve")]
) -> StepAnswer:
    """Approve a proposed nomination (approver or hr-owner; `approve`)."""
    key = CandidateKey.parse(candidate)
    return await stepped(
        request, who, "approve", lambda s: steps.approve(s, key, who.name, body.reason)
    )


@router.post(f"{PATH}/reject")
async def reject(
    request: Request, candidate: str, body: Reasoned, who: Annotated[Principal, acting("reject")]
) -> StepAnswer:
    """Reject a proposed nomination; the candidacy ends (approver or hr-owner; `reject`)."""
    key = CandidateKey.parse(candidate)
    return await stepped(
        request, who, "reject", lambda s: steps.reject(s, key, who.name, body.reason)
    )
