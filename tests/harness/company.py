"""A company for tests: the composition root on a fresh store of each backend, holding the
company a module names with `@pytest.mark.company(build=..., **bootstrap_options)`.

`build(services)` (a keyword: a lone callable would make the mark a decorator) writes the company (see tests/integration/builders.py and world.py); the
options go to `bootstrap` (a fixed `clock`, a test `engine`). Without the mark the store is
empty. Integration tests ask for `services`; CLI tests ask for `url`, the same store with the
company written and the services closed, so the command under test opens it as a user would.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

import pytest

from succession_flow.application.services import Services
from succession_flow.bootstrap import bootstrap

Build = Callable[[Services], object]
OpenCompany = Callable[..., Services]
"""`open_company(build=None, **bootstrap_options)`: a company on the test's store, closed after."""


def marked_company(request: pytest.FixtureRequest) -> dict[str, Any]:
    """`build` and the bootstrap options of the closest `company` mark (none: empty store)."""
    marker = request.node.get_closest_marker("company")
    if marker is None:
        return {}
    if marker.args:
        raise pytest.UsageError(f"{request.node.nodeid}: write company(build=...)")
    return dict(marker.kwargs)


@pytest.fixture
def open_company(store_url: str) -> Iterator[OpenCompany]:
    """For a module whose company needs another fixture (a shared engine): it opens, builds
    and hands back the services, and closes every one it opened when the test ends."""
    with ExitStack() as stack:

        def opened(build: Build | None = None, **options: Any) -> Services:
            services = bootstrap(store_url, **options)
            stack.callback(services.close)
            if build is not None:
                build(services)
            return services

        yield opened


@pytest.fixture
def services(request: pytest.FixtureRequest, open_company: OpenCompany) -> Services:
    """The module's company (its `company` mark) on each backend, closed after the test."""
    return open_company(**marked_company(request))


@contextmanager
def marked_company_in(request: pytest.FixtureRequest, store_url: str) -> Iterator[Services]:
    """The mark's company written in `store_url`, open within the block, closed after."""
    options = marked_company(request)
    build: Build | None = options.pop("build", None)
    services = bootstrap(store_url, **options)
    try:
        if build is not None:
            build(services)
        yield services
    finally:
        services.close()


@pytest.fixture(scope="module")
def module_services(request: pytest.FixtureRequest, module_store_url: str) -> Iterator[Services]:
    """The module's company (its `company` mark) built once per module and backend, for tests
    that only read it or check that they wrote nothing: building it per test is most of their
    time. A test that writes asks for `services` instead."""
    with marked_company_in(request, module_store_url) as services:
        yield services


@pytest.fixture
def url(request: pytest.FixtureRequest, store_url: str) -> str:
    """The store URL of the module's company on each backend, written and closed."""
    with marked_company_in(request, store_url):
        return store_url
