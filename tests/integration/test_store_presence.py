"""Reading commands ask whether a store is there before composing (composing creates one), and
the console asks whether it may write: asked of real stores, asking creates nothing, and a
server that cannot be reached is unavailable (exit 6), never "no store" (exit 3)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from succession_flow.bootstrap import bootstrap, may_write, require_store
from succession_flow.config import Config
from succession_flow.domain.errors import NotFound, StoreUnavailable
from tests.harness.backends import PG_URL


def test_an_empty_place_holds_no_store_until_a_store_is_opened_there(store_url: str) -> None:
    with pytest.raises(NotFound, match=r"^no store at .*: run a writing command or `init` first$"):
        require_store(Config(store_url))
    bootstrap(store_url).close()
    require_store(Config(store_url))
    assert may_write(Config(store_url)) is True


def no_file(path: Path) -> None:
    pass


def another_database(path: Path) -> None:
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE other (x)")
        connection.commit()


def not_a_database(path: Path) -> None:
    path.write_bytes(b"not a database, only bytes" * 100)


@pytest.mark.backends("sqlite")  # files: what only a SQLite path can be
@pytest.mark.parametrize(
    ("make", "there"), [(no_file, False), (another_database, False), (not_a_database, True)]
)
def test_a_sqlite_file_is_a_store_only_with_its_events_table_or_when_only_opening_can_say(
    tmp_path: Path, make: Callable[[Path], None], there: bool
) -> None:
    path = tmp_path / "store.sqlite"
    make(path)
    before = sorted(tmp_path.iterdir())
    if there:
        require_store(Config(f"sqlite:///{path}"))
    else:
        with pytest.raises(NotFound, match=f"^no store at {path}:"):
            require_store(Config(f"sqlite:///{path}"))
    assert sorted(tmp_path.iterdir()) == before


@pytest.mark.backends("sqlite")  # a file's own modes
def test_a_sqlite_file_in_a_missing_folder_is_left_for_opening_to_report_and_mode_ro_reads_only(
    tmp_path: Path,
) -> None:
    require_store(Config(f"sqlite:///{tmp_path}/missing/store.sqlite"))
    assert not (tmp_path / "missing").exists()
    path = tmp_path / "store.sqlite"
    bootstrap(f"sqlite:///{path}").close()
    assert may_write(Config(f"sqlite:///{path}?mode=ro")) is False
    assert may_write(Config(f"sqlite:///{path}")) is True


@pytest.mark.postgres
def test_a_postgres_database_that_does_not_exist_holds_no_store_and_is_not_created(
    postgres_server: str,
) -> None:
    import psycopg

    absent = f"{postgres_server.split('?')[0]}_absent"
    with pytest.raises(NotFound, match=r"^no store at PostgreSQL .*_absent \(schema public\)"):
        require_store(Config(absent))
    with psycopg.connect(postgres_server) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_database WHERE datname = %s", (absent.rsplit("/", 1)[1],)
        ).fetchone()
    assert row == (0,)


@pytest.mark.postgres
@pytest.mark.parametrize("ask", [require_store, may_write], ids=["presence", "writable"])
def test_an_unreachable_postgres_server_is_unavailable_not_missing(
    postgres_server: str, ask: Callable[[Config], object]
) -> None:
    unreachable = PG_URL.replace(":5432/", ":1/")
    assert unreachable != PG_URL
    with pytest.raises(StoreUnavailable, match=r"^PostgreSQL postgres@127\.0\.0\.1:1/"):
        ask(Config(unreachable))
