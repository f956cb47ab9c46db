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

    services = open_services()
    try:
        return run_step_batch(services, step, scope, actor, dry_run, chunk_size=chunk_size)
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
) -> BatchReport:
    """Split `scope` K ways and merge the K reports into one."""
    if workers < 1:
        raise InvalidInput(f"--workers {workers}: need at least 1")
    if scope.partition.count != 1:
        raise InvalidInput("--workers and --partition do not combine; use one or the other")
    shares = [replace(scope, partition=Partition(i, workers)) for i in range(workers)]
    jobs = [(open_services, step, share, actor, dry_run, chunk_size) for share in shares]
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        parts = pool.starmap(run_partition, jobs)
    report = BatchReport(step=step, dry_run=dry_run)
    for part in parts:
        report.add(part)
    return report
