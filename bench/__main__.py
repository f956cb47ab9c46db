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

from bench import measure
from bench.company import sample_facts
from bench.results import Ratio, Results
from bench.rulesets import decision_rates
from bench.stores import PG_DEFAULT, clone, pg_schema, sqlite_store

FACT_SAMPLE = 5000
RSS_LIMIT_MB = 300


def parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    p.add_argument("--n", type=int, default=100_000, help="candidates (default 100000)")
    p.add_argument("--pg", default=PG_DEFAULT, help="PostgreSQL server (a fresh schema is used)")
    p.add_argument("--no-pg", action="store_true", help="SQLite only")
    p.add_argument("--out", type=Path, default=Path(__file__).parent / "RESULTS.md")
    return p.parse_args(argv)


def on_store(kind: str, n: int, pg: str, folder: Path) -> dict[str, Any]:
    """Every store-dependent figure on one kind of store, in fresh stores dropped after."""
    with ExitStack() as stack:

        def fresh(name: str) -> str:
            if kind == "sqlite":
                return stack.enter_context(sqlite_store(folder, name))
            return stack.enter_context(pg_schema(pg))

        main, second, bare = fresh("main"), fresh("second"), fresh("bare")
        found: dict[str, Any] = {"company": measure.company(main, n)}
        clone(main, bare)
        if kind == "postgresql":
            clone(main, second)
        found["batch"] = measure.batch(main, "evaluate", 1)
        if kind == "postgresql":
            found["batch2"] = measure.batch(second, "evaluate", 2)
        found["appends"] = measure.appends(main, bare)
        found["replay"] = measure.replay(main)
        found["raw_select"] = limits_select(main)
        return found


def limits_select(url: str) -> tuple[int, float]:
    from bench.limits import raw_select_decode

    return raw_select_decode(url)


def rate(count: float, seconds: float) -> float:
    return count / seconds if seconds > 0 else 0.0


def build(n: int, rates: dict[str, float], runs: dict[str, dict[str, Any]]) -> Results:
    stores = list(runs)
    res = Results(n=n, stores=stores)
    engine = rate(rates["decisions"], rates["engine_seconds"])
    plain = rate(rates["decisions"], rates["plain_seconds"])
    per: dict[str, dict[str, float | None]] = {s: {} for s in stores}
    for s, r in runs.items():
        c, b, a = r["company"], r["batch"], r["appends"]
        v = per[s]
        v["generate"] = rate(c["events"], c["seconds"])
        v["batch"] = rate(b["applied"], b["seconds"])
        v["batch_appends"] = rate(b["events"], b["save_seconds"])
        v["rss"] = b["max_rss_kb"] / 1024
        v["batch2"] = (
            rate(r["batch2"]["applied"], r["batch2"]["seconds"]) if "batch2" in r else None
        )
        v["bare"] = rate(a["rows"], a["bare_seconds"])
        v["raw"] = rate(a["rows"], a["raw_seconds"])
        v["replay"] = rate(*r["replay"])
        v["raw_select"] = rate(*r["raw_select"])
        v["events"] = c["events"]
        v["seconds"] = b["seconds"]

    def row(name: str, key: str, fmt: str = "{:,.0f}") -> None:
        res.figure(
            name, **{s: "-" if per[s][key] is None else fmt.format(per[s][key]) for s in stores}
        )

    res.figure("events in the generated company", **{s: f"{per[s]['events']:,.0f}" for s in stores})
    row("generate: bulk save (events/s)", "generate")
    res.figure(
        "decisions/s, our engine (evaluation rules)", **{s: f"{engine:,.0f}" for s in stores}
    )
    res.figure(
        "decisions/s, plain Python (same rules, same facts)", **{s: f"{plain:,.0f}" for s in stores}
    )
    row("batch evaluate, 1 worker (candidates/s)", "batch")
    row("batch evaluate, 1 worker (seconds)", "seconds", "{:,.1f}")
    row("batch evaluate, 2 workers (candidates/s)", "batch2")
    row("batch evaluate: appends inside the batch (events/s)", "batch_appends")
    row("bare app.save of the same events (events/s)", "bare")
    row("raw executemany of the same rows (rows/s)", "raw")
    row("replay: read and decode every event (events/s)", "replay")
    row("raw SELECT + json.loads of every row (events/s)", "raw_select")
    row(f"batch evaluate peak RSS (MB; target <= {RSS_LIMIT_MB})", "rss", "{:,.0f}")
    res.figure("audit verify (events/s)", **{s: "pending" for s in stores})
    res.figure(f"report at N/10 = {n // 10:,} (s)", **{s: "pending" for s in stores})
    res.figure(f"report at N = {n:,} (s)", **{s: "pending" for s in stores})

    def ratio(
        name: str,
        ours: str,
        limit: str,
        num: str,
        den: str | None,
        target: float | None = None,
        fixed_den: float | None = None,
    ) -> None:
        values: dict[str, float | None] = {}
        for s in stores:
            top = per[s][num]
            bottom = fixed_den if den is None else per[s][den]
            values[s] = None if top is None or not bottom else top / bottom
        res.ratio(Ratio(name, ours, limit, values, target))

    res.ratio(
        Ratio(
            "engine-vs-plain",
            "our engine",
            "plain Python decisions/s",
            {s: rate(engine, plain) for s in stores},
        )
    )
    ratio(
        "batch-vs-decisions",
        "batch evaluate candidates/s",
        "engine decisions/s",
        "batch",
        None,
        0.50,
        engine,
    )
    ratio(
        "batch-vs-bare-save",
        "batch evaluate candidates/s",
        "bare app.save events/s",
        "batch",
        "bare",
    )
    ratio(
        "batch-vs-executemany",
        "batch evaluate candidates/s",
        "raw executemany rows/s",
        "batch",
        "raw",
    )
    ratio(
        "appends",
        "batch's appends events/s",
        "raw executemany rows/s",
        "batch_appends",
        "raw",
        0.25,
    )
    ratio(
        "bare-save-vs-executemany",
        "bare app.save events/s",
        "raw executemany rows/s",
        "bare",
        "raw",
    )
    ratio(
        "replay", "replay events/s", "raw SELECT+json.loads events/s", "replay", "raw_select", 0.60
    )
    ratio("two-workers", "2 workers candidates/s", "1 worker candidates/s", "batch2", "batch")
    res.ratio(
        Ratio(
            "audit-verify",
            "audit verify re-runs/s",
            "engine decisions/s",
            {s: None for s in stores},
            0.50,
        )
    )
    res.ratio(
        Ratio(
            "report-growth",
            "report time at N / (10 x at N/10)",
            "linear",
            {s: None for s in stores},
        )
    )
    return res


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    today = datetime.now(UTC).date()
    rates = decision_rates(sample_facts(args.n, today, min(args.n, FACT_SAMPLE)))
    kinds = ["sqlite"] if args.no_pg else ["sqlite", "postgresql"]
    with tempfile.TemporaryDirectory(prefix="sf-bench-") as folder:
        runs = {kind: on_store(kind, args.n, args.pg, Path(folder)) for kind in kinds}
    results = build(args.n, rates, runs)
    command = "python -m bench " + " ".join(argv if argv is not None else sys.argv[1:])
    args.out.write_text(results.markdown(command.strip()))
    for line in results.lines():
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
