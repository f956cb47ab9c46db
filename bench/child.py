"""Run one batch step in a process of its own and print its figures as JSON.

A process of its own so that its peak RSS is the batch's alone, not the generator's or the
parent's.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from functools import partial
from typing import Any

from succession_flow.application.batch.runner import Scope
from succession_flow.application.batch.steps import run_step_batch
from succession_flow.application.batch.workers import run_workers
from succession_flow.bootstrap import bootstrap, compose
from succession_flow.config import Config


def timed_saves(services: Any) -> list[float]:
    """Wrap the store's save so the time spent appending can be told apart."""
    spent = [0.0]
    save = services.store.save

    def timed(*aggregates: Any) -> None:
        started = time.perf_counter()
        save(*aggregates)
        spent[0] += time.perf_counter() - started

    services.store.save = timed
    return spent


def main(url: str, step: str, workers: int) -> dict[str, Any]:
    services = bootstrap(url)
    spent = timed_saves(services)
    started = time.perf_counter()
    if workers == 1:
        report = run_step_batch(services, step, Scope(), "bench")
    else:
        report = run_workers(partial(compose, Config.resolve(url)), step, Scope(), "bench", workers)
    seconds = time.perf_counter() - started
    services.close()
    return {
        "seconds": seconds,
        "save_seconds": spent[0],
        "applied": report.applied,
        "events": report.events,
        "errors": len(report.errors),
        "outcomes": dict(report.outcomes),
        "max_rss_kb": peak_rss_kb(),
    }


def peak_rss_kb() -> int:
    """This process's own peak RSS (VmHWM).

    Not `ru_maxrss`: Linux carries that over from the forked copy of the parent across exec,
    so a child started by a large parent would report the parent's size.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.argv[2], int(sys.argv[3]))))
