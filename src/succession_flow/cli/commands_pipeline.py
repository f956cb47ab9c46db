"""The pipeline's steps for one candidate; judgement steps are decided by the published rules."""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from succession_flow.application.pipeline import steps
from succession_flow.application.pipeline.subject import StepResult
from succession_flow.cli.context import CliContext, pass_ctx, writes_store
from succession_flow.cli.options import (
    CANDIDATE,
    ISO_DATE,
    NumberRange,
    make_override,
    override_options,
)
from succession_flow.cli.render import emit
from succession_flow.domain.keys import CandidateKey
from succession_flow.domain.lifecycle import Readiness


def result_value(result: StepResult) -> dict[str, Any]:
    """A step's answer as `--format json` prints it and the HTTP API returns it."""
    return {
        "candidate": result.key,
        "step": result.step,
        "outcome": result.outcome,
        "state": result.state,
        "overridden": result.overridden,
        "decision": result.decision.to_dict() if result.decision else None,
    }


def show_result(obj: CliContext, result: StepResult) -> None:
    value = result_value(result)
    text = f"{result.key}: {result.step} -> {result.outcome} (now {result.state})"
    if result.decision is not None:
        d = result.decision
        rules = ", ".join(d.matched) or "default"
        text += f"\n  decided by {d.ruleset}@{d.version[:12]} [{rules}]: {d.reason}"
        if result.overridden:
            text += f"\n  overridden by {obj.actor}: rules said {d.outcome}"
    emit(obj.fmt, value, text)


@click.command()
@click.argument("candidate", type=CANDIDATE)
@click.option("--reason", required=True, help="Why this employee is nominated.")
@pass_ctx
@writes_store
def nominate(obj: CliContext, candidate: CandidateKey, reason: str) -> None:
    """Nominate an employee as a successor for a position.

    \b
    Example:
      succession-flow nominate E1001@VP-SALES --reason "strong regional results"
    """
    show_result(obj, steps.nominate(obj.services, candidate, obj.actor, reason))


@click.command()
@click.argument("candidate", type=CANDIDATE)
@override_options
@pass_ctx
@writes_store
def evaluate(
    obj: CliContext, candidate: CandidateKey, override_outcome: str | None, justification: str
) -> None:
    """Evaluate a nominee against the position's evaluation model (rules decide pass or fail).

    \b
    Example:
      succession-flow evaluate E1001@VP-SALES
    """
    override = make_override(override_outcome, justification)
    show_result(obj, steps.evaluate(obj.services, candidate, obj.actor, override))


@click.command("pool")
@click.argument("candidate", type=CANDIDATE)
@override_options
@pass_ctx
@writes_store
def pool_cmd(
    obj: CliContext, candidate: CandidateKey, override_outcome: str | None, justification: str
) -> None:
    """Take a candidate who passed evaluation into the talent pool (rules set readiness).

    \b
    Example:
      succession-flow pool E1001@VP-SALES
    """
    override = make_override(override_outcome, justification)
    show_result(obj, steps.pool(obj.services, candidate, obj.actor, override))


@click.command()
@click.argument("candidate", type=CANDIDATE)
@click.argument("readiness", type=click.Choice([r.value for r in Readiness]), metavar="READINESS")
@click.option(
    "--emergency/--no-emergency", default=None, help="Emergency successor flag (default: as is)."
)
@click.option("--reason", required=True)
@pass_ctx
@writes_store
def readiness(
    obj: CliContext, candidate: CandidateKey, readiness: str, emergency: bool | None, reason: str
) -> None:
    """Change a pooled candidate's readiness after a review.

    \b
    Example:
      succession-flow readiness E1001@VP-SALES ready-now --emergency --reason "review 2026-Q4"
    """
    show_result(
        obj,
        steps.change_readiness(obj.services, candidate, obj.actor, readiness, emergency, reason),
    )


