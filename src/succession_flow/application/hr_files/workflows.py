"""The workflows in force: publish them from a folder, and read the one for an echelon.

A workflow says which rule set gates each judgement step, who gets nominated, the training
plan and the due date of each stage. Until one is published for an echelon, judgement steps
use the default rule set names (`Services.step_rulesets`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from succession_flow.application.audit.moments import version_at
from succession_flow.application.services import Services
from succession_flow.domain.echelon_workflow import EchelonWorkflow, workflow_uuid
from succession_flow.domain.errors import InvalidInput, NotFound
from succession_flow.domain.lifecycle import Echelon
from succession_flow.formats.hr_folder import HrFolder

if TYPE_CHECKING:  # types only: the workflow model (pydantic, YAML) loads when one is parsed
    from succession_flow.domain.position import Position
    from succession_flow.formats.workflow.loader import RuleIndex, WorkflowFile
    from succession_flow.formats.workflow.model import Workflow


def parsed(source: str) -> Workflow:
    """A published workflow's text, parsed: the model and its YAML loader load only here, so
    a report on a store with no workflow published never imports pydantic."""
    from succession_flow.formats.workflow.loader import parse_published

    return parse_published(source)


@dataclass(frozen=True)
class Published:
    echelon: str
    name: str
    version: str
    changed: bool


def in_force(services: Services, echelon: str) -> tuple[Workflow, str] | None:
    """The published workflow of an echelon and its version hash, if any."""
    pin = ("workflow", echelon)
    if services.pinned is not None and pin in services.pinned:
        return services.pinned[pin]  # type: ignore[no-any-return]
    found = services.store.find(workflow_uuid(echelon), EchelonWorkflow)
    result = None
    if found is not None and found.current:
        result = parsed(found.current_source), found.current
    if services.pinned is not None:
        services.pinned[pin] = result
    return result


@contextmanager
def pinned(services: Services) -> Iterator[None]:
    """A batch reads each workflow and rule set once: every candidate of the batch is stepped
    under the workflows and rules in force when the batch started."""
    if services.pinned is not None:  # already inside a batch: keep its pins
        yield
        return
    services.pinned = {}
    try:
        yield
    finally:
        services.pinned = None


def published_workflow(services: Services, echelon: str) -> Workflow | None:
    found = in_force(services, echelon)
    return found[0] if found else None


def approval_required(services: Services, echelon: str) -> bool:
    """Whether the echelon's workflow in force holds new nominations for an approver."""
    found = published_workflow(services, echelon)
    return found is not None and found.nomination_approval == "required"


def workflow_for(services: Services, echelon: str) -> Workflow:
    found = published_workflow(services, echelon)
    if found is None:
        raise NotFound(
            f"no workflow published for echelon {echelon}; run `succession-flow workflows publish`"
        )
    return found


def effective_target(own: int, reserve_need: int) -> int:
    """The bench a position aims for: its own target, else its echelon workflow's reserve need.

    The pool rules, replenishment, the summaries and the reports all read this one figure, so
    a reserve track without a target of its own is never "full" to one and short to another.
    """
    return own or reserve_need


def reserve_need(services: Services, echelon: str, moment: datetime | None = None) -> int:
    """The reserve need of the echelon's workflow in force now (or at the moment); else 0."""
    if moment is None:
        workflow = published_workflow(services, echelon)
        return workflow.reserve_need if workflow is not None else 0
    uid = workflow_uuid(echelon)
    version = version_at(services, uid, moment)
    found = services.store.find(uid, EchelonWorkflow, version) if version is not None else None
    if found is None or not found.current:
        return 0
    return parsed(found.current_source).reserve_need


def reserve_needs(services: Services, moment: datetime | None = None) -> dict[str, int]:
    """Every echelon's reserve need then: what the read-model reports resolve targets with."""
    return {e.value: reserve_need(services, e.value, moment) for e in Echelon}


def target_bench(services: Services, position: Position, moment: datetime | None = None) -> int:
    """The effective target of a position, with the workflow in force now (or at the moment)."""
    return effective_target(position.target_bench, reserve_need(services, position.echelon, moment))


def ruleset_for(services: Services, step: str, echelon: str | None) -> str:
    """The rule set that decides `step` for a candidate of `echelon`: the workflow's choice,
    else the default (workflows name the judgement steps, not e.g. the budget gate)."""
    found = published_workflow(services, echelon) if echelon else None
    if found is not None and step in found.transitions:
        return found.transitions[step]
    return services.step_rulesets[step]


def rule_steps(folder: Path) -> dict[str, str]:
    """Each rule set in a rules folder and the step it decides (the rule files must be valid)."""
    from succession_flow.application.hr_files.rule_publishing import load_rules

    return {name: book.step for name, book in load_rules(folder).items()}


def check_workflows(folder: Path, rulesets: RuleIndex | None) -> dict[str, WorkflowFile]:
    """Every workflow file of the folder, valid; else every problem, one per line."""
    from succession_flow.formats.workflow.loader import read_workflows

    return read_workflows(folder, rulesets)


def publish_workflows(
    services: Services,
    folder: Path | HrFolder,
    rulesets: RuleIndex | None,
    actor: str,
    note: str,
) -> list[Published]:
    """Check every file first; then publish those whose text changed, all in one save. The
    shipped defaults (no ./workflows here) never replace a workflow HR published."""
    if not note.strip():
        raise InvalidInput("--note is required to publish: say why the workflows change")
    chosen = folder if isinstance(folder, HrFolder) else HrFolder(folder, "option")
    files = check_workflows(chosen.path, rulesets)

    def attempt() -> list[Published]:
        results, changed, replaced = [], [], []
        for echelon, loaded in sorted(files.items()):
            version = hashlib.sha256(loaded.source.encode("utf-8")).hexdigest()
            doc = services.store.find(workflow_uuid(echelon), EchelonWorkflow)
            doc = doc or EchelonWorkflow(echelon=echelon, actor=actor)
            fresh = doc.current != version
            if fresh:
                replaced += [f"{echelon} {doc.current[:12]}"] if doc.current else []
                doc.publish(loaded.workflow.name, version, loaded.source, actor, note)
                changed.append(doc)
            results.append(Published(echelon, loaded.workflow.name, version, fresh))
        chosen.refuse_replacing(replaced)
        services.store.save(*changed)
        return results

    return services.store.retrying(attempt, "workflows")
