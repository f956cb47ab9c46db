"""Who may see an individual's self-identified categories, and the one place they are shown.

Counts (the adverse-impact report) are for every reviewer; a person's own categories are for
the `audit` capability only (the auditor role, and hr-owners). Histories and exports show a
`DemographicsDeclared` event's categories only to that capability, and never with `--redact`.
"""

from __future__ import annotations

from typing import Any

from succession_flow.application.audit.redaction import withheld
from succession_flow.application.people.access import access_control, require
from succession_flow.application.queries.finding import event_class, event_view
from succession_flow.application.services import Services
from succession_flow.domain.demographics import DIMENSIONS, NOT_DISCLOSED
from succession_flow.domain.employee import Employee
from succession_flow.domain.errors import NotFound, PermissionDenied
from succession_flow.domain.keys import employee_uuid
from succession_flow.domain.roles import Capability


def may_see_demographics(services: Services, actor: str) -> bool:
    found = access_control(services)
    return found is None or found.may(actor, Capability.AUDIT)


def holds_demographics(services: Services) -> bool:
    declared = event_class(Employee, "DemographicsDeclared")
    return next(iter(services.store.notifications((declared,), page=1)), None) is not None


def require_to_see_demographics(services: Services, actor: str, what: str) -> None:
    """Refuse (exit 7) a reader without the capability when the record holds categories."""
    if holds_demographics(services) and not may_see_demographics(services, actor):
        raise PermissionDenied(
            f"actor {actor!r} needs role hr-owner or auditor for {what}: the record holds "
            "self-identified demographics"
        )


def declared_demographics(services: Services, actor: str, employee_id: str) -> dict[str, Any]:
    """One person's categories; refused (PermissionDenied, exit 7) without the capability."""
    require(services, actor, Capability.AUDIT)
    found = services.store.find(employee_uuid(employee_id), Employee)
    if found is None:
        raise NotFound(f"employee {employee_id} not found")
    return {
        "employee": employee_id,
        **{d: found.demographics.get(d, NOT_DISCLOSED) for d in DIMENSIONS},
        "declared": bool(found.demographics),
    }


def private_view(event: Any, shown: bool) -> dict[str, Any]:
    """`event_view`, with the categories withheld unless the reader may see them."""
    view = event_view(event)
    return view if shown else withheld(view)
