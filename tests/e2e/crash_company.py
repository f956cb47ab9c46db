"""A company big enough that a batch step takes many chunks, built in a few bulk saves, and
what a test asks of it after a crash: each candidate's step events, their states, the pools."""

from __future__ import annotations

import sqlite3
from collections import Counter
from contextlib import closing
from datetime import date

from succession_flow.adapters.store_url import parse_store_url
from succession_flow.application.hr_files.rule_publishing import publish
from succession_flow.application.hr_files.workflows import publish_workflows
from succession_flow.application.services import Services
from succession_flow.bootstrap import bootstrap
from succession_flow.data import SHIPPED_RULES, SHIPPED_WORKFLOWS
from succession_flow.domain.candidate import Candidate
from succession_flow.domain.decision import Decision
from succession_flow.domain.employee import PROFILE_FIELDS, Employee
from succession_flow.domain.keys import CandidateKey, pool_uuid
from succession_flow.domain.pool import TalentPool
from succession_flow.domain.position import Position
from tests.integration.builders import ACTOR, employee_record, position_spec

POSITIONS = [f"HEAD-{n:02d}" for n in range(20)]


def build(services: Services, people: int, stage: str = "nominated") -> list[str]:
    """`people` employees, each nominated for one of the management positions; returns keys.

    `stage` is where the candidates stand: nominated, evaluated (passed) or pooled.
    """
    today: date = services.today()
    positions = [
        Position.define(position_spec(pid, echelon="management", target_bench=1000), ACTOR)
        for pid in POSITIONS
    ]
    pools = {pid: TalentPool(position_id=pid, actor=ACTOR) for pid in POSITIONS}
    employees, candidates, keys = [], [], []
    for n in range(people):
        eid = f"E{n:05d}"
        record = employee_record(eid, today, strength=3.0 + (n % 20) / 10)
        employee = Employee.register(eid, {k: record[k] for k in PROFILE_FIELDS}, ACTOR)
        for year, rating in record["ratings"].items():
            employee.record_rating(int(year), rating, ACTOR)
        employee.assess_competencies(record["competencies"], ACTOR)
        employee.assess_job_match(record["job_match"], ACTOR)
        employee.assess_talent("high", "low", "medium", ACTOR)
        position_id = POSITIONS[n % len(POSITIONS)]
        candidate = Candidate(eid, position_id, "management", ACTOR, "crash test")
        if stage in ("evaluated", "pooled"):
            candidate.evaluate(Decision.manual("pass", "set up"), ACTOR, {})
        if stage == "pooled":
            candidate.pool(Decision.manual("ready-now", "set up"), ACTOR)
            pools[position_id].admit(eid, "ready-now", False, ACTOR)
        employees.append(employee)
        candidates.append(candidate)
        keys.append(f"{eid}@{position_id}")
    services.store.save(
        *positions, *employees, *candidates, *(pools.values() if stage == "pooled" else ())
    )
    publish_workflows(services, SHIPPED_WORKFLOWS, None, ACTOR, "crash test")
    publish(services, SHIPPED_RULES, ACTOR, "crash test")
    return keys


def stored_events(url: str) -> int:
    """Counted straight from the database, so a test can watch a running batch from outside."""
    config = parse_store_url(url)
    if config.sqlite_path is not None:
        with closing(sqlite3.connect(config.sqlite_path, timeout=30)) as db:
            return int(db.execute("SELECT COUNT(*) FROM stored_events").fetchone()[0])
    import psycopg

    schema = config.env["POSTGRES_SCHEMA"] or "public"
    with psycopg.connect(url.split("?")[0]) as db:
        row = db.execute(f'SELECT COUNT(*) FROM "{schema}".successionflow_events').fetchone()
        return int(row[0]) if row else 0


def settled(url: str) -> None:
    """Wait until a killed writer's last transaction has ended. On PostgreSQL a COMMIT the
    client sent just before its SIGKILL is still applied by its server process after the kill
    (the client's socket is read to the end); a writer holds the events table's EXCLUSIVE lock
    until then, so a SHARE lock is granted only once it committed or rolled back. (SQLite: the
    killed process is the database, so what it left is already final.)"""
    config = parse_store_url(url)
    if config.sqlite_path is not None:
        return
    import psycopg

    schema = config.env["POSTGRES_SCHEMA"] or "public"
    with psycopg.connect(url.split("?")[0]) as db, db.transaction():
        db.execute("SET LOCAL lock_timeout = '60s'")
        db.execute(f'LOCK TABLE "{schema}".successionflow_events IN SHARE MODE')


def step_events(url: str, keys: list[str], names: tuple[str, ...]) -> Counter[str]:
    services = bootstrap(url)
    try:
        counts: Counter[str] = Counter()
        for text in keys:
            key = CandidateKey.parse(text)
            for e in services.store.events_of(key.uuid):
                if type(e).__qualname__.split(".")[-1] in names:
                    counts[text] += 1
        return counts
    finally:
        services.close()


def candidate_states(url: str, keys: list[str]) -> dict[str, str]:
    services = bootstrap(url)
    try:
        return {
            k: services.store.get(CandidateKey.parse(k).uuid, Candidate, k).state.value
            for k in keys
        }
    finally:
        services.close()


def pools_agree_with_candidates(url: str, keys: list[str]) -> bool:
    """Every pool holds exactly the candidates who are in a pool state, at their readiness."""
    services = bootstrap(url)
    try:
        expected: dict[str, dict[str, str]] = {p: {} for p in POSITIONS}
        for k in keys:
            c = services.store.get(CandidateKey.parse(k).uuid, Candidate, k)
            if c.state in ("pooled", "in_training", "trained"):
                expected[c.position_id][c.employee_id] = c.readiness
        for position_id, members in expected.items():
            pool = services.store.find(pool_uuid(position_id), TalentPool)
            found = {e: m["readiness"] for e, m in (pool.members if pool else {}).items()}
            if found != members:
                return False
        return True
    finally:
        services.close()
