"""Each figure of the benchmark, measured on one store: our path and its raw limit side by side."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from eventsourcing.utils import get_topic

from bench import limits
from bench.company import generate
from bench.rulesets import publish_shipped
from succession_flow.application.batch.runner import CHUNK
from succession_flow.bootstrap import bootstrap
from succession_flow.domain.candidate import Candidate

ROOT = Path(__file__).resolve().parent.parent
EVALUATED = get_topic(Candidate.__dict__["Evaluated"])


def company(url: str, n: int) -> dict[str, float]:
    services = bootstrap(url)
    started = time.perf_counter()
    positions, events = generate(services, n)
    publish_shipped(services)
    seconds = time.perf_counter() - started
    services.close()
    limits.analyze(url)
    return {"positions": positions, "events": events, "seconds": seconds}


def batch(url: str, step: str, workers: int) -> dict[str, Any]:
    """The batch step in a child process: wall time, time in saves, peak RSS."""
    return in_child("bench.child", url, step, str(workers))


def verify(url: str) -> dict[str, Any]:
    """`audit verify` in a child process: its figures (bench/later.py) and its peak RSS."""
    return in_child("bench.verify_child", url)


def in_child(module: str, *args: str) -> dict[str, Any]:
    """Run a bench module in a process of its own (so its peak RSS is its own); its figures."""
    paths = [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]  # keep a worktree's src
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    done = subprocess.run(
        [sys.executable, "-m", module, *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env=env,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{module} failed: {done.stderr.strip()[-2000:]}")
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def bare_save(target_url: str, rows: list[limits.Row], chunk: int) -> float:
    """Seconds for eventsourcing's own `app.save(*events)` of the same events, chunk by chunk."""
    services = bootstrap(target_url)
    store = services.store
    events = [store.decode(_Stored(*row)) for row in rows]
    started = time.perf_counter()
    for start in range(0, len(events), chunk):
        store.app.save(*events[start : start + chunk])
    seconds = time.perf_counter() - started
    services.close()
    return seconds


class _Stored:
    """A stored event row as the mapper reads it."""

    def __init__(self, originator_id: Any, version: int, topic: str, state: bytes) -> None:
        from uuid import UUID

        self.originator_id = (
            originator_id if isinstance(originator_id, UUID) else UUID(originator_id)
        )
        self.originator_version = version
        self.topic = topic
        self.state = state


def replay(url: str) -> tuple[int, float, float]:
    """(events, seconds, CPU seconds) to read the whole log through the store and decode every
    event."""
    services = bootstrap(url)
    store = services.store
    started, cpu = time.perf_counter(), time.process_time()
    count = 0
    for note in store.notifications():
        store.decode(note)
        count += 1
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    services.close()
    return count, seconds, cpu


def appends(url: str, bare_target: str) -> dict[str, float]:
    """The batch's Evaluated events saved bare, and as raw rows by executemany.

    `bare_target` is a copy of the store taken before the batch, so all three paths append to
    tables of the same size.
    """
    rows = limits.event_rows(url, EVALUATED)
    return {
        "rows": len(rows),
        "bare_seconds": bare_save(bare_target, rows, CHUNK),
        "raw_seconds": limits.raw_executemany(url, rows, CHUNK, EVALUATED),
    }
