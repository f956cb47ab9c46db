"""A plain SQL connection to the database that holds the events, for the read model's tables.

The read model lives next to the event log (the same SQLite file, the same PostgreSQL schema),
so it is backed up, moved and dropped with it. This is the only module of the read model that
imports a database driver; SQL is written once with `?` placeholders and runs on both.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from succession_flow.adapters.store_url import postgres_connection_args
from succession_flow.domain.errors import PermissionDenied, StoreUnavailable

Row = tuple[Any, ...]


class SqlDatabase:
    """One connection; `transaction()` makes every write inside it atomic."""

    kind = "sqlite"

    def __init__(self, connection: Any, where: str) -> None:
        self.connection = connection
        self.where = where

    def sql(self, text: str) -> str:
        return text

    def execute(self, text: str, params: Sequence[Any] = ()) -> None:
        with self.translated():
            self.connection.execute(self.sql(text), tuple(params))

    def executemany(self, text: str, rows: Iterable[Sequence[Any]]) -> None:
        batch = [tuple(r) for r in rows]
        if batch:
            with self.translated():
                self.connection.cursor().executemany(self.sql(text), batch)

    def query(self, text: str, params: Sequence[Any] = ()) -> list[Row]:
        with self.translated():
            cursor = self.connection.execute(self.sql(text), tuple(params))
            return [tuple(r) for r in cursor.fetchall()]

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing; SQLite takes the write lock first so two catch-ups queue up."""
        with self.translated():
            self.connection.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.connection.execute("ROLLBACK")
            raise
        with self.translated():
            self.connection.execute("COMMIT")

    @contextmanager
    def undone(self) -> Iterator[None]:
        """A transaction rolled back whatever happens: what is written inside (temporary
        views of a past state) is seen only inside, and never committed or flushed."""
        with self.translated():
            self.connection.execute("BEGIN")
        try:
            yield
        finally:
            with self.translated():
                self.connection.execute("ROLLBACK")

    def lock_row(self) -> str:
        """The clause that locks a selected row until commit (SQLite locks the whole file)."""
        return ""

    def check(self, tables: Sequence[str]) -> None:
        """Name damaged pages of these tables before they are read (see `check_pages`)."""
        check_pages(self, tables)

    def refresh_statistics(self, tables: Sequence[str]) -> None:
        """Nothing to do: SQLite's planner takes the reports' indexes without statistics."""

    @contextmanager
    def translated(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.ProgrammingError:
            raise
        except sqlite3.Error as error:
            raise failure(self.where, str(error)) from error

    def close(self) -> None:
        self.connection.close()


class PostgresDatabase(SqlDatabase):
    kind = "postgresql"

    def sql(self, text: str) -> str:
        return text.replace("?", "%s")

    def query(self, text: str, params: Sequence[Any] = ()) -> list[Row]:
        with self.translated(), self.connection.cursor() as cursor:
            cursor.execute(self.sql(text), tuple(params))
            return [tuple(r) for r in cursor.fetchall()]

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.translated(), self.connection.transaction():
            yield

    def lock_row(self) -> str:
        return " FOR UPDATE"

    def check(self, tables: Sequence[str]) -> None:
        """The server reads and checks its own pages; there is no file to check here."""

    def refresh_statistics(self, tables: Sequence[str]) -> None:
        """Let the planner see the tables as they now are. Without statistics it guesses, and
        after a rebuild of 100,000 employees it sorted the nine-box's rows on disk instead of
        reading them in order by index (104 against 69 ms). Tables another session is
        analysing are skipped, not waited for."""
        self.execute(f"ANALYZE (SKIP_LOCKED) {', '.join(tables)}")

    @contextmanager
    def translated(self) -> Iterator[None]:
        import psycopg

        try:
            yield
        except psycopg.Error as error:
            text = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
            raise failure(self.where, text) from error


def failure(where: str, text: str) -> StoreUnavailable | PermissionDenied:
    """A read-only store refuses the read model's writes: say so, as the event store does."""
    lowered = text.lower().replace("-", "")
    if "permission denied" in lowered or "readonly" in lowered:
        return PermissionDenied(f"{where}: read model: {text}")
    return StoreUnavailable(f"{where}: read model: {text}")


def open_database(
    env: dict[str, str], where: str, across_threads: bool = False, checked: Sequence[str] = ()
) -> SqlDatabase:
    """The database of a store's persistence settings (see adapters/store_url.py);
    `across_threads`: used by one thread at a time, not always the same one (a server's);
    `checked`: the tables the caller reads, whose pages a SQLite file has checked first."""
    if env.get("PERSISTENCE_MODULE") == "eventsourcing.postgres":
        return _postgres(env, where)
    name = env.get("SQLITE_DBNAME", ":memory:")
    try:
        connection = sqlite3.connect(
            name, isolation_level=None, timeout=30, check_same_thread=not across_threads
        )
    except sqlite3.Error as error:
        raise StoreUnavailable(f"{where}: read model: {error}") from error
    database = SqlDatabase(connection, where)
    try:
        database.check(checked)
    except BaseException:
        database.close()
        raise
    return database


RESTORE = " (restore it from a backup; nothing was read)"


def check_pages(database: SqlDatabase, tables: Sequence[str]) -> None:
    """SQLite reports a damaged page only when a query reads it, so `list` on a file with
    corrupt pages answered "(none)": check the pages of the tables the caller reads (and their
    indexes) before anything is read. Only those: a whole-file check read every event's page on
    every report, so a report cost what the file weighs, not what its query reads."""
    try:
        present = {name for (name,) in database.connection.execute(TABLE_NAMES).fetchall()}
        found = [("ok",)]
        for table in (t for t in tables if t in present):
            found = database.connection.execute(f"PRAGMA quick_check({table})").fetchall()
            if found != [("ok",)]:
                break
    except sqlite3.DatabaseError as error:
        raise StoreUnavailable(f"{database.where}: damaged file: {error}{RESTORE}") from error
    if found != [("ok",)]:
        problem = " ".join(str(cell) for row in found for cell in row).replace("\n", " ")
        raise StoreUnavailable(f"{database.where}: damaged file: {problem}{RESTORE}")


TABLE_NAMES = "SELECT name FROM sqlite_schema WHERE type = 'table'"


def scratch_database() -> SqlDatabase:
    """A private scratch database on disk (SQLite's temporary file, removed when closed): its
    memory stays within SQLite's page cache however many rows are folded into it."""
    return SqlDatabase(sqlite3.connect("", isolation_level=None), "scratch")


def memory_database() -> SqlDatabase:
    """A private scratch database: the read model as of a past moment is folded into one."""
    return SqlDatabase(sqlite3.connect(":memory:", isolation_level=None), "memory")


def _postgres(env: dict[str, str], where: str) -> SqlDatabase:
    """Waits bounded as the event store's are: a catch-up kept from the read model's rows by a
    stuck peer fails (exit 6) instead of waiting for ever."""
    import psycopg

    schema = env.get("POSTGRES_SCHEMA") or "public"
    bounds = (
        f"-c lock_timeout={env.get('POSTGRES_LOCK_TIMEOUT', '0')}s "
        "-c idle_in_transaction_session_timeout="
        f"{env.get('POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT', '0')}s"
    )
    try:
        connection = psycopg.connect(
            **postgres_connection_args(env),  # type: ignore[arg-type]
            options=f"-c search_path={schema} {bounds}",
            autocommit=True,
        )
    except psycopg.Error as error:
        text = str(error).strip().splitlines()[0]
        raise StoreUnavailable(f"{where}: read model: {text}") from error
    return PostgresDatabase(connection, where)
