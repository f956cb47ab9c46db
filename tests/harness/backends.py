"""Stores for tests: a fresh SQLite file, or a fresh PostgreSQL schema that is dropped after.

Every test that asks for `store_url` (directly or through a fixture built on it) runs once on
each backend; `@pytest.mark.backends("sqlite")` on a test or module narrows that, for behaviour
that only one store has. With CI=true an unreachable PostgreSQL server fails the run instead of
skipping its tests, so a green CI always means both backends were exercised.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from succession_flow.adapters.pg_database import ensure_database

PG_URL = os.environ.get(
    "SUCCESSION_FLOW_TEST_PG", "postgresql://postgres@127.0.0.1:5432/succession_flow_test"
)
BACKENDS = ("sqlite", "postgres")

NewStore = Callable[..., str]
"""`new_store(backend, name="store")`: the URL of another fresh, empty store, cleaned up after."""


def postgres_available() -> str | None:
    """None when the server answers; else why not."""
    import psycopg

    try:
        ensure_database(PG_URL.split("?")[0])
        with psycopg.connect(PG_URL.split("?")[0], connect_timeout=3):
            return None
    except psycopg.Error as error:
        return str(error).strip().splitlines()[0]


def require_postgres() -> str:
    """The server's URL; fails under CI=true (skips elsewhere) when it does not answer."""
    problem = postgres_available()
    if problem is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is required in CI but unavailable: {problem}")
        pytest.skip(f"PostgreSQL unavailable: {problem}")
    return PG_URL


@contextmanager
def fresh_pg_schema(server: str) -> Iterator[str]:
    """A store URL on a new, empty schema, dropped on the way out."""
    import psycopg

    schema = f"sf_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{server}?schema={schema}"
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def backend_params(node: pytest.Function | pytest.Item) -> list[object]:
    """The backends a test runs on: both, unless a `backends` mark names fewer."""
    marker = node.get_closest_marker("backends")
    names = marker.args if marker else BACKENDS
    unknown = set(names) - set(BACKENDS)
    if unknown or not names:
        raise pytest.UsageError(f"{node.nodeid}: backends mark names {sorted(unknown) or 'none'}")
    return [
        pytest.param(name, marks=pytest.mark.postgres) if name == "postgres" else name
        for name in names
    ]


def parametrize_backends(metafunc: pytest.Metafunc) -> None:
    """Called from conftest's `pytest_generate_tests`: one test per backend."""
    if "backend" in metafunc.fixturenames:
        metafunc.parametrize("backend", backend_params(metafunc.definition), indirect=True)


@pytest.fixture(scope="session")
def postgres_server() -> str:
    return require_postgres()


@pytest.fixture(scope="module")
def backend(request: pytest.FixtureRequest) -> str:
    """ "sqlite" or "postgres": set by `parametrize_backends` (module scope, so a module may
    share one store per backend)."""
    name: str = request.param
    return name


@contextmanager
def read_only_url(url: str) -> Iterator[str]:
    """The same store through a connection that may only read: `?mode=ro` on SQLite, a
    database role with SELECT rights only on PostgreSQL (dropped on the way out)."""
    if url.startswith("sqlite"):
        yield f"{url}?mode=ro"
        return
    import psycopg

    admin, _, query = url.partition("?")
    schema, name = query.split("=", 1)[1], f"sf_reviewer_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE ROLE "{name}" LOGIN')
        conn.execute(f'GRANT USAGE ON SCHEMA "{schema}" TO "{name}"')
        conn.execute(f'GRANT SELECT ON ALL TABLES IN SCHEMA "{schema}" TO "{name}"')
    try:
        yield url.replace("://postgres@", f"://{name}@")
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP OWNED BY "{name}"')
            conn.execute(f'DROP ROLE "{name}"')


@contextmanager
def fresh_store(
    request: pytest.FixtureRequest, folder: Path, kind: str, name: str
) -> Iterator[str]:
    """One empty store of `kind`: a file in `folder`, or a schema dropped on the way out."""
    if kind == "sqlite":
        yield f"sqlite:///{folder}/{name}.sqlite"
        return
    if kind != "postgres":
        raise ValueError(f"no backend {kind!r}; use one of {BACKENDS}")
    with fresh_pg_schema(request.getfixturevalue("postgres_server")) as url:
        yield url


@pytest.fixture
def new_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[NewStore]:
    """Stores beyond the test's own (a twin, a second company), of any backend."""
    with ExitStack() as stack:

        def make(kind: str, name: str = "store") -> str:
            return stack.enter_context(fresh_store(request, tmp_path, kind, name))

        yield make


@pytest.fixture
def store_url(backend: str, new_store: NewStore) -> str:
    """A fresh, empty store on each backend (the test runs once per backend)."""
    return new_store(backend)


@pytest.fixture(scope="module")
def module_store_url(
    backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """One store per backend shared by a module whose tests only read it (or check that
    they wrote nothing): built once, so each test does not pay for the company again."""
    folder = tmp_path_factory.mktemp("module-store")
    with fresh_store(request, folder, backend, "store") as url:
        yield url


@pytest.fixture
def pg_schema_url(new_store: NewStore) -> str:
    """A fresh PostgreSQL store, for tests of what only PostgreSQL does (mark them postgres)."""
    return new_store("postgres")
