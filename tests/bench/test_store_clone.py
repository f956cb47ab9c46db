"""The bench's SQLite stores: `clone` copies a live store without endangering it, and the bench
leaves no connection of its own open on a store.

The clone is reproduced as the bench met it: the company is built in this process, which still
holds a connection to the store, then cloned, then another process opens the store and changes
its schema. When `clone` copied the database and its log file with plain I/O, that process's
close checkpointed the log into a malformed file (sqlite.org/howtocorrupt.html, 2.2: closing a
file drops every POSIX lock the process holds on it). The clone uses SQLite's online backup.

The connection the bench held was its own: `bench/limits.py` opened connections with
`with sqlite3.connect(...)`, which commits but never closes, so each stayed open (in a cycle
with its statement cache) until the collector ran.
"""

from __future__ import annotations

import gc
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from bench.stores import clone

from bench import limits, measure

CHILD_WRITER = """
import sqlite3, sys
from contextlib import closing
from succession_flow.bootstrap import bootstrap
bootstrap("sqlite:///" + sys.argv[1]).close()
with closing(sqlite3.connect(sys.argv[1])) as connection, connection:
    connection.execute("CREATE TABLE written_elsewhere (x)")
"""


def test_a_clone_of_a_store_this_process_holds_open_leaves_it_whole_for_the_next_writer(
    tmp_path: Path,
) -> None:
    source, target = tmp_path / "main.sqlite", tmp_path / "bare.sqlite"
    built = measure.company(f"sqlite:///{source}", 40)
    with closing(sqlite3.connect(source)) as held:  # open throughout, as the bench's was
        held.execute("ANALYZE")  # what `limits.analyze` did on the connection it left open
        held.commit()
        clone(f"sqlite:///{source}", f"sqlite:///{target}")
        subprocess.run([sys.executable, "-c", CHILD_WRITER, str(source)], check=True)
        counted = "SELECT count(*) FROM stored_events"
        with closing(sqlite3.connect(source)) as reader:
            assert reader.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            (events,) = reader.execute(counted).fetchone()
    with closing(sqlite3.connect(target)) as copy:
        assert copy.execute(counted).fetchone() == (events,)
    assert events > built["events"]  # the company's events, and the rule sets published


def test_building_measuring_and_cloning_a_store_leave_no_file_of_it_open(tmp_path: Path) -> None:
    source, target = tmp_path / "main.sqlite", tmp_path / "bare.sqlite"
    url = f"sqlite:///{source}"
    with collector_off():  # what is left open stays open: nothing frees it behind the test
        measure.company(url, 20)  # the company, then `limits.analyze`
        rows = limits.event_rows(url)
        limits.raw_select_decode(url)
        limits.raw_insert(f"sqlite:///{target}", rows[:50], 10)
        clone(url, f"sqlite:///{tmp_path / 'copy.sqlite'}")
        assert open_files_under(tmp_path) == []


@contextmanager
def collector_off() -> Iterator[None]:
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def open_files_under(folder: Path) -> list[str]:
    """The files under `folder` this process holds open (Linux's /proc)."""
    held = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:  # closed while listed (the listing's own descriptor)
            continue
        if target.startswith(str(folder)):
            held.append(target.removeprefix(str(folder)))
    return sorted(held)
