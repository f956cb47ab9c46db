"""Ctrl-C and progress across worker processes: the parent asks, the workers stop between chunks.

A terminal sends Ctrl-C to every process of the command. Workers that took it themselves would
die mid-task with tracebacks and lose their reports; so workers ignore it, and the parent turns
it into a stop request the workers read after each saved chunk. Each worker then returns the
report of what it saved, and the parent shows the merged summary (exit 130), as one process
would. The same link carries each worker's progress to the parent's progress bar.
"""

from __future__ import annotations

import queue
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.context import SpawnContext
from multiprocessing.pool import AsyncResult
from typing import Any

Count = Callable[[int], None]


@dataclass
class WorkerLink:
    """What a worker shares with its parent: the stop request and a queue of progress."""

    stop: Any  # a multiprocessing Event
    news: Any  # a multiprocessing Queue of ("total" | "done", n)

    @classmethod
    def new(cls, context: SpawnContext) -> WorkerLink:
        return cls(context.Event(), context.Queue())


_link: WorkerLink | None = None
"""The link of this worker process, set by `join` when the pool starts it."""


def join(link: WorkerLink) -> None:
    """Pool initializer: Ctrl-C is the parent's to handle; remember the link."""
    global _link
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _link = link


def stop_requested() -> bool:
    return _link is not None and _link.stop.is_set()


def worker_counters(stoppable: bool) -> tuple[Count, Count]:
    """(progress, on_total) for a batch in this worker. After each chunk, progress raises
    KeyboardInterrupt if the parent asked to stop: the batch's own Ctrl-C handling then ends
    it between whole chunks and reports what was saved."""
    link = _link
    if link is None:
        return (lambda n: None), (lambda n: None)

    def progress(n: int) -> None:
        link.news.put(("done", n))
        if stoppable and link.stop.is_set():
            raise KeyboardInterrupt

    def on_total(n: int) -> None:
        link.news.put(("total", n))

    return progress, on_total


@contextmanager
def workers_ignore_ctrl_c() -> Iterator[None]:
    """In the parent, around starting the workers: they inherit an ignored Ctrl-C, so one
    pressed while they start up cannot kill them; the parent's handler comes back after."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread receives signals
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@contextmanager
def ctrl_c_asks_to_stop(link: WorkerLink) -> Iterator[None]:
    """In the parent, while the workers run: Ctrl-C sets the stop request instead of raising."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, lambda signum, frame: link.stop.set())
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def follow(
    pending: AsyncResult[Any], link: WorkerLink, workers: int, progress: Count, on_total: Count
) -> None:
    """Relay the workers' progress until they are all done: the bar appears once every worker
    has counted its share, and counts what was done before that too."""
    totals: list[int] = []
    early = 0
    while True:
        try:
            kind, n = link.news.get(timeout=0.1)
        except queue.Empty:
            if pending.ready():
                return
            continue
        if kind == "total":
            totals.append(n)
            if len(totals) == workers:
                on_total(sum(totals))
                progress(early)
        elif len(totals) == workers:
            progress(n)
        else:
            early += n
