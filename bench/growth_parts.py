"""`python -m bench.growth_parts URL_N URL_TENTH`: why `report ninebox` grows faster than N.

The experiment behind the report-growth figure (bench/README.md). The nine-box hands back every
placed employee, so it must fetch every employee's row; this times, on a store of N candidates
and on one of N/10 (any two `python -m bench` or `bench.company` stores of one kind), the report
from the read model, the same rows fetched by the bare driver (`sqlite3` or psycopg, no code of
ours), and the database's own work alone (the rows counted where they are, none handed to
Python). Each is the fastest of `REPEATS` runs; the growth is time at N over 10 x time at N/10
(<= 1: linear).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

from succession_flow.application.queries.read_model import source
from succession_flow.bootstrap import bootstrap
from succession_flow.reports.ninebox import ninebox

REPEATS = 7
ROWS = "SELECT employee_id, name, latest_rating, potential FROM rm_employees ORDER BY employee_id"
"""The nine-box's own query over the whole company (reports/ninebox.py)."""
COUNTED = f"SELECT count(name), count(latest_rating), count(potential) FROM ({ROWS}) AS q"


def fastest(run: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(REPEATS):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


def driver(url: str) -> Any:
    """A bare connection of the store's own driver, on the schema the store uses."""
    if url.startswith("sqlite:///"):
        import sqlite3

        return sqlite3.connect(url.removeprefix("sqlite:///"))
    import psycopg

    server, _, schema = url.partition("?schema=")
    options = f"-c search_path={schema}" if schema else ""
    return psycopg.connect(server, options=options, autocommit=True)


def parts(url: str) -> dict[str, float]:
    services = bootstrap(url)
    try:

        def report() -> object:
            with source(services) as db:
                return ninebox(db)

        found = {"report ninebox (catch-up check included)": fastest(report)}
    finally:
        services.close()
    found["the bare driver's fetch of its rows"] = bare(url, ROWS)
    found["the database alone (rows counted, none fetched)"] = bare(url, COUNTED)
    return found


def bare(url: str, query: str = ROWS) -> float:
    """Seconds of the query by the store's bare driver, fastest of REPEATS (`python -m bench`
    puts the fetch of the nine-box's rows beside the reports, the floor of their growth)."""
    connection = driver(url)
    try:
        return fastest(lambda: connection.execute(query).fetchall())
    finally:
        connection.close()


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.splitlines()[0], file=sys.stderr)
        return 2
    at_n, at_tenth = parts(argv[0]), parts(argv[1])
    print(f"{'part':<50} {'N (ms)':>9} {'N/10 (ms)':>10} {'growth':>7}")
    for name, seconds in at_n.items():
        growth = seconds / (10 * at_tenth[name])
        print(f"{name:<50} {seconds * 1e3:9.1f} {at_tenth[name] * 1e3:10.1f} {growth:7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
