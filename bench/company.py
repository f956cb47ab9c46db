"""A synthetic company of N candidates, written straight into a store in bulk saves.

Each candidate is one employee nominated for one position (about 100 candidates per position),
with a complete HR record: three years of ratings, competencies, job match and potential. The
aggregates are built with the domain's own commands (so every event is valid) and saved many per
`save`, which is ~50x faster than going through the CLI one record at a time.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from eventsourcing.domain import Aggregate

from succession_flow.application.services import Services
from succession_flow.domain.candidate import Candidate
from succession_flow.domain.employee import Employee
from succession_flow.domain.lifecycle import EDUCATION_LEVELS, LEVELS, RATINGS, Echelon
from succession_flow.domain.position import DEFAULT_WEIGHTS, Position
from succession_flow.domain.values import COMPETENCIES, JOB_MATCH_PARTS

ACTOR = "bench"
PER_POSITION = 100
SAVE_CHUNK = 2000
CERTIFICATIONS = ("PMP", "CFA", "Six Sigma", "Sales Leadership")


@dataclass
class Generated:
    positions: int
    candidates: int
    events: int
    seconds: float


def position_ids(n: int) -> list[str]:
    return [f"P{p:05d}" for p in range(max(2, n // PER_POSITION))]


def make_position(position_id: str, index: int) -> Position:
    echelons = [e.value for e in Echelon]
    return Position.define(
        {
            "position_id": position_id,
            "title": f"Post {position_id}",
            "echelon": echelons[index % len(echelons)],
            "unit": f"Unit {index % 17}",
            "criticality": ("low", "medium", "high", "critical")[index % 4],
            "target_bench": 5,
            "min_education": "bachelor",
            "min_years": 3 + index % 8,
            "certifications": [CERTIFICATIONS[index % len(CERTIFICATIONS)]] if index % 3 else [],
            "prior_posts": [],
            "competency_weights": dict(DEFAULT_WEIGHTS),
            "family": f"family-{index % 9}",
            "vacancies": 1 + index % 2,
        },
        ACTOR,
    )


def make_employee(employee_id: str, rng: random.Random, this_year: int) -> Employee:
    employee = Employee.register(
        employee_id,
        {
            "name": f"Employee {employee_id}",
            "department": f"Dept {rng.randrange(40)}",
            "hire_date": f"{this_year - rng.randrange(1, 30)}-03-01",
            "education": rng.choice(EDUCATION_LEVELS),
            "years_experience": rng.randrange(0, 35),
            "certifications": rng.sample(CERTIFICATIONS, rng.randrange(0, 3)),
            "prior_posts": [],
        },
        ACTOR,
    )
    for back in (3, 2, 1):
        employee.record_rating(this_year - back, rng.choice(RATINGS[1:]), ACTOR)
    employee.assess_competencies({c: round(rng.uniform(2.0, 5.0), 2) for c in COMPETENCIES}, ACTOR)
    employee.assess_job_match({p: rng.randrange(40, 100) for p in JOB_MATCH_PARTS}, ACTOR)
    employee.assess_talent(rng.choice(LEVELS), "medium", "high", ACTOR)
    return employee


def aggregates(n: int, today: date, seed: int = 7) -> Iterator[list[Aggregate]]:
    """Positions first, then employees with their nominations, a save's worth at a time."""
    rng = random.Random(seed)
    posts = position_ids(n)
    yield [make_position(pid, i) for i, pid in enumerate(posts)]
    echelon = {pid: [e.value for e in Echelon][i % 3] for i, pid in enumerate(posts)}
    chunk: list[Aggregate] = []
    for i in range(n):
        employee_id, position_id = f"E{i:07d}", posts[i % len(posts)]
        chunk.append(make_employee(employee_id, rng, today.year))
        chunk.append(Candidate(employee_id, position_id, echelon[position_id], ACTOR, "bench"))
        if len(chunk) >= SAVE_CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def generate(services: Services, n: int) -> tuple[int, int]:
    """Write the company; returns (positions, events written)."""
    events = 0
    for chunk in aggregates(n, services.today()):
        events += sum(len(a.pending_events) for a in chunk)
        services.store.save(*chunk)
    return len(position_ids(n)), events


def sample_facts(n: int, today: date, limit: int) -> list[dict[str, Any]]:
    """The evaluation facts of the first `limit` candidates, built in memory (no store)."""
    from succession_flow.application.pipeline.facts import evaluation_facts

    found: list[dict[str, Any]] = []
    positions: dict[str, Position] = {}
    for chunk in aggregates(n, today):
        if isinstance(chunk[0], Position):
            positions.update((p.position_id, p) for p in chunk if isinstance(p, Position))
            continue
        for employee, candidate in zip(chunk[::2], chunk[1::2], strict=True):
            if isinstance(employee, Employee) and isinstance(candidate, Candidate):
                position = positions[candidate.position_id]
                found.append(evaluation_facts(employee, position, candidate, today))
            if len(found) >= limit:
                return found
    return found
