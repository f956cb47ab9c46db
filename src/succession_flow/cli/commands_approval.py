"""Approving or rejecting a proposed nomination (workflows with `nomination_approval: required`)."""

from __future__ import annotations

import click

from succession_flow.application.pipeline import steps
from succession_flow.cli.commands_pipeline import show_result
from succession_flow.cli.context import CliContext, pass_ctx, writes_store
from succession_flow.cli.options import CANDIDATE
from succession_flow.domain.keys import CandidateKey


@click.command()
@click.argument("candidate", type=CANDIDATE)
@click.option("--reason", required=True, help="Why the nomination is approved.")
@pass_ctx
@writes_store
def approve(obj: CliContext, candidate: CandidateKey, reason: str) -> None:
    """Approve a proposed nomination, so the nominee may be evaluated (approver or hr-owner).

    \b
    Example:
      succession-flow --actor dana approve E1001@VP-SALES --reason "succession board 2026-11"
    """
    show_result(obj, steps.approve(obj.services, candidate, obj.actor, reason))


@click.command()
@click.argument("candidate", type=CANDIDATE)
@click.option("--reason", required=True, help="Why the nomination is rejected.")
@pass_ctx
@writes_store
def reject(obj: CliContext, candidate: CandidateKey, reason: str) -> None:
    """Reject a proposed nomination; the candidacy ends (approver or hr-owner).

    \b
    Example:
      succession-flow --actor dana reject E1001@VP-SALES --reason "not yet two years in post"
    """
    show_result(obj, steps.reject(obj.services, candidate, obj.actor, reason))


def register(group: click.Group) -> None:
    group.add_command(approve)
    group.add_command(reject)
