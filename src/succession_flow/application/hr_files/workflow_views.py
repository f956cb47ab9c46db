"""Workflows as plain values for presentation: what each echelon's pipeline does."""

from __future__ import annotations

from typing import Any

from succession_flow.formats.workflow.model import Workflow


def workflow_detail(workflow: Workflow, version: str = "") -> dict[str, Any]:
    detail: dict[str, Any] = {
        "echelon": workflow.echelon,
        "name": workflow.name,
        "rule_sets": dict(workflow.transitions),
        "nomination": workflow.nomination.model_dump(),
        "nomination_approval": workflow.nomination_approval,
        "training_days": workflow.training.period_days,
        "courses": {family: list(c) for family, c in workflow.training.courses.items()},
        "reserve_need": workflow.reserve_need,
        "due_days": {stage: s.due_days for stage, s in workflow.stages.items()},
    }
    if version:
        detail["version"] = version[:12]
    return detail


def workflow_text(detail: dict[str, Any]) -> str:
    """A few readable lines per workflow."""
    nomination = detail["nomination"]
    lines = [
        f"{detail['echelon']}: {detail['name']}"
        + (f" (version {detail['version']})" if "version" in detail else ""),
        "  rule sets:    " + ", ".join(f"{k}={v}" for k, v in detail["rule_sets"].items()),
        f"  nominate:     latest rating >= {nomination['min_latest_rating']}, potential "
        f"{'/'.join(nomination['potential'])}, at most {nomination['max_per_position']} "
        "per position"
        + ("; each approved by an approver" if detail["nomination_approval"] == "required" else ""),
        f"  training:     {detail['training_days']} days",
        *(f"    {family}: {', '.join(c)}" for family, c in detail["courses"].items()),
        f"  reserve need: {detail['reserve_need']} per position",
        "  due (days):   " + ", ".join(f"{k}={v}" for k, v in detail["due_days"].items()),
    ]
    return "\n".join(lines)