@click.command()
@click.argument("candidate", type=CANDIDATE)
@click.option(
    "--course", "courses", multiple=True, help="Course id (repeat). Default: the workflow's."
)
@click.option(
    "--deadline", type=ISO_DATE, help="End of the training period. Default: today + the period."
)
@click.option(
    "--goal", "goals", multiple=True, help="Personal development goal (repeat). Default: derived."
)
@pass_ctx
@writes_store
def train(
    obj: CliContext,
    candidate: CandidateKey,
    courses: tuple[str, ...],
    deadline: date | None,
    goals: tuple[str, ...],
) -> None:
    """Start a pooled candidate's training plan.

    Without --course and --deadline the plan is the workflow's for the candidate's echelon:
    the required courses of the position's family, due after the training period; without
    --goal, development goals from the candidate's weakest competency and job-match part.

    \b
    Example:
      succession-flow train E1001@VP-SALES
      succession-flow train E1001@VP-SALES --course LEAD-201 --course FIN-110 --deadline 2027-06-30
    """
    show_result(
        obj, steps.train(obj.services, candidate, obj.actor, list(courses), deadline, list(goals))
    )


@click.command("record-course")
@click.argument("candidate", type=CANDIDATE)
@click.argument("course")
@click.option("--score", type=NumberRange(0, 100), required=True)
@click.option(
    "--passed/--failed", "passed", default=None, help="Default: score at or above the pass mark."
)
@pass_ctx
@writes_store
def record_course(
    obj: CliContext, candidate: CandidateKey, course: str, score: float, passed: bool | None
) -> None:
    """Record a course or examination result.

    \b
    Example:
      succession-flow record-course E1001@VP-SALES LEAD-201 --score 84
    """
    show_result(obj, steps.record_course(obj.services, candidate, obj.actor, course, score, passed))


@click.command("complete-training")
@click.argument("candidate", type=CANDIDATE)
@override_options
@pass_ctx
@writes_store
def complete_training(
    obj: CliContext, candidate: CandidateKey, override_outcome: str | None, justification: str
) -> None:
    """Close the training period (rules decide passed or failed; failed exits the candidate).

    \b
    Example:
      succession-flow complete-training E1001@VP-SALES
    """
    override = make_override(override_outcome, justification)
    show_result(obj, steps.complete_training(obj.services, candidate, obj.actor, override))


@click.command()
@click.argument("candidate", type=CANDIDATE)
@click.option("--effective", type=ISO_DATE, help="Effective date (default today).")
@override_options
@pass_ctx
@writes_store
def promote(
    obj: CliContext,
    candidate: CandidateKey,
    effective: date | None,
    override_outcome: str | None,
    justification: str,
) -> None:
    """Decide promotion of a trained candidate (rules: promote, retain or eliminate).

    \b
    Example:
      succession-flow promote E1001@VP-SALES --effective 2027-01-01
    """
    override = make_override(override_outcome, justification)
    show_result(obj, steps.promote(obj.services, candidate, obj.actor, effective, override))


@click.command("exit")
@click.argument("candidate", type=CANDIDATE)
@click.option(
    "--reason",
    "requested",
    type=click.Choice([*steps.EXIT_REASONS, "none"]),
    default="none",
    help="Why the operator asks for the exit; rules decide.",
)
@override_options
@pass_ctx
@writes_store
def exit_cmd(
    obj: CliContext,
    candidate: CandidateKey,
    requested: str,
    override_outcome: str | None,
    justification: str,
) -> None:
    """Take a candidate out of the pipeline (rules decide exit or stay).

    \b
    Example:
      succession-flow exit E1001@VP-SALES --reason withdrawn
    """
    override = make_override(override_outcome, justification)
    show_result(obj, steps.exit_candidate(obj.services, candidate, obj.actor, requested, override))


def register(group: click.Group) -> None:
    for command in (
        nominate,
        evaluate,
        pool_cmd,
        readiness,
        train,
        record_course,
        complete_training,
        promote,
        exit_cmd,
    ):
        group.add_command(command)
