"""Fresh stores for one run: a SQLite file in a temporary folder, a PostgreSQL schema dropped after.

A store can be cloned before a step runs, so the same company can be stepped again (1 worker,
then 2 workers) without generating it twice.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from succession_flow.adapters.pg_database import ensure_database

PG_DEFAULT = "postgresql://postgres@127.0.0.1:5432/succession_flow_bench"
"""The benchmark's own database (created when missing), never `test` or `postgres`."""


@contextmanager
def sqlite_store(folder: Path, name: str) -> Iterator[str]:
    path = folder / f"{name}.sqlite"
    yield f"sqlite:///{path}"
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


@contextmanager
def pg_schema(server: str) -> Iterator[str]:
    import psycopg

    ensure_database(server)
    schema = f"sf_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{server}?schema={schema}"
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def schema_of(url: str) -> str:
    return url.split("schema=")[1]


def clone(source_url: str, target_url: str) -> None:
    """Copy every stored event (and snapshot) of one store into another (empty, same kind)."""
    from succession_flow.bootstrap import bootstrap

    if source_url.startswith("sqlite"):
        # SQLite's own online backup, never a copy of the files: opening and closing the live
        # database file with plain I/O drops every POSIX lock this process's SQLite connections
        # hold on it (any it still has open, whoever opened them), and a later writer in
        # another process then took itself for the last one and checkpointed the log into a
        # malformed file (sqlite.org/howtocorrupt.html, 2.2).
        with (
            closing(sqlite3.connect(source_url.removeprefix("sqlite:///"))) as source,
            closing(sqlite3.connect(target_url.removeprefix("sqlite:///"))) as target,
        ):
            source.backup(target)
        return
    import psycopg

    bootstrap(target_url).close()  # creates the target's tables
    server = source_url.split("?")[0]
    src, dst = schema_of(source_url), schema_of(target_url)
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(
            f'INSERT INTO "{dst}".successionflow_events '
            "(originator_id, originator_version, topic, state) "
            "SELECT originator_id, originator_version, topic, state "
            f'FROM "{src}".successionflow_events '
            "ORDER BY notification_id"
        )
        conn.execute(f'ANALYZE "{dst}".successionflow_events')
        found = conn.execute(
            "SELECT to_regclass(%s) IS NOT NULL", (f'"{src}".successionflow_events_snapshots',)
        ).fetchone()
        if found and found[0]:  # the snapshots the generator's saves took
            conn.execute(
                f'CREATE TABLE "{dst}".successionflow_events_snapshots '
                f'(LIKE "{src}".successionflow_events_snapshots INCLUDING ALL)'
            )
            conn.execute(
                f'INSERT INTO "{dst}".successionflow_events_snapshots '
                f'SELECT * FROM "{src}".successionflow_events_snapshots'
            )
