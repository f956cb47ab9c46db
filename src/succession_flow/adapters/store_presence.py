"""Whether a store exists, asked without creating anything.

Opening a store through `eventsourcing` creates its file, tables and functions. A command that
only reads must not do that: a mistyped path or database would become a new empty store that
answers "(none)" to an auditor. So reading commands ask here first, with a connection that
cannot create (SQLite opened read-only, PostgreSQL only queried).
"""

from __future__ import annotations

import os
import sqlite3

from succession_flow.adapters.store_url import StoreConfig, postgres_connection_args
from succession_flow.domain.errors import StoreUnavailable


def store_exists(config: StoreConfig, events_table: str) -> bool:
    """True when the store's events table is there. A SQLite file in a missing folder counts
    as there: opening it fails as unreachable (exit 6), which says more than "no store"."""
    path = config.sqlite_path
    if path is not None:
        if not path.parent.is_dir():
            return True
        return path.exists() and _sqlite_has(path.resolve().as_uri(), events_table)
    return _postgres_has(config, events_table)


def _sqlite_has(uri: str, table: str) -> bool:
    try:
        connection = sqlite3.connect(f"{uri}?mode=ro", uri=True)
    except sqlite3.Error:
        return True  # unreadable: let the store say why
    try:
        row = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).fetchone()
    except sqlite3.DatabaseError:
        return True  # not a database, or locked: let the store say why
    finally:
        connection.close()
    return row is not None


def _postgres_has(config: StoreConfig, table: str) -> bool:
    """A database that does not exist, or has no events table in the schema, holds no store;
    a server that cannot be reached is unavailable (exit 6), not missing."""
    import psycopg

    env = config.env
    schema = env.get("POSTGRES_SCHEMA") or "public"
    try:
        with psycopg.connect(
            **postgres_connection_args(env),  # type: ignore[arg-type]
            autocommit=True,
        ) as connection:
            row = connection.execute(
                "SELECT to_regclass(%s)", (f'"{schema}"."{table}"',)
            ).fetchone()
    except psycopg.Error as error:
        if f'database "{env["POSTGRES_DBNAME"]}" does not exist' in first_line(error):
            return False
        raise StoreUnavailable(f"{config.describe()}: {first_line(error)}") from error
    return row is not None and row[0] is not None


def store_writable(config: StoreConfig, events_table: str) -> bool:
    """Whether this connection may append events: not a `?mode=ro` SQLite file, not a file the
    process cannot write, not a PostgreSQL role without INSERT on the events table. Asked the
    same way as presence, so asking writes nothing."""
    path = config.sqlite_path
    if path is not None:
        return not config.read_only and os.access(path, os.W_OK)
    return _postgres_may_insert(config, events_table)


def _postgres_may_insert(config: StoreConfig, table: str) -> bool:
    import psycopg

    schema = config.env.get("POSTGRES_SCHEMA") or "public"
    try:
        with psycopg.connect(
            **postgres_connection_args(config.env),  # type: ignore[arg-type]
            autocommit=True,
        ) as connection:
            row = connection.execute(
                "SELECT has_table_privilege(%s, 'INSERT')", (f'"{schema}"."{table}"',)
            ).fetchone()
    except psycopg.Error as error:
        raise StoreUnavailable(f"{config.describe()}: {first_line(error)}") from error
    return row is not None and bool(row[0])


def first_line(error: Exception) -> str:
    """The driver's message in one line (its repr when it has none)."""
    text = str(error).strip()
    return text.splitlines()[0] if text else repr(error)
