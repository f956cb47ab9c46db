"""The bench's `clone` copies a live SQLite store without endangering it.

Reproduced here as the bench met it: the company is built in this process (a closed store's
connections linger until the collector frees them), cloned, and then another process opens
the store and changes its schema. When `clone` copied the database and its log file with plain
I/O, that process's close checkpointed the log into a malformed file
(sqlite.org/howtocorrupt.html, 2.2: closing a file drops every POSIX lock the process holds on
it). The clone uses SQLite's online backup instead.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

from bench.stores import clone

from bench import measure

CHILD_WRITER = """
import sqlite3, sys
from succession_flow.bootstrap import bootstrap
bootstrap("sqlite:///" + sys.argv[1]).close()
with sqlite3.connect(sys.argv[1]) as connection:
    connection.execute("CREATE TABLE written_elsewhere (x)")
connection.close()
"""


def test_a_clone_of_a_store_this_process_built_leaves_it_whole_for_the_next_writer(
    tmp_path: Path,
) -> None:
    source, target = tmp_path / "main.sqlite", tmp_path / "bare.sqlite"
    built = measure.company(f"sqlite:///{source}", 40)
    clone(f"sqlite:///{source}", f"sqlite:///{target}")
    subprocess.run([sys.executable, "-c", CHILD_WRITER, str(source)], check=True)
    counted = "SELECT count(*) FROM stored_events"
    with closing(sqlite3.connect(source)) as reader:
        assert reader.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        (events,) = reader.execute(counted).fetchone()
    with closing(sqlite3.connect(target)) as copy:
        assert copy.execute(counted).fetchone() == (events,)
    assert events > built["events"]  # the company's events, and the rule sets published
