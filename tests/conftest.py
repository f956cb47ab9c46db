"""Stores for tests: a fresh SQLite file, and a fresh PostgreSQL schema that is dropped after.

With CI=true a missing PostgreSQL server fails the run instead of skipping its tests.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from succession_flow.adapters.pg_database import ensure_database

PG_URL = os.environ.get(
    "SUCCESSION_FLOW_TEST_PG", "postgresql://postgres@127.0.0.1:5432/succession_flow_test"
)


def postgres_available() -> str | None:
    """None when the server answers; else why not."""
    import psycopg

    try:
        ensure_database(PG_URL.split("?")[0])
        with psycopg.connect(PG_URL.split("?")[0], connect_timeout=3):
            return None
    except psycopg.Error as error:
        return str(error).strip().splitlines()[0]


@pytest.fixture(scope="session")
def postgres_server() -> str:
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


@pytest.fixture
def pg_schema_url(postgres_server: str) -> Iterator[str]:
    with fresh_pg_schema(postgres_server) as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: object) -> str:
    """Run the test once on each real store."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/store.sqlite"
    url: str = request.getfixturevalue("pg_schema_url")
    return url
