"""Figures for `audit verify` and for the reports read from the read model."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from succession_flow.adapters.sql_database import memory_database
from succession_flow.application.audit import verification
from succession_flow.application.queries.read_model import source
from succession_flow.bootstrap import bootstrap, open_read_model
from succession_flow.readmodel.tracking import fold_as_of
from succession_flow.reports.bench import bench
from succession_flow.reports.ninebox import ninebox
from succession_flow.reports.pipeline import pipeline
from succession_flow.reports.position import position_report


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
        started = time.perf_counter()
        with source(services) as db:
            make(db)
        timings[name] = time.perf_counter() - started
    timings.update(as_of(services))
    services.close()
    return timings


def as_of(services: Any) -> dict[str, float]:
    """`report bench --as-of` a moment a little before now: from the nearest checkpoint (what
    the CLI does) and, for comparison, folded from the first event (what it did before)."""
    moment = datetime.now(UTC)
    started = time.perf_counter()
    with source(services, moment) as db:
        bench(db)
    checkpointed = time.perf_counter() - started
    started = time.perf_counter()
    scratch = memory_database()
    try:
        fold_as_of(services.store, scratch, moment)
        bench(scratch)
    finally:
        scratch.close()
    return {"as_of": checkpointed, "as_of_full_fold": time.perf_counter() - started}
