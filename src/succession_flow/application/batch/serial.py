"""One writer per server process: every step and every batch job, one at a time, on one thread.

`durable_rules` is not thread-safe and a server answers many requests at once, so each write a
server is asked for (a single step, a batch job) is queued here and run in the order asked, on
the one thread this writer owns. Each piece of work gets its own `Services`, opened on that
thread and closed after, the way one CLI command opens the store: no connection is shared
between threads, and a request never sees another's half-done unit of work.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

from succession_flow.application.services import Services

T = TypeVar("T")
Work = Callable[[Services], T]
"""What the writer runs: a use case given the services it opened for it."""


class OneWriter:
    """A queue of writes served by one thread; `submit` returns at once with a future."""

    def __init__(self, open_services: Callable[[], Services]) -> None:
        self._open = open_services
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sf-writer")

    def submit(self, work: Work[T]) -> Future[T]:
        return self._thread.submit(self._run, work)

    def _run(self, work: Work[T]) -> T:
        services = self._open()
        try:
            return work(services)
        finally:
            services.close()

    def close(self) -> None:
        """Waits for the work running now (each chunk is saved whole); drops what is queued."""
        self._thread.shutdown(wait=True, cancel_futures=True)
