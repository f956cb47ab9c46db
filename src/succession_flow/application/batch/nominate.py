"""`run nominate`: put forward everyone the workflow's nomination criteria name, in chunks.

Candidate ids are derived from employee and position, so a re-run finds the candidates already
created and skips them, and two runs racing on the same candidate collide in the store.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from succession_flow.application.batch.runner import (
    CHUNK,
    BatchReport,
    Partition,
    Scope,
    run_chunks,
)
from succession_flow.application.hr_files.workflows import approval_required, workflow_for
from succession_flow.application.pipeline import nominating
from succession_flow.application.pipeline.unit_of_work import UnitOfWork
from succession_flow.application.queries.finding import candidates, employees, positions
from succession_flow.application.services import Services
from succession_flow.domain.candidate import Candidate
from succession_flow.domain.employee import Employee
from succession_flow.domain.errors import SuccessionError
from succession_flow.domain.keys import CandidateKey
from succession_flow.domain.lifecycle import ACTIVE_STATES, Echelon
from succession_flow.domain.position import Position

Planned = tuple[CandidateKey, str]
"""Candidate, and why the workflow puts them forward (the echelon is the position's)."""


ECHELON_ORDER = [e.value for e in Echelon]
"""Key positions choose first, then management, then the reserve (people not yet in a plan)."""


def plan_nominations(services: Services, scope: Scope) -> list[Planned]:
    """Who each position in scope should get, up to its workflow's maximum of active ones.

    A batch puts each person forward for one position at a time: someone who is already an
    active candidate anywhere (or was promoted through a plan) is left where they are; an
    operator may still nominate them by hand. Each worker's share (`Partition`) plans the whole
    batch and takes its own positions' part, so K workers nominate whom one process would.
    """
    today = services.today()
    people = list(employees(services))
    existing = {c.key: c for c in candidates(services)}
    busy = nominating.in_a_plan(existing.values())
    planned: list[Planned] = []
    whole = replace(scope, partition=Partition())  # every share plans the same whole batch
    in_scope = [
        p
        for p in positions(services)
        if not p.retired and whole.covers_position(p.position_id, p.echelon)
    ]
    for position in sorted(in_scope, key=lambda p: ECHELON_ORDER.index(p.echelon)):
        workflow = workflow_for(services, position.echelon)
        criteria = workflow.nomination
        active = sum(
            1
            for c in existing.values()
            if c.position_id == position.position_id and c.state in ACTIVE_STATES
        )
        slots = max(0, criteria.max_per_position - active)
        for person in nominating.eligible(people, position, criteria, today):
            key = CandidateKey(person.employee_id, position.position_id)
            if slots and key not in existing and person.employee_id not in busy:
                planned.append((key, nominating.reason(criteria, workflow.name)))
                busy.add(person.employee_id)
                slots -= 1
    return [plan for plan in planned if scope.partition.owns(plan[0].position_id)]


def nominate_chunk(
    services: Services, chunk: list[Planned], actor: str, strict: bool = False
) -> BatchReport:
    """The one way candidates are nominated: `run nominate` a chunk at a time, `nominate` as a
    chunk of one (`strict`: a refusal is raised, and a former candidate starts a new cycle).

    A batch leaves alone whoever is a candidate already (a re-run, or a race lost to another
    writer, finds them created) and names a refusal (a retired post) as skipped."""
    part = BatchReport(step="nominate")
    uow = UnitOfWork(services, [key for key, _ in chunk])
    for key, why in chunk:
        part.considered += 1
        if not strict and uow.find(key.uuid, Candidate) is not None:
            continue
        try:
            candidate = _nominate(services, uow, key, actor, why)
        except SuccessionError as error:
            if strict:
                raise
            part.skip(key, error)
            continue
        part.record(key, candidate.state.value)
    part.events = uow.save()
    return part


def _nominate(
    services: Services, uow: UnitOfWork, key: CandidateKey, actor: str, reason: str
) -> Candidate:
    """A new candidate, or a new cycle for one who exited; proposed if the workflow says so."""
    _, employee_id, position_id, _ = uow.ids[key]
    position: Position = uow.load(position_id, Position, "position", key.position_id)
    position.check_open()  # a retired post takes no new nominations
    uow.load(employee_id, Employee, "employee", key.employee_id)
    candidate = uow.find(key.uuid, Candidate)
    if candidate is None:
        candidate = Candidate(
            employee_id=key.employee_id,
            position_id=key.position_id,
            echelon=position.echelon,
            actor=actor,
            reason=reason,
        )
        uow.add(candidate)
    else:
        candidate.renominate(actor, reason)
    if approval_required(services, position.echelon):
        candidate.request_approval(actor)
    return candidate


def run_nominate(
    services: Services,
    scope: Scope,
    actor: str,
    dry_run: bool = False,
    progress: Callable[[int], None] = lambda n: None,
    on_total: Callable[[int], None] = lambda n: None,
    chunk_size: int = CHUNK,
) -> BatchReport:
    planned = plan_nominations(services, scope)
    on_total(len(planned))

    def do_chunk(chunk: list[Planned]) -> BatchReport:
        return nominate_chunk(services, chunk, actor)

    return run_chunks(services, "nominate", planned, do_chunk, dry_run, progress, chunk_size)
