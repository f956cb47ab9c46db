"""One writer per server process: every step and every batch job, one at a time, on one thread.

`durable_rules` is not thread-safe and a server answers many requests at once, so each write a
server is asked for (a single step, a batch job) is queued here and run in the order asked, on
the one thread this writer owns. The writer opens its `Services` on that thread and keeps them
for the next piece of work (no connection is shared between threads; opening the store for
each step cost a third of the step). After a failure of the store or a bug they are closed and
the next piece of work opens them afresh, so a broken connection or a half-done unit of work
never lingers; a refusal of the request (an illegal transition) leaves them as they were.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

from succession_flow.application.services import Services
from succession_flow.domain.errors import StoreUnavailable, SuccessionError

T = TypeVar("T")
Work = Callable[[Services], T]
"""What the writer runs: a use case given the services it opened for it."""


class OneWriter:
    """A queue of writes served by one thread; `submit` returns at once with a future."""

    def __init__(self, open_services: Callable[[], Services]) -> None:
        self._open = open_services
        self._services: Services | None = None
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sf-writer")

    def submit(self, work: Work[T]) -> Future[T]:
        return self._thread.submit(self._run, work)

    def _run(self, work: Work[T]) -> T:
        if self._services is None:
            self._services = self._open()
        try:
            return work(self._services)
        except SuccessionError as refused:
            if isinstance(refused, StoreUnavailable):
                self._drop()
            raise
        except BaseException:
            self._drop()
            raise

    def _drop(self) -> None:
        services, self._services = self._services, None
        if services is not None:
            services.close()

    def close(self) -> None:
        """Waits for the work running now (each chunk is saved whole); drops what is queued."""
        self._thread.shutdown(wait=True, cancel_futures=True)
        self._drop()
