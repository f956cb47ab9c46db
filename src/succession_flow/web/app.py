"""The ASGI application: the store's configuration in, the console and `/api/v1` out.

Every request reads through one of the server's kept read services (`web/kept_services.py`),
lent to it by `open_services`, so no request opens the store; the read routes are sync, so
FastAPI runs them on its threadpool, and the token check runs there too, never on the event
loop. Every write (a step, a batch job) is
queued on the app's one writer thread (`web/writing.py`), so writes run one at a time; the
rule engine's own lock serialises its calls between that thread and a read that re-runs
decisions (`audit verify`), as `durable_rules` needs.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException

from succession_flow import __version__
from succession_flow.application.services import Services
from succession_flow.config import Config
from succession_flow.domain.errors import InvalidInput, NotFound, SuccessionError
from succession_flow.web.errors import error_body
from succession_flow.web.kept_services import KeptServices

API = "/api/v1"


async def open_services(request: Request) -> AsyncIterator[Services]:
    """The store for one request, lent from the server's kept ones; a read never creates it
    (no store: 404, as the CLI's 3)."""
    async with readers_of(request.app).lent() as services:
        yield services


def open_for_reading(config: Config) -> Services:
    from succession_flow.bootstrap import compose_kept, require_store

    require_store(config)
    return compose_kept(config, _catching_up)


_catching_up = threading.Lock()
_starting = threading.Lock()


def readers_of(app: FastAPI) -> KeptServices:
    """The app's kept read services, made on first use (also under a test client whose
    lifespan is not entered)."""
    with _starting:
        if not hasattr(app.state, "readers"):
            app.state.readers = KeptServices(partial(open_for_reading, app.state.config))
            weakref.finalize(app, app.state.readers.close)  # an app dropped unshut (a test's)
    readers: KeptServices = app.state.readers
    return readers


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """On shutdown: the writer finishes its running write, then the kept reads are closed."""
    from succession_flow.web.writing import closing_writer

    async with closing_writer(app):
        yield
    readers: KeptServices | None = getattr(app.state, "readers", None)
    if readers is not None:
        readers.close()


def create_app(config: Config) -> FastAPI:
    from succession_flow.web import api, api_jobs, api_steps, login, pages, security

    app = FastAPI(
        title="succession-flow",
        version=__version__,
        description="Read-only console and API over the succession record (phase 1).",
        docs_url=None,  # the interactive docs load scripts from a CDN: offline, only the schema
        redoc_url=None,
        openapi_url=f"{API}/openapi.json",
        lifespan=lifespan,
    )
    app.state.config = config
    app.include_router(api.router, prefix=API)
    app.include_router(api_steps.router, prefix=API)
    app.include_router(api_jobs.router, prefix=API)
    app.include_router(pages.router)
    app.include_router(login.router)
    security.install(app)
    app.add_exception_handler(SuccessionError, refused)
    app.add_exception_handler(Exception, refused)  # a bug: 500, named by its type only
    app.add_exception_handler(RequestValidationError, refused)
    app.add_exception_handler(HTTPException, refused)
    return app


async def refused(request: Request, error: Exception) -> Response:
    """One place turns every error into its category: JSON under the API, a page elsewhere."""
    error = as_domain_error(error)
    body = error_body(error)
    status = int(body["error"]["status"])  # type: ignore[index]
    if request.url.path.startswith(API):
        return JSONResponse(body, status_code=status)
    from succession_flow.web.pages import error_page

    return HTMLResponse(error_page(request, body), status_code=status)


def as_domain_error(error: Exception) -> Exception:
    """Framework refusals named like ours: a bad parameter is bad input, no route not found."""
    if isinstance(error, RequestValidationError):
        first = error.errors()[0] if error.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        return InvalidInput(f"{where}: {first.get('msg', 'invalid')}")
    if isinstance(error, HTTPException):
        if error.status_code == 404:
            return NotFound("no such page")
        return InvalidInput(str(error.detail))
    return error
