"""Run one batch step in K worker processes, each taking its own partition of the candidates.

Processes, not threads: durable_rules is not thread-safe, and each process opens its own store
connection. The partitions are disjoint, so no candidate is stepped twice; if two writers ever
meet on one aggregate anyway, the loser's chunk is reloaded and re-decided (`Store.retrying`).
The same split works across hosts: give each `--partition i/K` instead of `--workers K`.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from dataclasses import replace

from succession_flow.application.batch.runner import CHUNK, BatchReport, Partition, Scope
from succession_flow.application.batch.signals import (
    Count,
    WorkerLink,
    ctrl_c_asks_to_stop,
    follow,
    join,
    stop_requested,
    worker_counters,
    workers_ignore_ctrl_c,
)
from succession_flow.application.services import Services
from succession_flow.domain.errors import InvalidInput

OpenServices = Callable[[], Services]
"""Opens the application in a worker; must be picklable (a module-level function or partial)."""


def run_partition(
    open_services: OpenServices,
    step: str,
    scope: Scope,
    actor: str,
    dry_run: bool,
    chunk_size: int = CHUNK,
) -> BatchReport:
    from succession_flow.application.batch.steps import run_step_batch

    if stop_requested():  # Ctrl-C before this share even started
        return BatchReport(step=step, dry_run=dry_run, interrupted=True)
    progress, on_total = worker_counters(stoppable=step != "select")
    services = open_services()
    try:
        return run_step_batch(services, step, scope, actor, dry_run, progress, on_total, chunk_size)
    finally:
        services.close()


def run_workers(
    open_services: OpenServices,
    step: str,
    scope: Scope,
    actor: str,
    workers: int,
    dry_run: bool = False,
    chunk_size: int = CHUNK,
    progress: Count = lambda n: None,
    on_total: Count = lambda n: None,
) -> BatchReport:
    """Split `scope` K ways and merge the K reports into one. Ctrl-C stops every worker after
    its current chunk; the merged report then says what was saved (`interrupted`)."""
    if workers < 1:
        raise InvalidInput(f"--workers {workers}: need at least 1")
    if scope.partition.count != 1:
        raise InvalidInput("--workers and --partition do not combine; use one or the other")
    shares = [replace(scope, partition=Partition(i, workers)) for i in range(workers)]
    jobs = [(open_services, step, share, actor, dry_run, chunk_size) for share in shares]
    context = multiprocessing.get_context("spawn")
    link = WorkerLink.new(context)
    with workers_ignore_ctrl_c():
        pool = context.Pool(workers, initializer=join, initargs=(link,))
    with pool, ctrl_c_asks_to_stop(link):
        pending = pool.starmap_async(run_partition, jobs)
        follow(pending, link, workers, progress, on_total)
        parts = pending.get()
    report = BatchReport(step=step, dry_run=dry_run, interrupted=link.stop.is_set())
    for part in parts:
        report.add(part)
    return report
