"""The server's read services: a few `Services` kept open across requests, each lent to one
request at a time.

Opening the store for every request cost ~32 ms on PostgreSQL, and it ran on the event loop,
so 50 clients queued behind each other's store openings. Instead the server composes up to
`size` Services once (on first need) and lends them out: a request holds one alone, from its
token check to its answer (on whichever threadpool thread runs its parts), so no connection, no
`eventsourcing` application and no read model is used by two threads at once. Each lent read
model is caught up before it answers (under one lock, so two catch-ups never run at once), so
a read sees every write already answered. A store failure or a bug closes the Services it
happened on; the next request opens a fresh one. Writes do not come here: they run on the
writer's own Services (`application/batch/serial.py`).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from starlette.concurrency import run_in_threadpool

from succession_flow.application.services import Services
from succession_flow.domain.errors import StoreUnavailable, SuccessionError

READERS = 4
"""How many requests read at once: enough to overlap their waits on the database, few enough
that two cores do not thrash (each holds its own connections)."""


class KeptServices:
    """Up to `size` Services, composed by `open_services` when none is idle; `lent()` waits
    while all are lent."""

    def __init__(self, open_services: Callable[[], Services], size: int = READERS) -> None:
        self._open = open_services
        self._idle: list[Services] = []
        self._lock = threading.Lock()
        self._slots = asyncio.Semaphore(size)
        self._closed = False

    @asynccontextmanager
    async def lent(self) -> AsyncIterator[Services]:
        """Waits for a free one on the event loop, not on a threadpool thread: 50 requests
        blocked in threads waiting for 4 Services took every thread the 4 holders needed to
        finish (a deadlock). Opening and closing run on the threadpool."""
        async with self._slots:
            services = await run_in_threadpool(self._take)
            try:
                yield services
            except StoreUnavailable:
                await run_in_threadpool(services.close)
                raise
            except SuccessionError:
                self._give(services)  # a refusal of the request: the store is fine
                raise
            except BaseException:
                await run_in_threadpool(services.close)
                raise
            self._give(services)

    def _take(self) -> Services:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return self._open()

    def _give(self, services: Services) -> None:
        with self._lock:
            if not self._closed:
                self._idle.append(services)
                return
        services.close()

    def close(self) -> None:
        """On shutdown: closes the idle ones now, the lent ones when they come back."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for services in idle:
            services.close()
