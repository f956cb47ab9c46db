"""What `--redact` removes before a record leaves HR: people's names and identifying details.

Employees' names and hire dates are replaced; actors (people's log-in names) become stable
pseudonyms, so an outside reviewer can still see that the same person acted twice. Employee ids,
positions, decisions and facts stay: they are what an audit of the process needs.
Self-identified demographics are withheld (from `--redact`, and from readers without the
auditor capability): only their counts leave, in the adverse-impact report.
"""

from __future__ import annotations

import hashlib
from typing import Any

from succession_flow.domain.demographics import DIMENSIONS

REDACTED = "[redacted]"
PERSONAL_PROFILE_FIELDS = ("name", "hire_date")
PERSONAL_ROW_FIELDS = ("name",)
PRIVATE_EVENTS = frozenset({"DemographicsDeclared"})
WITHHELD = "[withheld]"


def pseudonym(actor: str) -> str:
    if not actor:
        return actor
    return "actor-" + hashlib.sha256(f"succession-flow actor {actor}".encode()).hexdigest()[:8]


def redact_view(view: dict[str, Any]) -> dict[str, Any]:
    """An event as `queries.event_view` shows it, without personal data."""
    details = dict(withheld(view).get("details", {}))
    if isinstance(details.get("profile"), dict):
        details["profile"] = redact_fields(details["profile"], PERSONAL_PROFILE_FIELDS)
    for actor_field in ("nominated_by", "defined_by", "os_user"):
        if actor_field in details:
            details[actor_field] = pseudonym(str(details[actor_field]))
    return {**view, "actor": pseudonym(str(view.get("actor", ""))), "details": details}


def redact_fields(values: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    return {k: (REDACTED if k in fields and v not in ("", None) else v) for k, v in values.items()}


def redact_row(row: dict[str, Any]) -> dict[str, Any]:
    """A report row (status, lists) without names; actors pseudonymised."""
    out = redact_fields(row, PERSONAL_ROW_FIELDS)
    for actor_field in ("actor", "nominated_by"):
        if actor_field in out:
            out[actor_field] = pseudonym(str(out[actor_field]))
    return out


def redact_entry(entry: dict[str, Any]) -> dict[str, Any]:
    """An `explain` entry with its actors pseudonymised (facts hold no names)."""
    out = {**entry, "actor": pseudonym(str(entry.get("actor", "")))}
    if "os_user" in out:
        out["os_user"] = pseudonym(str(out["os_user"]))
    if isinstance(out.get("override"), dict):
        out["override"] = {**out["override"], "by": pseudonym(str(out["override"]["by"]))}
    if isinstance(out.get("published"), dict):
        out["published"] = {**out["published"], "by": pseudonym(str(out["published"]["by"]))}
    return out


def withheld(view: dict[str, Any]) -> dict[str, Any]:
    """An event view with a private event's categories replaced (any other view unchanged)."""
    if view.get("event") not in PRIVATE_EVENTS:
        return view
    details = {k: (WITHHELD if k in DIMENSIONS else v) for k, v in view["details"].items()}
    return {**view, "details": details}
