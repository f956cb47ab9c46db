"""What sealing costs: append and replay the same events with and without the hash chains.

    .venv/bin/python bench/chain_overhead.py [--events 10000] [--repeat 3]
    .venv/bin/python bench/chain_overhead.py --store 'postgresql://USER@HOST:5432/DB?schema=S'

(on PostgreSQL give it a throwaway schema: every run adds its events to the store)

Three stores in one run, same workload: plain eventsourcing (no seals), sealed with the public
key, sealed with a secret (HMAC + AES-GCM encryption at rest). Each employee aggregate gets 10
events (registered + 9 ratings). "one save per event" saves after every event, as a single
pipeline step does; "batched" saves 100 aggregates per call, as the batch runner does. Wall
time on a shared machine is dominated by commits (fsync); the CPU columns are this process's own
time, where the sealing work shows.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TypeVar

from succession_flow.adapters.chain import ChainKey
from succession_flow.adapters.event_store import Store
from succession_flow.adapters.secrets import persistence_env
from succession_flow.adapters.store_url import parse_store_url
from succession_flow.domain.employee import Employee

PROFILE = {
    "name": "Bench Person",
    "department": "Sales",
    "hire_date": "2012-03-01",
    "education": "master",
    "years_experience": 12,
    "certifications": [],
    "prior_posts": [],
}
RATINGS = ("meets", "exceeds", "outstanding")
T = TypeVar("T")


def open_store(url: str, mode: str) -> Store:
    config = parse_store_url(url)
    secret = b"bench secret" if mode == "keyed" else None
    env = dict(config.env)
    if mode != "plain":
        env.update(persistence_env(config.kind, secret))
    store = Store(env, config.describe())
    if mode != "plain":
        store.app.recorder.chain_key = ChainKey.from_secret(secret)  # type: ignore[attr-defined]
    return store


def one_save_per_event(store: Store, employees: int, tag: str) -> list[uuid.UUID]:
    ids = []
    for n in range(employees):
        employee = Employee.register(f"{tag}{n}", PROFILE, "bench")
        store.save(employee)
        for year in range(2010, 2019):
            employee.record_rating(year, RATINGS[year % 3], "bench")
            store.save(employee)
        ids.append(employee.id)
    return ids


def batched(store: Store, employees: int, tag: str) -> list[uuid.UUID]:
    ids = []
    for start in range(0, employees, 100):
        chunk = [Employee.register(f"{tag}{n}", PROFILE, "bench")
                 for n in range(start, min(start + 100, employees))]  # fmt: skip
        for employee in chunk:
            for year in range(2010, 2019):
                employee.record_rating(year, RATINGS[year % 3], "bench")
        store.save(*chunk)
        ids += [e.id for e in chunk]
    return ids


def replay_all(store: Store, ids: list[uuid.UUID]) -> None:
    for aggregate_id in ids:
        store.app.repository.get(aggregate_id)


def timed(action: Callable[[], T]) -> tuple[tuple[float, float], T]:
    """Wall time, and this process's CPU time (what sealing adds, without the disk's waits)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = action()
    return (time.perf_counter() - start, time.process_time() - cpu), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs per cell; the median shows")
    parser.add_argument("--store", help="a PostgreSQL URL (default: fresh SQLite files)")
    args = parser.parse_args()
    employees = args.events // 10
    folder = Path(tempfile.mkdtemp(prefix="sf-bench-"))
    cells: dict[tuple[str, str], list[tuple[float, float, float, float]]] = {}
    for run in range(args.repeat):  # modes interleaved, so a busy machine hurts them alike
        for mode in ("plain", "sealed", "keyed"):
            for name, pattern in (("one save per event", one_save_per_event), ("batched", batched)):
                url = args.store or f"sqlite:///{folder}/{mode}-{name[0]}-{run}.sqlite"
                store = open_store(url, mode)
                tag = f"B{uuid.uuid4().hex[:6]}-"
                spent, ids = timed(partial(pattern, store, employees, tag))
                replay, _ = timed(partial(replay_all, store, ids))
                cells.setdefault((mode, name), []).append((*spent, *replay))
                store.close()
    print(f"{employees * 10} events per run ({employees} aggregates x 10), median of {args.repeat}")
    print(f"{'store':8} {'pattern':20} {'append s':>9} {'cpu s':>7} {'replay s':>9} {'cpu s':>7}")
    for (mode, name), runs in cells.items():
        wall, cpu, back, back_cpu = (statistics.median(r[i] for r in runs) for i in range(4))
        print(f"{mode:8} {name:20} {wall:9.2f} {cpu:7.2f} {back:9.2f} {back_cpu:7.2f}")


if __name__ == "__main__":
    main()
