"""Turn a store URL into the `eventsourcing` persistence settings.

The embedded SQLite file is the default so that nothing needs a server; PostgreSQL is chosen by
URL. Keeping this in one place means the CLI, the tests and the benchmark open stores alike.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import ParseResult, parse_qs, quote, unquote, urlparse

from succession_flow.domain.errors import InvalidInput

DEFAULT_SQLITE_FILE = "succession-flow.sqlite"
STORE_VARIABLE = "SUCCESSION_FLOW_STORE"
LOCK_WAIT_SECONDS = 30
"""How long a writer waits for another writer's lock before it fails (exit 6) instead of
hanging: long enough for the largest bounded write, short enough to surface a stuck one."""
SCHEMA_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")
"""A schema the server takes without quoting: the recorder writes it into its SQL as is."""
IDLE_IN_TRANSACTION_SECONDS = 30
"""PostgreSQL ends a session that holds a transaction open this long without a statement."""


@dataclass(frozen=True)
class StoreConfig:
    url: str
    env: dict[str, str]
    sqlite_path: Path | None = None
    read_only: bool = False

    @property
    def kind(self) -> str:
        return "sqlite" if self.sqlite_path is not None else "postgresql"

    def describe(self) -> str:
        """Where the events live, without any password."""
        if self.sqlite_path is not None:
            return f"SQLite file {self.sqlite_path}" + (" (read-only)" if self.read_only else "")
        env = self.env
        schema = env.get("POSTGRES_SCHEMA") or "public"
        return (
            f"PostgreSQL {env['POSTGRES_USER']}@{env['POSTGRES_HOST']}:{env['POSTGRES_PORT']}"
            f"/{env['POSTGRES_DBNAME']} (schema {schema})"
        )


def resolve_store_url(url: str | None) -> str:
    """The --store option wins, then $SUCCESSION_FLOW_STORE, then the SQLite file here. An
    empty --store is a mistake (an unset shell variable), not a request for the default file."""
    if url is not None and not url.strip():
        raise InvalidInput("--store: the URL is empty; use sqlite:///PATH or postgresql://...")
    return url or os.environ.get(STORE_VARIABLE) or f"sqlite:///{DEFAULT_SQLITE_FILE}"


def parse_store_url(url: str) -> StoreConfig:
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        return _sqlite(url, parsed)
    if parsed.scheme in ("postgresql", "postgres"):
        return _postgres(url)
    raise InvalidInput(f"--store {url!r}: use sqlite:///PATH or postgresql://USER@HOST:PORT/DB")


def _sqlite(url: str, parsed: ParseResult) -> StoreConfig:
    """`?mode=ro` opens an existing file read-only: reads work, every write exits 7."""
    # sqlite:///rel/path -> "/rel/path"; sqlite:////abs/path -> "//abs/path"
    if parsed.netloc:
        raise InvalidInput(
            f"--store {url!r}: a SQLite path starts after three slashes: "
            "sqlite:///relative/path or sqlite:////absolute/path"
        )
    raw_path = parsed.path
    path_text = raw_path[1:] if raw_path.startswith("/") else raw_path
    if not path_text:
        raise InvalidInput(f"--store {url!r}: no file name after sqlite:///")
    query = parse_qs(parsed.query, keep_blank_values=True)
    if set(query) - {"mode"} or query.get("mode", ["ro"]) != ["ro"]:
        raise InvalidInput(f"--store {url!r}: the only SQLite option is ?mode=ro (read-only)")
    path = Path(unquote(path_text))
    read_only = "mode" in query
    env = {
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "SQLITE_DBNAME": f"file:{quote(str(path))}?mode=ro" if read_only else str(path),
        "SQLITE_LOCK_TIMEOUT": str(LOCK_WAIT_SECONDS),
    }
    return StoreConfig(url=url, env=env, sqlite_path=path, read_only=read_only)


def _postgres(url: str) -> StoreConfig:
    parsed = urlparse(url)
    dbname = parsed.path.lstrip("/")
    if not dbname:
        raise InvalidInput(f"--store {url!r}: no database name")
    query = parse_qs(parsed.query)
    schema = query.get("schema", [""])[0]
    if schema and not SCHEMA_NAME.fullmatch(schema):
        raise InvalidInput(f"--store {url!r}: schema {schema!r} is not a plain name (a-z, 0-9, _)")
    try:
        port = parsed.port or 5432
    except ValueError:
        raise InvalidInput(f"--store {url!r}: the port must be a number") from None
    env = {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": dbname,
        "POSTGRES_HOST": parsed.hostname or "127.0.0.1",
        "POSTGRES_PORT": str(port),
        "POSTGRES_USER": unquote(parsed.username or os.environ.get("USER", "postgres")),
        "POSTGRES_PASSWORD": unquote(parsed.password or ""),
        "POSTGRES_SCHEMA": schema,
        "POSTGRES_CONNECT_TIMEOUT": "5",
        "POSTGRES_LOCK_TIMEOUT": str(LOCK_WAIT_SECONDS),
        "POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT": str(IDLE_IN_TRANSACTION_SECONDS),
        "POSTGRES_POOL_SIZE": "2",
        "POSTGRES_MAX_OVERFLOW": "2",
    }
    return StoreConfig(url=url, env=env)


def postgres_connection_args(env: dict[str, str]) -> dict[str, object]:
    """psycopg's connection arguments from the store's settings: one reading of the server,
    database, user, password and time-out for every connection the product opens itself."""
    return {
        "host": env["POSTGRES_HOST"],
        "port": env["POSTGRES_PORT"],
        "dbname": env["POSTGRES_DBNAME"],
        "user": env["POSTGRES_USER"],
        "password": env.get("POSTGRES_PASSWORD") or None,
        "connect_timeout": int(env.get("POSTGRES_CONNECT_TIMEOUT", "5")),
    }
