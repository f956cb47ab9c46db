"""Figures for features that land on their own branches: `audit verify` and the report read model.

Each returns None while its feature is not on this branch yet, so the benchmark still writes
every row ("pending").
"""

from __future__ import annotations

import time
from collections.abc import Callable
from importlib import import_module
from typing import Any

from succession_flow.bootstrap import bootstrap

REPORTS = ("bench", "pipeline", "ninebox", "position")


def landed(module: str) -> Any:
    """The module if its branch has landed here, else None."""
    try:
        return import_module(module)
    except ImportError:
        return None


def audit_verify(url: str) -> dict[str, float] | None:
    """The whole `audit verify`, and its decision re-runs alone (compared with bare decisions)."""
    verification = landed("succession_flow.application.verification")
    if verification is None:
        return None
    services = bootstrap(url)
    started = time.perf_counter()
    report = verification.verify(services)
    seconds = time.perf_counter() - started
    alone = verification.VerifyReport()
    started = time.perf_counter()
    verification.rerun_decisions(services, alone, {})
    rerun_seconds = time.perf_counter() - started
    services.close()
    return {
        "events": report.events,
        "seconds": seconds,
        "decisions": alone.decisions,
        "rerun_seconds": rerun_seconds,
        "findings": len(report.findings),
    }


def reports(url: str) -> dict[str, float] | None:
    """Seconds of each report from the read model (rebuilt first, then caught up per report)."""
    reports_of = {name: landed(f"succession_flow.reports.{name}") for name in (*REPORTS, "report")}
    open_read_model = getattr(import_module("succession_flow.bootstrap"), "open_read_model", None)
    if open_read_model is None or None in reports_of.values():
        return None
    services = bootstrap(url)
    model = open_read_model(services.store)
    started = time.perf_counter()
    model.rebuild()
    timings = {"rebuild": time.perf_counter() - started}
    model.close()
    makers: dict[str, Callable[[Any], Any]] = {
        "bench": reports_of["bench"].bench,
        "pipeline": reports_of["pipeline"].pipeline,
        "ninebox": reports_of["ninebox"].ninebox,
        "position": lambda db: reports_of["position"].position_report(db, "P00001"),
    }
    for name, make in makers.items():
        started = time.perf_counter()
        with reports_of["report"].source(services) as db:
            make(db)
        timings[name] = time.perf_counter() - started
    services.close()
    return timings
