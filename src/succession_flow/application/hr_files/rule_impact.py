"""The adverse impact of a rule change before it is published, on the same people.

`rules simulate` decides today's waiting candidates with the published version and with the
file; this compares the two sets of outcomes category by category (application/audit/impact),
so HR sees an impact ratio fall before anyone is decided by it. A workflow with
`adverse_impact: refuse` makes `rules publish` refuse a version that flags a category the
published one did not, unless HR accepts it with a justification, which is recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from succession_flow.application.audit.impact import Assessed, AxisImpact, impact, newly_flagged
from succession_flow.application.hr_files.rule_publishing import Acceptance, PublishReport, publish
from succession_flow.application.hr_files.rule_simulation import (
    UNPUBLISHED,
    Judged,
    Simulation,
    simulate,
)
from succession_flow.application.hr_files.workflows import published_workflow
from succession_flow.application.people.access import require
from succession_flow.application.services import Services
from succession_flow.domain.errors import InvalidInput
from succession_flow.domain.lifecycle import Echelon
from succession_flow.domain.pipeline_steps import FAVOURABLE
from succession_flow.domain.roles import Capability
from succession_flow.domain.values import check_reason
from succession_flow.formats.hr_folder import HrFolder


class ImpactRefused(InvalidInput):
    """A workflow refuses versions that flag a new category; nothing was written."""


@dataclass(frozen=True)
class StepImpact:
    step: str
    published: list[AxisImpact] | None
    """None while the step's rule set has never been published."""
    on_disk: list[AxisImpact]

    def newly_flagged(self) -> list[str]:
        return [f"{self.step} {f}" for f in newly_flagged(self.published or [], self.on_disk)]

    def rows(self) -> list[dict[str, Any]]:
        before = {a.axis: a.ratios() for a in self.published or []}
        rows = []
        for axis in self.on_disk:
            old = before.get(axis.axis, {})
            for c in axis.categories:
                was = old.get(c.category)
                rows.append(
                    {
                        "step": self.step,
                        "axis": axis.axis,
                        "category": c.category,
                        "assessed": c.assessed,
                        "published_ratio": None if was is None else round(was, 4),
                        "file_ratio": None if c.ratio is None else round(c.ratio, 4),
                        "flagged": c.flagged,
                    }
                )
        return rows


def step_impact(step: str, judged: list[Judged]) -> StepImpact:
    favourable = FAVOURABLE[step]
    on_disk = impact(Assessed(j.categories, j.on_disk in favourable) for j in judged)
    if any(j.published == UNPUBLISHED for j in judged):
        return StepImpact(step, None, on_disk)
    published = impact(Assessed(j.categories, j.published in favourable) for j in judged)
    return StepImpact(step, published, on_disk)


def compare_impact(simulation: Simulation) -> list[StepImpact]:
    """Each audited step someone waits for, published version against the file."""
    return [
        step_impact(step, [j for j in simulation.judged if j.step == step])
        for step in FAVOURABLE
        if any(j.step == step for j in simulation.judged)
    ]


def impact_rows(impacts: list[StepImpact]) -> list[dict[str, Any]]:
    return [row for i in impacts for row in i.rows()]


def refusing_workflows(services: Services) -> list[str]:
    found = (published_workflow(services, e.value) for e in Echelon)
    return [w.name for w in found if w is not None and w.adverse_impact == "refuse"]


@dataclass
class CheckedPublish:
    report: PublishReport
    impacts: list[StepImpact]
    accepted: list[str]


def publish_checked(
    services: Services,
    folder: Path | HrFolder,
    actor: str,
    note: str = "",
    accept_impact: bool = False,
    justification: str = "",
) -> CheckedPublish:
    """Publish after simulating the change; refuse (or record the acceptance of) a new flag."""
    require(services, actor, Capability.CONFIGURE)
    if accept_impact:
        missing = "--accept-impact needs --justification: say why the impact is accepted"
        check_reason("--justification", justification, missing)
    chosen = folder if isinstance(folder, HrFolder) else HrFolder(folder, "option")
    impacts = compare_impact(simulate(services, chosen.path))
    flagged = [f for i in impacts for f in i.newly_flagged()]
    refusing = refusing_workflows(services)
    if flagged and refusing and not accept_impact:
        raise ImpactRefused(
            f"{chosen.path}: the new rules flag {'; '.join(flagged)} below the four-fifths ratio"
            f" and workflow {', '.join(refusing)} refuses that (adverse_impact: refuse); fix the"
            " rules or publish with --accept-impact --justification TEXT"
        )
    accepted = Acceptance(flagged, justification) if accept_impact and flagged else None
    report = publish(services, chosen, actor, note, accepted)
    return CheckedPublish(report, impacts, flagged if accepted else [])
