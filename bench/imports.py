"""The HR import, `succession-flow import` of a company's five export files, against the raw
limit: `executemany` of the same stored rows into a table of the same shape, in one transaction
(the import is all or nothing too), in statements of the recorder's size.

It runs the command in a process of its own, as an operator would, under a time limit that
kills it: an import that hangs (psycopg issue 685) fails the benchmark instead of stalling it.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from itertools import product
from pathlib import Path
from typing import Any

from bench import limits
from bench.hr_exports import write_hr_exports
from succession_flow.adapters.sealed_postgres import INSERT_ROWS

CLI = str(Path(sys.executable).parent / "succession-flow")
MOST = 10_000
"""Employees imported at most: enough for a steady rate, a minute or so on PostgreSQL."""
LIMIT_S = 900
WITHOUT_SNAPSHOTS = [
    sys.executable,
    "-c",
    "from succession_flow.adapters.snapshots import Snapshots; "
    "Snapshots.take_due = lambda self, aggregates: None; "
    "from succession_flow.cli.main import main; main()",
]
"""The same command with no snapshot taken: an experiment (how near the aggregates' path gets
without its snapshots, bench/README "Import"), never a way the product runs."""


def hr_import(url: str, n: int, folder: Path, snapshots: bool = True) -> dict[str, Any]:
    """(employees, events, seconds) of the import into an empty store, and the raw seconds;
    also the import's CPU seconds, which a loaded machine's wall time hides."""
    employees = max(1, min(n, MOST))
    folder.mkdir(parents=True, exist_ok=True)
    files = [str(p) for p in write_hr_exports(folder, employees)]
    command = [CLI] if snapshots else WITHOUT_SNAPSHOTS
    started, children = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        [*command, "--store", url, "import", *files],
        capture_output=True,
        text=True,
        timeout=LIMIT_S,
        check=False,
    )
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
    if done.returncode != 0:
        raise RuntimeError(f"import failed: exit {done.returncode}: {done.stderr.strip()}")
    rows = limits.event_rows(url)
    return {
        "employees": employees,
        "events": len(rows),
        "seconds": seconds,
        "cpu_seconds": cpu,
        "raw_seconds": limits.raw_insert(url, rows, INSERT_ROWS),
    }


def main(argv: list[str] | None = None) -> int:
    """`python -m bench.imports --n 5000`: the import figure alone, on SQLite and PostgreSQL
    in one run (the full bench takes minutes before it gets here)."""
    import argparse
    import tempfile

    from bench.stores import PG_DEFAULT, pg_schema, sqlite_store

    p = argparse.ArgumentParser(prog="python -m bench.imports", description=main.__doc__)
    p.add_argument("--n", type=int, default=MOST, help=f"employees (default {MOST})")
    p.add_argument("--pg", default=PG_DEFAULT, help="PostgreSQL server (a fresh schema is used)")
    p.add_argument("--no-pg", action="store_true", help="SQLite only")
    p.add_argument(
        "--without-snapshots",
        action="store_true",
        help="also run the import with no snapshot taken, the two taking turns (an experiment)",
    )
    args = p.parse_args(argv)
    kinds = ["sqlite"] if args.no_pg else ["sqlite", "postgresql"]
    ways = [True, False] if args.without_snapshots else [True]
    with tempfile.TemporaryDirectory(prefix="sf-bench-import-") as folder:
        for kind, snapshots in product(kinds, ways):
            fresh = sqlite_store(Path(folder), "import") if kind == "sqlite" else pg_schema(args.pg)
            with fresh as url:
                found = hr_import(url, args.n, Path(folder) / f"hr-{kind}", snapshots)
            events, seconds, raw = found["events"], found["seconds"], found["raw_seconds"]
            way = "" if snapshots else " (no snapshots)"
            print(
                f"{kind}{way}: {found['employees']} employees, {events} events in {seconds:.2f} s "
                f"({events / seconds:,.0f} events/s, {found['cpu_seconds']:.2f} s CPU); "
                f"raw executemany {events / raw:,.0f} rows/s; ratio {raw / seconds:.3f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
