"""Figures for `audit verify` and for the reports read from the read model."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from bench import growth_parts
from succession_flow.adapters.sql_database import memory_database
from succession_flow.application.audit import verification
from succession_flow.application.queries.read_model import source
from succession_flow.bootstrap import bootstrap, open_read_model
from succession_flow.readmodel.tracking import fold_as_of
from succession_flow.reports.bench import bench
from succession_flow.reports.ninebox import ninebox
from succession_flow.reports.pipeline import pipeline
from succession_flow.reports.position import position_report

REPEATS = 3
"""Each report runs this many times and the fastest counts: the machine is shared, and a
report at N/10 takes milliseconds, so one slow run would decide the growth ratio."""


def audit_verify(url: str) -> dict[str, float]:
    """The whole `audit verify`, and its decision re-runs alone (compared with bare decisions)."""
    services = bootstrap(url)
    started = time.perf_counter()
    report = verification.verify(services)
    seconds = time.perf_counter() - started
    alone = verification.VerifyReport()
    started = time.perf_counter()
    verification.rerun_decisions(services, alone)
    rerun_seconds = time.perf_counter() - started
    services.close()
    return {
        "events": report.events,
        "seconds": seconds,
        "decisions": alone.decisions,
        "rerun_seconds": rerun_seconds,
        "findings": len(report.findings),
    }


def reports(url: str) -> dict[str, float]:
    """Seconds of each report from the read model (rebuilt first, then caught up per report)."""
    services = bootstrap(url)
    model = open_read_model(services.store)
    started = time.perf_counter()
    model.rebuild()
    timings = {"rebuild": time.perf_counter() - started}
    model.close()
    makers: dict[str, Callable[[Any], Any]] = {
        "bench": bench,
        "pipeline": pipeline,
        "ninebox": ninebox,
        "position": lambda db: position_report(db, "P00001"),
    }
    for name, make in makers.items():
        timings[name] = min(timed_report(services, make) for _ in range(REPEATS))
    timings["bare_fetch"] = growth_parts.bare(url)
    timings.update(as_of(services))
    services.close()
    return timings


def timed_report(services: Any, make: Callable[[Any], Any]) -> float:
    started = time.perf_counter()
    with source(services) as db:
        make(db)
    return time.perf_counter() - started


def as_of(services: Any) -> dict[str, float]:
    """`report bench --as-of`: at the moment the batch ended (the live read model answers it),
    at the moment of the event in the middle of the log (the nearest checkpoint and the events
    after it), and, for comparison, folded from the first event (what it did before
    checkpoints)."""
    moment = datetime.now(UTC)
    middle = middle_moment(services)
    timings = {"as_of": min(timed_bench(services, moment) for _ in range(REPEATS))}
    timings["as_of_middle"] = min(timed_bench(services, middle) for _ in range(REPEATS))
    started = time.perf_counter()
    scratch = memory_database()
    try:
        fold_as_of(services.store, scratch, moment)
        bench(scratch)
    finally:
        scratch.close()
    timings["as_of_full_fold"] = time.perf_counter() - started
    return timings


def timed_bench(services: Any, moment: datetime | None) -> float:
    started = time.perf_counter()
    with source(services, moment) as db:
        bench(db)
    return time.perf_counter() - started


def middle_moment(services: Any) -> datetime:
    """The timestamp of the event halfway through the log."""
    store = services.store
    middle = max(1, store.app.recorder.max_notification_id() // 2)
    [note] = store.app.recorder.select_notifications(start=middle, limit=1)
    stamp: datetime = store.decode(note).timestamp
    return stamp
