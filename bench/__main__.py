"""`python -m bench --n 100000`: a synthetic company measured against the raw limits.

See bench/README.md for what each figure means and how it is measured.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import imports, later, limits, load, measure, startup
from bench.company import sample_facts
from bench.rulesets import decision_rates
from bench.stores import PG_DEFAULT, clone, pg_schema, sqlite_store
from bench.table import build, report_figures

FACT_SAMPLE = 5000


def parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    p.add_argument("--n", type=int, default=100_000, help="candidates (default 100000)")
    p.add_argument("--pg", default=PG_DEFAULT, help="PostgreSQL server (a fresh schema is used)")
    p.add_argument("--no-pg", action="store_true", help="SQLite only")
    p.add_argument("--out", type=Path, default=Path(__file__).parent / "RESULTS.md")
    p.add_argument("--clients", type=int, default=50, help="API load: concurrent clients (50)")
    p.add_argument(
        "--serve-seconds", type=float, default=60.0, help="API load: how long, in seconds (60)"
    )
    p.add_argument(
        "--startup-only", action="store_true", help="only the start-up figures, printed, no --out"
    )
    p.add_argument(
        "--reports-only",
        action="store_true",
        help="only the reports, --as-of and growth figures (N and N/10), printed, no --out",
    )
    return p.parse_args(argv)


def on_store(kind: str, n: int, pg: str, folder: Path, api: tuple[int, float]) -> dict[str, Any]:
    """Every store-dependent figure on one kind of store, in fresh stores dropped after."""
    with ExitStack() as stack:

        def fresh(name: str) -> str:
            if kind == "sqlite":
                return stack.enter_context(sqlite_store(folder, name))
            return stack.enter_context(pg_schema(pg))

        main, bare, second = fresh("main"), fresh("bare"), fresh("second")
        found: dict[str, Any] = {"company": measure.company(main, n)}
        clone(main, bare)
        clone(main, second)
        # before the batch: the floor steps the same waiting candidates
        found["floor"] = measure.in_child("bench.batch_floor", "--url", main)
        found["batch"] = measure.batch(main, "evaluate", 1)
        found["batch2"] = measure.batch(second, "evaluate", 2)  # SQLite's writers take turns
        found["appends"] = measure.appends(main, bare)
        found["replay"] = measure.replay(main)
        found["raw_select"] = limits.raw_select_decode(main)
        found["audit"] = measure.verify(main)
        found["reports"] = later.reports(main)
        found["startup"] = startup.startup(fresh("startup"))
        if kind == "postgresql":  # the API's server on the store it is meant for
            found["load"] = load.measure(pg, min(n, load.LOAD_N), *api, folder)
        exports = folder / f"hr-{kind}"
        found["import"] = imports.hr_import(fresh("import"), n, exports)
        floor_store = fresh("import_floor")  # the same files, stripped to what cannot go
        found["import_floor"] = measure.in_child(
            "bench.import_floor", "--url", floor_store, "--files", str(exports)
        )
        if found["reports"] is not None:
            tenth = fresh("tenth")
            measure.company(tenth, max(1, n // 10))
            measure.batch(tenth, "evaluate", 1)
            found["reports_tenth"] = later.reports(tenth)
        return found


def reports_at(kind: str, n: int, pg: str, folder: Path) -> dict[str, Any]:
    """The reports' figures of `on_store`, alone: the company at N and at N/10, each stepped
    once as the full run steps it before its reports."""
    found: dict[str, Any] = {}
    with ExitStack() as stack:
        for name, size in (("reports", n), ("reports_tenth", max(1, n // 10))):
            url = stack.enter_context(
                sqlite_store(folder, name) if kind == "sqlite" else pg_schema(pg)
            )
            measure.company(url, size)
            measure.batch(url, "evaluate", 1)
            found[name] = later.reports(url)
    return found


def reports_only(kinds: list[str], n: int, pg: str) -> int:
    with tempfile.TemporaryDirectory(prefix="sf-bench-") as folder:
        runs = {kind: reports_at(kind, n, pg, Path(folder)) for kind in kinds}
    for kind, run in runs.items():
        for name, value in report_figures(run).items():
            print(f"{kind:<11} {name:<22} {'-' if value is None else f'{value:.4f}'}")
    return 0


def startup_only(kinds: list[str], pg: str) -> int:
    with tempfile.TemporaryDirectory(prefix="sf-bench-") as folder:
        for kind in kinds:
            fresh = sqlite_store(Path(folder), "startup") if kind == "sqlite" else pg_schema(pg)
            with fresh as url:
                print("\n".join(startup.lines(kind, startup.startup(url))))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    today = datetime.now(UTC).date()
    rates = decision_rates(sample_facts(args.n, today, min(args.n, FACT_SAMPLE)))
    kinds = ["sqlite"] if args.no_pg else ["sqlite", "postgresql"]
    if args.startup_only:
        return startup_only(kinds, args.pg)
    if args.reports_only:
        return reports_only(kinds, args.n, args.pg)
    with tempfile.TemporaryDirectory(prefix="sf-bench-") as folder:
        api = (args.clients, args.serve_seconds)
        runs = {kind: on_store(kind, args.n, args.pg, Path(folder), api) for kind in kinds}
    results = build(args.n, rates, runs)
    command = "python -m bench " + " ".join(argv if argv is not None else sys.argv[1:])
    args.out.write_text(results.markdown(command.strip()))
    for line in results.lines():
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
