"""Run one batch step in K worker processes, each taking its own partition of the candidates.

Processes, not threads: durable_rules is not thread-safe, and each process opens its own store
connection. The partitions are disjoint, so no candidate is stepped twice; if two writers ever
meet on one aggregate anyway, the loser's chunk is reloaded and re-decided (`Store.retrying`).
The same split works across hosts: give each `--partition i/K` instead of `--workers K`.
"""

from __future__ import annotations

import multiprocessing
import os
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

MAX_WORKERS = (os.cpu_count() or 1) * 4
"""More processes than this only wait on each other for the store's write lock (and a thousand
would exhaust memory and connections before the first chunk): beyond it is bad input."""

OpenServices = Callable[[], Services]
"""Opens the application in a worker; must be picklable (a module-level function or partial)."""


def run_partition(
    open_services: OpenServices,
    step: str,
    scope: Scope,
    actor: str,
    dry_run: bool,
    chunk_size: int = CHUNK,
    reason: str = "",
) -> BatchReport:
    from succession_flow.application.batch.steps import run_step_batch

    if stop_requested():  # Ctrl-C before this share even started
        return BatchReport(step=step, dry_run=dry_run, interrupted=True)
    progress, on_total = worker_counters(stoppable=step != "select")
    services = open_services()
    try:
        return run_step_batch(
            services, step, scope, actor, dry_run, progress, on_total, chunk_size, reason
        )
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
    reason: str = "",
) -> BatchReport:
    """Split `scope` K ways and merge the K reports into one. Ctrl-C stops every worker after
    its current chunk; the merged report then says what was saved (`interrupted`)."""
    from succession_flow.application.batch.steps import check_reason

    check_reason(step, reason)  # bad input is refused here, not in K workers
    if not 1 <= workers <= MAX_WORKERS:
        raise InvalidInput(
            f"--workers {workers}: need 1..{MAX_WORKERS} (four per CPU core of this machine)"
        )
    if scope.partition.count != 1:
        raise InvalidInput("--workers and --partition do not combine; use one or the other")
    shares = [replace(scope, partition=Partition(i, workers)) for i in range(workers)]
    if dry_run:
        return dry_run_shares(open_services, step, shares, actor, chunk_size, reason)
    jobs = [(open_services, step, share, actor, dry_run, chunk_size, reason) for share in shares]
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


def dry_run_shares(
    open_services: OpenServices,
    step: str,
    shares: list[Scope],
    actor: str,
    chunk_size: int,
    reason: str = "",
) -> BatchReport:
    """A dry run of K shares: each share run exactly as its worker would run it, one after
    another in this process, inside one `Store.unsaved()`.

    The shares split the positions, but the talent plan's budget is shared: separate processes
    could not see each other's unsaved commitments and would each spend the whole budget, which
    no real run can do. In one process a later share sees what earlier ones would have
    committed, so the dry run predicts the real run whose workers finished in share order.
    """
    from succession_flow.application.batch.steps import run_step_batch

    report = BatchReport(step=step, dry_run=True)
    services = open_services()
    try:
        with services.store.unsaved():
            for share in shares:
                part = run_step_batch(
                    services, step, share, actor, True, chunk_size=chunk_size, reason=reason
                )
                report.add(part)
                if part.interrupted:
                    break
    finally:
        services.close()
    return report
