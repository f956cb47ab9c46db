"""Create a PostgreSQL database when it is missing, through the server's maintenance database.

The test suite and the benchmark each work in a database of their own name (never `test` or
`postgres`), which a fresh server does not have yet.
"""

from __future__ import annotations

from contextlib import suppress
from urllib.parse import urlsplit, urlunsplit


def ensure_database(url: str) -> None:
    """Create the URL's database if it does not exist; a concurrent creator may win the race."""
    import psycopg
    from psycopg import sql

    parsed = urlsplit(url.split("?")[0])
    name = parsed.path.lstrip("/")
    admin = urlunsplit(parsed._replace(path="/postgres", query=""))
    with psycopg.connect(admin, autocommit=True, connect_timeout=3) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            return
        with suppress(psycopg.errors.DuplicateDatabase, psycopg.errors.UniqueViolation):
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
