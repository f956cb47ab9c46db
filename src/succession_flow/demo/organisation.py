"""The demo company's organisation: who holds which post, when they plan to leave, and who
reports to whom, recorded as `position update` would (after the HR import names the people).

The posts with an open vacancy have no incumbent; the CTO is at high risk of loss (the HR
talent review says so) and the head of quality retires at the end of June after the demo's
year, so the org chart shows a vacancy risk for each reason.
"""

from __future__ import annotations

from datetime import date

from succession_flow.application.people import staffing
from succession_flow.application.services import Services

ORGANISATION: dict[str, dict[str, object]] = {
    "CTO": {"incumbent": "E1006"},
    "HEAD-QA": {"reports_to": "CTO", "incumbent": "E1010", "departure_reason": "retirement"},
    "HEAD-FINANCE": {"reports_to": "CFO"},
    "HEAD-HR": {"reports_to": "GM-EUROPE"},
}


def retirement(year: int) -> date:
    """The head of quality's planned departure: the end of June after the demo's year."""
    return date(year + 1, 6, 30)


def record_organisation(services: Services, actor: str, retires: date) -> None:
    for position_id, changes in ORGANISATION.items():
        change = dict(changes)
        if "departure_reason" in change:
            change["planned_departure"] = retires.isoformat()
        staffing.revise_position(services, position_id, change, actor, "organisation from HR")
