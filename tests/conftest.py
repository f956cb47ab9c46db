"""The shared harness (tests/harness/): a store on each backend, and a company in it.

Fixtures: `store_url` (a fresh store; one run per backend), `new_store` (more stores),
`module_store_url` (one per module and backend), `pg_schema_url`, `postgres_server`;
`services` and `url` (the module's `company` mark built in `store_url`), `module_services`
(the same, built once per module), `open_company`.
With CI=true a missing PostgreSQL server fails the run instead of skipping its tests.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.harness.backends import (
    PG_URL,
    backend,
    fresh_pg_schema,
    module_store_url,
    new_store,
    parametrize_backends,
    pg_schema_url,
    postgres_available,
    postgres_server,
    store_url,
)
from tests.harness.company import module_services, open_company, services, url

__all__ = [
    "PG_URL",
    "backend",
    "fresh_pg_schema",
    "module_services",
    "module_store_url",
    "new_store",
    "open_company",
    "pg_schema_url",
    "postgres_available",
    "postgres_server",
    "services",
    "store_url",
    "url",
]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    parametrize_backends(metafunc)


RecordProperty = Callable[[str, object], None]
SUMMARY = "summary"
"""A test's `record_property(SUMMARY, text)` is printed at the end of the run (the probe
matrix's table): the suite runs in worker processes (pytest-xdist), whose own output `-s`
does not show, but each test's report, properties included, reaches the main process."""
_summaries: list[tuple[str, str]] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call":
        _summaries.extend(
            (report.nodeid, str(v)) for k, v in report.user_properties if k == SUMMARY
        )


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for nodeid, text in _summaries:
        terminalreporter.write_sep("-", nodeid)
        terminalreporter.write_line(text)
