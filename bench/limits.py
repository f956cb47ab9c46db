"""The physical limits our figures are measured against: raw SQL with no library in between.

Each limit does the same work as our path on equivalent rows: `executemany` of the same event
rows into a table of the same shape, committed in chunks of the same size; a sequential SELECT of
the whole event table with `json.loads` of every row's state.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from typing import Any

Row = tuple[Any, int, str, bytes]

PAGE = 5000
SQLITE_TABLE = "stored_events"
PG_TABLE = "successionflow_events"


@contextmanager
def _sqlite(url: str) -> Iterator[sqlite3.Connection]:
    """A connection to the store's file, committed on success and closed either way.

    `with sqlite3.connect(...)` alone only commits: the connection (held in a cycle with its
    statement cache) keeps the database, its WAL and shm open until the collector runs, and a
    process that then copies or closes that file drops every POSIX lock it holds on it."""
    with closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as connection, connection:
        yield connection


def pg_parts(url: str) -> tuple[str, str]:
    """A bench store's PostgreSQL server and its schema (`...?schema=NAME`; public without)."""
    server, _, query = url.partition("?")
    return server, query.removeprefix("schema=") or "public"


def analyze(url: str) -> None:
    """Fresh planner statistics after a bulk load, as a store in service has them."""
    if url.startswith("sqlite"):
        with _sqlite(url) as conn:
            conn.execute("ANALYZE")
        return
    import psycopg

    server, schema = pg_parts(url)
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'ANALYZE "{schema}".{PG_TABLE}')


def event_rows(url: str, topic: str | None = None) -> list[Row]:
    """The stored rows of every event with this topic (or of every event), in log order."""
    if url.startswith("sqlite"):
        with _sqlite(url) as conn:
            return list(
                conn.execute(
                    f"SELECT originator_id, originator_version, topic, state FROM {SQLITE_TABLE} "
                    "WHERE ? IS NULL OR topic = ? ORDER BY rowid",
                    (topic, topic),
                )
            )
    import psycopg

    server, schema = pg_parts(url)
    with psycopg.connect(server) as conn:
        cur = conn.execute(
            f'SELECT originator_id, originator_version, topic, state FROM "{schema}".{PG_TABLE} '
            "WHERE %s::text IS NULL OR topic = %s ORDER BY notification_id",
            (topic, topic),
        )
        return [(r[0], r[1], r[2], bytes(r[3])) for r in cur]


def raw_executemany(url: str, rows: list[Row], chunk: int, topic: str) -> float:
    """Seconds to insert the rows into a table like the event table, a commit per chunk.

    The table first gets every other event of the log (all but `topic`), so its indexes are as
    large as the event table's were when our path appended the same rows.
    """
    if url.startswith("sqlite"):
        with _sqlite(url) as conn:
            conn.execute(
                "CREATE TABLE bench_raw (originator_id TEXT, originator_version INTEGER, "
                "topic TEXT, state BLOB, PRIMARY KEY (originator_id, originator_version))"
            )
            conn.execute(
                f"INSERT INTO bench_raw SELECT originator_id, originator_version, topic, state "
                f"FROM {SQLITE_TABLE} WHERE topic != ? ORDER BY rowid",
                (topic,),
            )
            conn.commit()
            started = time.perf_counter()
            for start in range(0, len(rows), chunk):
                conn.executemany(
                    "INSERT INTO bench_raw VALUES (?,?,?,?)", rows[start : start + chunk]
                )
                conn.commit()
            seconds = time.perf_counter() - started
            conn.execute("DROP TABLE bench_raw")
        return seconds
    import psycopg

    server, schema = pg_parts(url)
    with psycopg.connect(server) as conn:
        conn.execute(
            f'CREATE TABLE "{schema}".bench_raw (originator_id uuid NOT NULL, '
            "originator_version bigint NOT NULL, topic text, state bytea, "
            "notification_id bigserial UNIQUE, PRIMARY KEY (originator_id, originator_version))"
        )
        conn.execute(
            f'INSERT INTO "{schema}".bench_raw (originator_id, originator_version, topic, state) '
            f'SELECT originator_id, originator_version, topic, state FROM "{schema}".{PG_TABLE} '
            "WHERE topic != %s ORDER BY notification_id",
            (topic,),
        )
        conn.commit()
        started = time.perf_counter()
        with conn.cursor() as cur:
            for start in range(0, len(rows), chunk):
                cur.executemany(
                    f'INSERT INTO "{schema}".bench_raw '
                    "(originator_id, originator_version, topic, state) VALUES (%s,%s,%s,%s)",
                    rows[start : start + chunk],
                )
                conn.commit()
        seconds = time.perf_counter() - started
        conn.execute(f'DROP TABLE "{schema}".bench_raw')
        conn.commit()
    return seconds


