"""Every course the published workflows train is priced by the plan adopted.

The budget gate prices a training plan by the talent plan's course catalogue; a course the
catalogue leaves out would cost nothing, so the budget would be spent without anyone seeing
it. `plan adopt` refuses such a plan, one line per course, at the catalogue's line.
"""

from __future__ import annotations

from pathlib import Path

from succession_flow.application.hr_files.workflows import published_workflow
from succession_flow.application.services import Services
from succession_flow.domain.lifecycle import Echelon
from succession_flow.formats.planbook.model import TalentPlanSpec
from succession_flow.formats.yaml_source import YamlProblems, load_located


def unpriced(services: Services, catalogue: set[str]) -> list[str]:
    """`course C (workflow W, family F)` for each workflow course the catalogue leaves out."""
    found = []
    for echelon in Echelon:
        workflow = published_workflow(services, echelon.value)
        if workflow is None:
            continue
        for family, courses in workflow.training.courses.items():
            found += [
                f"course {course} (workflow {workflow.name}, family {family})"
                for course in courses
                if course not in catalogue
            ]
    return found


def check_priced(services: Services, path: Path, spec: TalentPlanSpec, text: str) -> None:
    missing = unpriced(services, set(spec.courses))
    if missing:
        line = load_located(text, str(path)).line_of(("courses",))
        raise YamlProblems(
            [
                f"{path}:{line}: {course} is not in the plan's course catalogue "
                "(it would be priced at 0)"
                for course in missing
            ]
        )
