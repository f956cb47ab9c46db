"""Talent review (calibration) sessions as use cases: open, propose, show, close, list.

Closing applies every proposed move through the domain's own commands (`change_readiness`,
`Employee.assess_talent`), keeps the pools agreeing (`sync_pool`), and saves the session, the
candidates, the pools and the employees in one atomic save: a review lands whole or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from succession_flow.application.people.access import require
from succession_flow.application.pipeline.unit_of_work import UnitOfWork
from succession_flow.application.queries.finding import candidate_keys, event_class
from succession_flow.application.services import Services
from succession_flow.domain.candidate import Candidate
from succession_flow.domain.employee import Employee
from succession_flow.domain.errors import IllegalTransition, NotFound
from succession_flow.domain.keys import CandidateKey, employee_uuid
from succession_flow.domain.lifecycle import ALLOWED_FROM
from succession_flow.domain.review import ReviewSession, review_uuid
from succession_flow.domain.roles import Capability

REVIEWED = ALLOWED_FROM["change-readiness"]
"""The candidates a session reviews: those whose readiness may change (in the pool)."""


@dataclass
class Member:
    candidate: str
    employee_id: str
    readiness: str
    latest_rating: str
    potential: str


@dataclass
class SessionView:
    name: str
    population: dict[str, str]
    reason: str
    opened_by: str
    closed: bool
    members: list[Member] = field(default_factory=list)
    moves: dict[str, dict[str, Any]] = field(default_factory=dict)


def open_review(
    services: Services, name: str, population: dict[str, str], reason: str, actor: str
) -> ReviewSession:
    require(services, actor, Capability.OPERATE)
    session = ReviewSession.open(name, population, reason, actor)
    if services.store.find(session.id, ReviewSession) is not None:
        raise IllegalTransition(f"review {name} already exists")
    services.store.save(session)
    return session


def load(services: Services, name: str) -> ReviewSession:
    return services.store.get(review_uuid(name), ReviewSession, f"review {name}")


def propose_readiness(
    services: Services, name: str, key: CandidateKey, readiness: str, reason: str, actor: str
) -> ReviewSession:
    """A readiness move for a candidate of the session's population (in the pool now)."""
    require(services, actor, Capability.OPERATE)
    session = load(services, name)
    session.check_open()
    if key not in in_population(services, session):
        candidate = services.store.get(key.uuid, Candidate, f"candidate {key}")
        candidate.check_allowed("change-readiness")
        raise IllegalTransition(f"{key} is not in review {name}'s population")
    session.propose_readiness(str(key), readiness, reason, actor)
    services.store.save(session)
    return session


def propose_potential(
    services: Services, name: str, employee_id: str, potential: str, reason: str, actor: str
) -> ReviewSession:
    """A nine-box move: the employee's potential, for someone the session reviews."""
    require(services, actor, Capability.OPERATE)
    session = load(services, name)
    session.check_open()
    services.store.get(employee_uuid(employee_id), Employee, f"employee {employee_id}")
    if employee_id not in {k.employee_id for k in in_population(services, session)}:
        raise IllegalTransition(f"employee {employee_id} is not in review {name}'s population")
    session.propose_potential(employee_id, potential, reason, actor)
    services.store.save(session)
    return session


def in_population(services: Services, session: ReviewSession) -> list[CandidateKey]:
    """The pooled candidates of the session's position, echelon or org unit, now."""
    ((kind, value),) = session.population.items()
    keys = candidate_keys(services, value if kind == "position" else None, REVIEWED)
    if kind == "position":
        return keys
    uow = UnitOfWork(services, keys)

    def belongs(key: CandidateKey) -> bool:
        s = uow.subject(key)
        return (s.candidate.echelon if kind == "echelon" else s.position.unit) == value

    return [k for k in keys if belongs(k)]


def show_review(services: Services, name: str) -> SessionView:
    session = load(services, name)
    view = SessionView(
        session.name,
        dict(session.population),
        session.reason,
        session.opened_by,
        session.closed,
        moves=dict(session.moves),
    )
    keys = in_population(services, session)
    uow = UnitOfWork(services, keys)
    for key in keys:
        s = uow.subject(key)
        ratings = s.employee.ratings
        latest = ratings[max(ratings, key=int)] if ratings else ""
        view.members.append(
            Member(str(key), key.employee_id, s.candidate.readiness, latest, s.employee.potential)
        )
    return view


def close_review(services: Services, name: str, actor: str) -> int:
    """Apply every proposed move and record the session closed, in one save; returns how many
    moves changed something (a move to where someone already stands changes nothing)."""
    require(services, actor, Capability.OPERATE)

    def attempt() -> int:
        session = load(services, name)
        session.check_open()
        readiness = {
            CandidateKey.parse(s.split(":", 1)[1]): m
            for s, m in session.moves.items()
            if s.startswith("readiness:")
        }
        uow = UnitOfWork(services, readiness)
        uow.add(session)
        applied = 0
        for key, move in readiness.items():
            subject = uow.subject(key)
            cand = subject.candidate
            if move["value"] != cand.readiness:
                cand.change_readiness(
                    move["value"], cand.emergency_successor, actor, session.because(move["reason"])
                )
                uow.settle(subject, actor)
                applied += 1
        for subject_id, move in session.moves.items():
            if subject_id.startswith("potential:"):
                applied += assess(uow, subject_id.split(":", 1)[1], move["value"], actor)
        session.close(actor, applied)
        uow.save()
        return applied

    return services.store.retrying(attempt, f"review {name}")


def assess(uow: UnitOfWork, employee_id: str, potential: str, actor: str) -> int:
    employee = uow.find(employee_uuid(employee_id), Employee)
    if employee is None:
        raise NotFound(f"employee {employee_id} not found")
    before = len(employee.pending_events)
    employee.assess_talent(potential, employee.risk_of_loss, employee.impact_of_loss, actor)
    return len(employee.pending_events) - before


def list_reviews(services: Services) -> list[ReviewSession]:
    store = services.store
    opened = store.notifications((event_class(ReviewSession, "Opened"),))
    found = (store.find(n.originator_id, ReviewSession) for n in opened)
    return sorted((s for s in found if s is not None), key=lambda s: s.name)
