"""History for auditors: filtered event histories (one aggregate as of a moment: `moments`).

Every answer is rebuilt from the events themselves, so it shows what the record held then,
not what a later correction made of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from succession_flow.application.audit.demographics import may_see_demographics, private_view
from succession_flow.application.queries.finding import candidate_keys
from succession_flow.application.services import Services
from succession_flow.domain.access import ACCESS_ID
from succession_flow.domain.errors import InvalidInput, NotFound
from succession_flow.domain.event_types import check_event_types
from succession_flow.domain.identity import DIRECTORY_ID
from succession_flow.domain.keys import (
    CandidateKey,
    creation_label,
    employee_uuid,
    pool_uuid,
    position_uuid,
)
from succession_flow.domain.review import review_uuid
from succession_flow.domain.ruleset import ruleset_uuid


@dataclass(frozen=True)
class HistoryFilter:
    since: datetime | None = None
    until: datetime | None = None
    actor: str | None = None
    event_types: tuple[str, ...] = ()

    def keeps(self, view: dict[str, Any], when: datetime) -> bool:
        return (
            (self.since is None or when >= self.since)
            and (self.until is None or when <= self.until)
            and (self.actor is None or view["actor"] == self.actor)
            and (not self.event_types or view["event"] in self.event_types)
        )

    def __post_init__(self) -> None:
        check_event_types(self.event_types)


def subject_ids(services: Services, target: str) -> dict[UUID, str]:
    """The aggregates a target names, with the label each shows in a history.

    `E1001@VP-SALES` a candidate; `position:VP-SALES` the position, its pool and candidates;
    `pool:P`, `employee:E`, `ruleset:NAME`, `review:NAME` one aggregate each.
    """
    kind, sep, name = target.partition(":")
    if target == "roles":
        return {ACCESS_ID: "roles"}
    if target == "users":
        return {DIRECTORY_ID: "users"}
    if not sep:
        key = CandidateKey.parse(target)
        return {key.uuid: str(key)}
    if kind == "position":
        ids = {position_uuid(name): f"position:{name}", pool_uuid(name): f"pool:{name}"}
        ids.update({k.uuid: str(k) for k in candidate_keys(services, name)})
        return ids
    makers = {
        "pool": pool_uuid,
        "employee": employee_uuid,
        "ruleset": ruleset_uuid,
        "review": review_uuid,
    }
    if kind not in makers:
        raise InvalidInput(
            f"history target {target!r}: use E@P, position:P, pool:P, employee:E, ruleset:N,"
            " review:NAME, roles or users"
        )
    return {makers[kind](name): target}


def labels_of_store(services: Services) -> dict[UUID, str]:
    """A label for every aggregate, from the event that created it."""
    labels: dict[UUID, str] = {}
    for notification in services.store.notifications():
        if notification.originator_version != 1:
            continue
        event = services.store.decode(notification)
        labels[notification.originator_id] = creation_label(event)
    return labels


def history(
    services: Services, target: str | None, keep: HistoryFilter, reader: str = ""
) -> list[dict[str, Any]]:
    """Events oldest first (in the order the store recorded them), each with its subject; a
    reader without the auditor capability sees that demographics were declared, not what."""
    shown = bool(reader) and may_see_demographics(services, reader)
    labels = labels_of_store(services) if target is None else subject_ids(services, target)
    rows, seen = [], False
    for notification in services.store.notifications():
        if notification.originator_id not in labels:
            continue
        seen = True
        event = services.store.decode(notification)
        view = {"subject": labels[notification.originator_id], **private_view(event, shown)}
        if keep.keeps(view, event.timestamp):
            rows.append(view)
    if target is not None and not seen:
        raise NotFound(f"{target if ':' in target else 'candidate ' + target} not found")
    return rows
