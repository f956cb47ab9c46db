"""The HR import, `succession-flow import` of a company's five export files, against the raw
limit: `executemany` of the same stored rows into a table of the same shape, in one transaction
(the import is all or nothing too), in statements of the recorder's size.

It runs the command in a process of its own, as an operator would, under a time limit that
kills it: an import that hangs (psycopg issue 685) fails the benchmark instead of stalling it.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench import limits
from bench.hr_exports import write_hr_exports
from succession_flow.adapters.sealed_postgres import INSERT_ROWS

CLI = str(Path(sys.executable).parent / "succession-flow")
MOST = 10_000
"""Employees imported at most: enough for a steady rate, a minute or so on PostgreSQL."""
LIMIT_S = 900


def hr_import(url: str, n: int, folder: Path) -> dict[str, Any]:
    """(employees, events, seconds) of the import into an empty store, and the raw seconds."""
    employees = max(1, min(n, MOST))
    folder.mkdir(parents=True, exist_ok=True)
    files = [str(p) for p in write_hr_exports(folder, employees)]
    started = time.perf_counter()
    done = subprocess.run(
        [CLI, "--store", url, "import", *files],
        capture_output=True,
        text=True,
        timeout=LIMIT_S,
        check=False,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"import failed: exit {done.returncode}: {done.stderr.strip()}")
    rows = limits.event_rows(url)
    return {
        "employees": employees,
        "events": len(rows),
        "seconds": seconds,
        "raw_seconds": limits.raw_insert(url, rows, INSERT_ROWS),
    }
