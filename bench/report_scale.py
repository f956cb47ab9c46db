"""`python bench/report_scale.py --n 100000`: the read model and the reports at scale.

Writes a synthetic store (N candidates, about 100 per position, two candidacies per employee,
spread over every stage) in bulk saves, then measures: a full rebuild of the read model, an
incremental catch-up of a few new events, and each report (catch-up included, as the CLI runs
it). Prints one line per figure; nothing is asserted (timings belong here, not in tests).
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from eventsourcing.domain import Aggregate

from succession_flow.application.queries.read_model import source
from succession_flow.application.services import Services
from succession_flow.bootstrap import bootstrap, open_read_model
from succession_flow.domain.candidate import Candidate
from succession_flow.domain.decision import Decision
from succession_flow.domain.employee import Employee
from succession_flow.domain.lifecycle import LEVELS, RATINGS, Echelon, Readiness
from succession_flow.domain.pool import TalentPool
from succession_flow.domain.position import DEFAULT_WEIGHTS, Position
from succession_flow.reports.bench import bench
from succession_flow.reports.listing import candidate_rows
from succession_flow.reports.ninebox import ninebox
from succession_flow.reports.overview import write_html_report
from succession_flow.reports.pipeline import pipeline
from succession_flow.reports.position import position_report

ACTOR = "bench"
PER_POSITION = 100
STAGES = ["nominated", "evaluated", "pooled", "pooled", "pooled", "in_training", "trained",
          "promoted", "exited"]  # fmt: skip


def manual(outcome: str, **attributes: Any) -> Decision:
    return Decision.manual(outcome, "bench", **attributes)


def position(index: int) -> Position:
    echelons = [e.value for e in Echelon]
    return Position.define(
        {"position_id": f"P{index:05d}", "title": f"Post {index}",
         "echelon": echelons[index % 3], "unit": f"Unit {index % 17}", "criticality": "high",
         "target_bench": 3, "min_education": "bachelor", "min_years": 3, "certifications": [],
         "prior_posts": [], "competency_weights": dict(DEFAULT_WEIGHTS), "family": "f",
         "vacancies": 1},
        ACTOR,
    )  # fmt: skip


def employee(index: int, rng: random.Random) -> Employee:
    person = Employee.register(
        f"E{index:06d}",
        {"name": f"Person {index}", "department": f"Dept {index % 40}", "hire_date": "2015-01-01",
         "education": "master", "years_experience": 10, "certifications": [], "prior_posts": []},
        ACTOR,
    )  # fmt: skip
    person.record_rating(2025, rng.choice(RATINGS), ACTOR)
    person.assess_talent(rng.choice(LEVELS), "medium", "medium", ACTOR)
    return person


def advance(candidate: Candidate, pool: TalentPool, stage: str, rng: random.Random) -> None:
    """The domain's own commands, decided by hand, up to the wanted stage."""
    if stage == "nominated":
        return
    candidate.evaluate(manual("pass"), ACTOR, {})
    if stage == "evaluated":
        return
    readiness = rng.choice([r.value for r in Readiness])
    candidate.pool(manual(readiness, emergency_successor=rng.random() < 0.1), ACTOR)
    if stage == "exited":
        candidate.exit(manual("exit"), ACTOR)
        return
    pool.admit(candidate.employee_id, readiness, candidate.emergency_successor, ACTOR)
    if stage == "pooled":
        return
    candidate.start_training(["LEAD-101", "STRAT-310"], "2099-01-01", [], ACTOR)
    if stage == "in_training":
        return
    candidate.complete_training(manual("passed"), ACTOR)
    if stage == "promoted":
        candidate.promote(manual("promote"), ACTOR, "2026-01-01")
        pool.release(candidate.employee_id, "promoted", ACTOR)


def generate(services: Services, n: int) -> float:
    rng = random.Random(7)
    started = time.perf_counter()
    people = max(1, n // 2)
    batch: list[Aggregate] = []
    for index in range(people):
        batch.append(employee(index, rng))
        if len(batch) >= 2000:
            services.store.save(*batch)
            batch = []
    services.store.save(*batch)
    for p in range(max(1, n // PER_POSITION)):
        post = position(p)
        pool = TalentPool(position_id=post.position_id, actor=ACTOR)
        batch = [post, pool]
        for k in range(PER_POSITION):
            person = (p * PER_POSITION + k) % people
            candidate = Candidate(employee_id=f"E{person:06d}", position_id=post.position_id,
                                  echelon=post.echelon, actor=ACTOR, reason="bench")  # fmt: skip
            advance(candidate, pool, rng.choice(STAGES), rng)
            batch.append(candidate)
        services.store.save(*batch)
    return time.perf_counter() - started


def timed(label: str, work: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    result = work()
    print(f"{label:<44} {time.perf_counter() - started:8.3f} s")
    return result


def measure(url: str, n: int) -> None:
    services = bootstrap(url)
    print(f"store: {services.store.where}; {n} candidates")
    print(f"{'generate the store':<44} {generate(services, n):8.3f} s")
    print(f"{'events':<44} {services.store.event_count():8d}")
    model = open_read_model(services.store)
    timed("readmodel rebuild (every event)", model.rebuild)
    more = position(999_999)
    services.store.save(more)
    timed("catch-up of 1 new event", model.catch_up)
    timed("catch-up with nothing new", model.catch_up)
    model.close()
    reports: dict[str, Callable[[Any], Any]] = {
        "report bench": bench,
        "report pipeline": pipeline,
        "report ninebox": ninebox,
        "report position P00001": lambda db: position_report(db, "P00001"),
        "list (all candidates)": candidate_rows,
    }
    for label, make in reports.items():

        def run(make: Callable[[Any], Any] = make) -> Any:
            with source(services) as db:
                return make(db)

        timed(f"{label} (catch-up included)", run)
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "report.html"
        timed("report html (every report, one page)", lambda: write_html_report(services, page))
    moment = datetime.now(UTC)

    def as_of() -> Any:
        with source(services, moment) as db:
            return bench(db)

    timed("report bench --as-of (fold of every event)", as_of)
    services.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--store", help="a store URL (default: a fresh SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        measure(args.store or f"sqlite:///{folder}/scale.sqlite", args.n)


if __name__ == "__main__":
    main()
