"""Writes through the web: queued on the server's one writer, refused before anything is written.

Every step and job a request asks for runs on the `OneWriter` of the app (one thread, in turn:
`durable_rules` is not thread-safe), under the authenticated principal's name. The checks the
CLI's `@writes_store` makes come first, in its order: the store's secret, then the actor's role
(the role table of `cli/authorisation.py`). A store that refuses the write itself (a wrong or
missing secret, a read-only connection) answers 503, not the 403 of a role: the caller may
act, the store cannot take it now.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from functools import partial
from typing import TypeVar

from fastapi import FastAPI, Request

from succession_flow.application.batch.jobs import Jobs
from succession_flow.application.batch.serial import OneWriter
from succession_flow.application.people.access import require
from succession_flow.application.people.staffing import get_position
from succession_flow.application.services import Services
from succession_flow.cli.authorisation import NEEDS
from succession_flow.config import Config
from succession_flow.domain.errors import PermissionDenied, StoreUnavailable
from succession_flow.domain.roles import Capability

T = TypeVar("T")
_starting = threading.Lock()


def capability_of(command: str) -> Capability:
    """The role table's entry for a command (every step and `run` needs one)."""
    needed = NEEDS[command]
    if needed is None:
        raise KeyError(f"{command} decides its own access: not a web write")
    return needed


def open_for_writing(config: Config) -> Services:
    """The store as a writing CLI command opens it; the server refused a missing one at start."""
    from succession_flow.bootstrap import compose, require_store

    require_store(config)
    return compose(config)


def _start(app: FastAPI) -> None:
    """The app's one writer and its jobs, made on first use (also without the app's lifespan,
    as under a test client that is not entered)."""
    with _starting:
        if not hasattr(app.state, "writer"):
            app.state.writer = OneWriter(partial(open_for_writing, app.state.config))
            app.state.jobs = Jobs(app.state.writer)


def jobs_of(app: FastAPI) -> Jobs:
    _start(app)
    jobs: Jobs = app.state.jobs
    return jobs


def writer_of(app: FastAPI) -> OneWriter:
    _start(app)
    writer: OneWriter = app.state.writer
    return writer


@asynccontextmanager
async def closing_writer(app: FastAPI) -> AsyncIterator[None]:
    """The app's lifespan: on shutdown the running write finishes, the queued ones are dropped."""
    yield
    writer: OneWriter | None = getattr(app.state, "writer", None)
    if writer is not None:
        await asyncio.to_thread(writer.close)


async def write(request: Request, actor: str, command: str, work: Callable[[Services], T]) -> T:
    """Run one write on the writer, checked as the CLI checks `command`, and wait for it."""
    checked = partial(_checked, actor, capability_of(command), work)
    return await asyncio.wrap_future(writer_of(request.app).submit(checked))


def _checked(actor: str, capability: Capability, work: Callable[[Services], T], s: Services) -> T:
    refuse_early(s, actor, capability)
    with store_refusals():
        return work(s)


def refuse_early(
    services: Services, actor: str, capability: Capability, position_id: str | None = None
) -> None:
    """What refuses a write before it is queued or run: the secret, the role, the position."""
    with store_refusals():
        services.store.check_secret()
    require(services, actor, capability)
    if position_id is not None:
        get_position(services, position_id)  # a mistyped position is an error, not 0 candidates


@contextmanager
def store_refusals() -> Iterator[None]:
    """The store's own refusals (secret, read-only) as unavailable; the role was checked."""
    try:
        yield
    except PermissionDenied as error:
        raise StoreUnavailable(str(error)) from None