def raw_insert(url: str, rows: list[Row], statement_rows: int) -> float:
    """Seconds to insert the rows into an empty table like the event table, in one transaction
    of `executemany` statements of `statement_rows` rows each."""
    if url.startswith("sqlite"):
        with _sqlite(url) as conn:
            conn.execute(
                "CREATE TABLE bench_raw (originator_id TEXT, originator_version INTEGER, "
                "topic TEXT, state BLOB, PRIMARY KEY (originator_id, originator_version))"
            )
            conn.commit()
            started = time.perf_counter()
            for start in range(0, len(rows), statement_rows):
                conn.executemany(
                    "INSERT INTO bench_raw VALUES (?,?,?,?)", rows[start : start + statement_rows]
                )
            conn.commit()
            seconds = time.perf_counter() - started
            conn.execute("DROP TABLE bench_raw")
        return seconds
    import psycopg

    server, schema = pg_parts(url)
    with psycopg.connect(server) as conn:
        conn.execute(
            f'CREATE TABLE "{schema}".bench_raw (originator_id uuid NOT NULL, '
            "originator_version bigint NOT NULL, topic text, state bytea, "
            "notification_id bigserial UNIQUE, PRIMARY KEY (originator_id, originator_version))"
        )
        conn.commit()
        started = time.perf_counter()
        with conn.cursor() as cur:
            for start in range(0, len(rows), statement_rows):
                cur.executemany(
                    f'INSERT INTO "{schema}".bench_raw '
                    "(originator_id, originator_version, topic, state) VALUES (%s,%s,%s,%s)",
                    rows[start : start + statement_rows],
                )
        conn.commit()
        seconds = time.perf_counter() - started
        conn.execute(f'DROP TABLE "{schema}".bench_raw')
        conn.commit()
    return seconds


def raw_select_decode(url: str) -> tuple[int, float, float]:
    """(events, seconds, CPU seconds) to read the whole event table in order and json.loads
    every state."""
    loads = json.loads
    started, cpu = time.perf_counter(), time.process_time()
    count = 0
    if url.startswith("sqlite"):
        with _sqlite(url) as conn:
            cur = conn.execute(
                f"SELECT rowid, originator_id, originator_version, topic, state "
                f"FROM {SQLITE_TABLE} ORDER BY rowid"
            )
            for row in cur:
                loads(row[4])
                count += 1
        return count, time.perf_counter() - started, time.process_time() - cpu
    import psycopg

    server, schema = pg_parts(url)
    query = (
        "SELECT notification_id, originator_id, originator_version, topic, state "
        f'FROM "{schema}".{PG_TABLE} WHERE notification_id > %s '
        "ORDER BY notification_id LIMIT %s"
    )
    last = 0
    with psycopg.connect(server) as pg, pg.cursor(binary=True) as pages:
        while True:  # pages by key, each in binary format: the fastest way psycopg reads
            rows = pages.execute(query, (last, PAGE), prepare=True).fetchall()
            for row in rows:
                loads(row[4])
            count += len(rows)
            if len(rows) < PAGE:
                break
            last = rows[-1][0]
    return count, time.perf_counter() - started, time.process_time() - cpu
