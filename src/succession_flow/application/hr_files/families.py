"""Which position families exist: those the published workflows name courses for.

A family decides a candidate's training courses, and a family no workflow names silently gets
the `default` courses, so a typo (`salez`) would go unnoticed: once any workflow is published,
a position's family must be one they name, or `general` (each workflow's default courses).
"""

from __future__ import annotations

from succession_flow.application.hr_files.workflows import published_workflow
from succession_flow.application.services import Services
from succession_flow.domain.errors import InvalidInput
from succession_flow.domain.lifecycle import Echelon
from succession_flow.domain.position import NEW_POSITION

GENERAL = str(NEW_POSITION["family"])


def known_families(services: Services) -> tuple[str, ...] | None:
    """The families the published workflows name (None: none published, nothing to check)."""
    workflows = [published_workflow(services, e.value) for e in Echelon]
    if not any(workflows):
        return None
    named = {family for w in workflows if w for family in w.training.courses if family != "default"}
    return tuple(sorted(named | {GENERAL}))


def check_family(family: str, known: tuple[str, ...] | None) -> None:
    if known is not None and family not in known:
        raise InvalidInput(
            f"family {family!r} is not one of {', '.join(known)} (the families the published "
            f"workflows name courses for; {GENERAL} takes each workflow's default courses)"
        )
