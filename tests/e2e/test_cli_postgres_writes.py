"""PostgreSQL writes never hang: a writer kept from the event log fails with exit 6 and one line
instead of blocking every other writer, and a store that cannot be reached says why. (A large
import under a time limit the test enforces: tests/faults/test_postgres_import_never_hangs.py.)"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
from bench.hr_exports import write_hr_exports

from succession_flow.adapters import sealed_postgres, store_url
from succession_flow.adapters.store_url import parse_store_url
from tests.e2e.cli_helpers import event_count, run

pytestmark = pytest.mark.postgres


def test_psycopg_runs_on_its_c_implementation_not_the_pure_python_one() -> None:
    # the pure-Python one deadlocks in pipeline mode on large messages (psycopg issue 685)
    assert psycopg.pq.__impl__ in ("c", "binary")


@pytest.mark.parametrize(
    ("lock_wait", "statement_timeout", "why"),
    [
        (1, "60s", "another writer held the event log for more than 1 s (lock timeout)"),
        (30, "1s", "a write took more than 1s (statement timeout)"),
    ],
)
def test_a_writer_kept_from_the_event_log_fails_with_exit_6_and_one_line_and_writes_nothing(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    pg_schema_url: str,
    lock_wait: int,
    statement_timeout: str,
    why: str,
) -> None:
    monkeypatch.setattr(store_url, "LOCK_WAIT_SECONDS", lock_wait)
    monkeypatch.setattr(sealed_postgres, "STATEMENT_TIMEOUT", statement_timeout)
    files = [str(p) for p in write_hr_exports(tmp_path, 5)]
    before = event_count(pg_schema_url)
    server, schema = pg_schema_url.split("?schema=")
    with psycopg.connect(server) as holder:  # a stuck writer: the table lock, never released
        holder.execute(f'LOCK TABLE "{schema}".successionflow_events IN EXCLUSIVE MODE')
        result = run(pg_schema_url, "import", *files)
    where = parse_store_url(pg_schema_url).describe()
    assert (result.exit_code, result.stderr) == (
        6,
        f"error: {where}: {why}; nothing was written\n",
    )
    assert event_count(pg_schema_url) == before


@pytest.mark.parametrize(
    ("wrong", "cause"),
    [
        ("database", 'FATAL:  database "sf_no_such_db" does not exist'),
        ("port", "Connection refused"),
        ("user", 'FATAL:  role "sf_no_such_user" does not exist'),
    ],
)
def test_a_store_that_cannot_be_reached_is_named_with_the_servers_own_reason(
    postgres_server: str, wrong: str, cause: str
) -> None:
    parsed = urlsplit(postgres_server)
    host, port, user = parsed.hostname, parsed.port or 5432, parsed.username or "postgres"
    url = {
        "database": f"postgresql://{user}@{host}:{port}/sf_no_such_db",
        "port": f"postgresql://{user}@{host}:1/sf_no_such_db",
        "user": f"postgresql://sf_no_such_user@{host}:{port}/{parsed.path.lstrip('/')}",
    }[wrong]
    result = run(url, "init")  # a write: a read of a missing database is "no store" (exit 3)
    where = parse_store_url(url).describe()
    served = "1" if wrong == "port" else port
    assert (result.exit_code, result.stderr) == (
        6,
        f'error: {where}: connection failed: connection to server at "{host}", port {served} '
        f"failed: {cause}\n",
    )


def test_a_read_model_kept_locked_by_a_stuck_peer_fails_with_exit_6_and_one_line(
    monkeypatch: pytest.MonkeyPatch, pg_schema_url: str
) -> None:
    assert run(pg_schema_url, "init").exit_code == 0  # reads never create a store
    assert run(pg_schema_url, "list").exit_code == 0  # the read model's tables exist
    monkeypatch.setattr(store_url, "LOCK_WAIT_SECONDS", 1)
    server, schema = pg_schema_url.split("?schema=")
    with psycopg.connect(server) as holder:
        holder.execute(f'LOCK TABLE "{schema}".rm_tracking IN ACCESS EXCLUSIVE MODE')
        result = run(pg_schema_url, "list")
    where = parse_store_url(pg_schema_url).describe()
    assert (result.exit_code, result.stderr) == (
        6,
        f"error: {where}: read model: canceling statement due to lock timeout\n",
    )
