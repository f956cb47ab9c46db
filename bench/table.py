"""From the measured seconds and counts to the figures, ratios and targets of RESULTS.md."""

from __future__ import annotations

from typing import Any

from bench.results import Check, Ratio, Results
from bench.startup import COMMANDS as STARTUP
from bench.startup import LIBRARIES, LIBRARIES_PG, baseline

RSS_LIMIT_MB = 300
REPORT_LIMIT_S = 2.0
REPORTS = ("bench", "pipeline", "ninebox", "position")
STARTUP_LIMIT_X = 2.0
AS_OF_LIMIT_X = 3.0


def rate(count: float, seconds: float) -> float:
    return count / seconds if seconds > 0 else 0.0


def per_store(kind: str, r: dict[str, Any]) -> dict[str, float | None]:
    """One store's run as named figures (None: not measured there, or not landed yet)."""
    c, b, a = r["company"], r["batch"], r["appends"]
    v: dict[str, float | None] = {
        "events": c["events"],
        "generate": rate(c["events"], c["seconds"]),
        "batch": rate(b["applied"], b["seconds"]),
        "seconds": b["seconds"],
        "batch_appends": rate(b["events"], b["save_seconds"]),
        "rss": b["max_rss_kb"] / 1024,
        "batch2": rate(r["batch2"]["applied"], r["batch2"]["seconds"]) if "batch2" in r else None,
        "floor": rate(r["floor"]["applied"], r["floor"]["seconds"]) if "floor" in r else None,
        "bare": rate(a["rows"], a["bare_seconds"]),
        "raw": rate(a["rows"], a["raw_seconds"]),
        "replay": rate(*r["replay"][:2]),
        "raw_select": rate(*r["raw_select"][:2]),
        "replay_cpu": _cpu_rate(r["replay"]),
        "raw_select_cpu": _cpu_rate(r["raw_select"]),
    }
    audit = r.get("audit")
    v["verify"] = rate(audit["events"], audit["seconds"]) if audit else None
    v["rerun"] = rate(audit["decisions"], audit["rerun_seconds"]) if audit else None
    v["verify_rss"] = audit["max_rss_kb"] / 1024 if audit and "max_rss_kb" in audit else None
    imported = r.get("import")
    v["import_employees"] = imported["employees"] if imported else None
    v["import"] = rate(imported["events"], imported["seconds"]) if imported else None
    v["import_raw"] = rate(imported["events"], imported["raw_seconds"]) if imported else None
    floor = r.get("import_floor")
    v["import_floor"] = rate(floor["events"], floor["seconds"]) if floor else None
    v["import_floor_raw"] = rate(floor["events"], floor["raw_seconds"]) if floor else None
    started = r.get("startup")
    for name in ("python", "libraries", "libraries_pg", *STARTUP):
        v[f"startup_{name}"] = started[name] if started else None
    for name in STARTUP:
        v[f"startup_{name}_x"] = _over(v[f"startup_{name}"], v["startup_python"])
    fair = baseline(kind, started)[1] if started else None
    v["startup_target"] = _over(v["startup_status"], fair)
    v.update(load_figures(r.get("load")))
    v.update(report_figures(r))
    return v


def report_figures(r: dict[str, Any]) -> dict[str, float | None]:
    """The reports' seconds at N and N/10, the --as-of ratios and the growth ratio."""
    v: dict[str, float | None] = {}
    reports, tenth = r.get("reports"), r.get("reports_tenth")
    v["rebuild"] = reports["rebuild"] if reports else None
    for name in REPORTS:
        v[f"report_{name}"] = reports[name] if reports else None
        v[f"tenth_{name}"] = tenth[name] if tenth else None
    for name in ("as_of", "as_of_middle", "as_of_full_fold"):
        v[name] = reports.get(name) if reports else None
    v["as_of_x"] = _over(v["as_of"], v["report_bench"])
    v["as_of_middle_x"] = _over(v["as_of_middle"], v["report_bench"])
    v["as_of_full_fold_x"] = _over(v["as_of_full_fold"], v["report_bench"])
    v["bare_fetch"] = reports.get("bare_fetch") if reports else None
    v["tenth_bare_fetch"] = tenth.get("bare_fetch") if tenth else None
    if reports and tenth:
        v["growth"] = max(reports[k] / (10 * tenth[k]) for k in REPORTS if tenth[k] > 0)
        v["bare_growth"] = _over(v["bare_fetch"], 10 * (v["tenth_bare_fetch"] or 0))
        v["slowest"] = max(reports[k] for k in REPORTS)
    else:
        v["growth"] = v["slowest"] = v["bare_growth"] = None
    return v


def build(n: int, rates: dict[str, float], runs: dict[str, dict[str, Any]]) -> Results:
    stores = list(runs)
    res = Results(n=n, stores=stores)
    engine = rate(rates["decisions"], rates["engine_seconds"])
    plain = rate(rates["decisions"], rates["plain_seconds"])
    per = {s: per_store(s, r) for s, r in runs.items()}
    for s in stores:
        per[s]["engine"], per[s]["plain"] = engine, plain

    def row(name: str, key: str, fmt: str = "{:,.0f}") -> None:
        values = {s: per[s][key] for s in stores}
        res.figure(name, **{s: "-" if v is None else fmt.format(v) for s, v in values.items()})

    row("events in the generated company", "events")
    row("generate: bulk save (events/s)", "generate")
    row("decisions/s, our engine (evaluation rules)", "engine")
    row("decisions/s, plain Python (same rules, same facts)", "plain")
    row("batch evaluate, 1 worker (candidates/s)", "batch")
    row("the batch's floor: the same step stripped to what it cannot skip (candidates/s)", "floor")
    row("batch evaluate, 1 worker (seconds)", "seconds", "{:,.1f}")
    row("batch evaluate, 2 workers (candidates/s)", "batch2")
    row("batch evaluate: appends inside the batch (events/s)", "batch_appends")
    row("bare app.save of the same events (events/s)", "bare")
    row("raw executemany of the same rows (rows/s)", "raw")
    row("replay: read and decode every event (events/s)", "replay")
    row("raw SELECT + json.loads of every row (events/s)", "raw_select")
    row("replay, per CPU second of the reading process (events/s)", "replay_cpu")
    row("raw SELECT + json.loads, per CPU second (events/s)", "raw_select_cpu")
    row("batch evaluate peak RSS (MB)", "rss")
    row("audit verify, whole (events/s)", "verify")
    row("audit verify, decision re-runs (decisions/s)", "rerun")
    row("audit verify peak RSS (MB)", "verify_rss")
    row("import: employees imported (five HR files each)", "import_employees")
    row("import: succession-flow import (events/s)", "import")
    row("raw executemany of the same rows, one transaction (rows/s)", "import_raw")
    row(
        "the import's floor: the same files stripped to what it cannot skip (events/s)",
        "import_floor",
    )
    row("raw executemany of the floor's rows, one transaction (rows/s)", "import_floor_raw")
    row(f"read model rebuild at N = {n:,} (s)", "rebuild", "{:.2f}")
    for name in REPORTS:
        row(f"report {name} at N/10 = {max(1, n // 10):,} (s)", f"tenth_{name}", "{:.3f}")
        row(f"report {name} at N = {n:,} (s)", f"report_{name}", "{:.3f}")
    tenth = f"N/10 = {max(1, n // 10):,}"
    fetch = "the bare driver's fetch of the nine-box's rows"
    row(f"{fetch} at {tenth} (s)", "tenth_bare_fetch", "{:.3f}")
    row(f"{fetch} at N = {n:,} (s)", "bare_fetch", "{:.3f}")
    row(f"{fetch}: growth N/10 -> N (the reports' floor)", "bare_growth", "{:.2f}")
    row("report bench --as-of, from the nearest checkpoint (s)", "as_of", "{:.3f}")
    row(
        "report bench --as-of the middle of the log, from the nearest checkpoint (s)",
        "as_of_middle",
        "{:.3f}",
    )
    row("report bench --as-of, folded from the first event (s)", "as_of_full_fold", "{:.3f}")
    row("as-of folded from the first event / report bench now (x)", "as_of_full_fold_x", "{:.1f}")

    for name, key, fmt in LOAD_ROWS:
        row(name, key, fmt)

    row("start-up: python -c pass (s)", "startup_python", "{:.3f}")
    row(f"start-up: python -c '{LIBRARIES}' (s)", "startup_libraries", "{:.3f}")
    row(f"start-up: python -c '{LIBRARIES_PG}' (s)", "startup_libraries_pg", "{:.3f}")
    for name, command in STARTUP.items():
        row(f"start-up: succession-flow {command} (s)", f"startup_{name}", "{:.3f}")
        row(f"start-up: {command} / python -c pass (x)", f"startup_{name}_x", "{:.1f}")

    def ratio(name: str, ours: str, limit: str, num: str, den: str, target: float | None) -> None:
        values: dict[str, float | None] = {}
        for s in stores:
            top, bottom = per[s][num], per[s][den]
            values[s] = None if top is None or not bottom else top / bottom
        res.ratio(Ratio(name, ours, limit, values, target))

    ratio(
        "engine-vs-plain", "engine decisions/s", "plain Python decisions/s", "engine", "plain", None
    )
    ratio("batch-vs-decisions", "batch candidates/s", "engine decisions/s", "batch", "engine", 0.50)
    ratio("floor-vs-decisions", "floor candidates/s", "engine decisions/s", "floor", "engine", None)
    ratio("batch-vs-floor", "batch candidates/s", "floor candidates/s", "batch", "floor", None)
    ratio(
        "batch-vs-bare-save", "batch candidates/s", "bare app.save events/s", "batch", "bare", None
    )
    ratio(
        "batch-vs-executemany", "batch candidates/s", "raw executemany rows/s", "batch", "raw", None
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
        None,
    )
    ratio(
        "replay", "replay events/s", "raw SELECT+json.loads events/s", "replay", "raw_select", 0.60
    )
    ratio(
        "replay-cpu",
        "replay events/CPU s",
        "raw SELECT+json.loads events/CPU s",
        "replay_cpu",
        "raw_select_cpu",
        None,
    )
    ratio("two-workers", "2 workers candidates/s", "1 worker candidates/s", "batch2", "batch", None)
    ratio(
        "audit-verify", "verify decision re-runs/s", "engine decisions/s", "rerun", "engine", 0.50
    )
    ratio(
        "import-vs-executemany",
        "import events/s",
        "raw executemany rows/s",
        "import",
        "import_raw",
        0.25,
    )
    ratio(
        "import-floor-vs-executemany",
        "import floor events/s",
        "raw executemany rows/s",
        "import_floor",
        "import_floor_raw",
        None,
    )
    ratio(
        "import-vs-floor",
        "import events/s",
        "import floor events/s",
        "import",
        "import_floor",
        None,
    )
    res.check("batch peak RSS at N (MB)", {s: per[s]["rss"] for s in stores}, RSS_LIMIT_MB)
    res.check(
        "audit verify peak RSS at N (MB)", {s: per[s]["verify_rss"] for s in stores}, RSS_LIMIT_MB
    )
    res.check("slowest report at N (s)", {s: per[s]["slowest"] for s in stores}, REPORT_LIMIT_S)
    res.check(
        "report growth N/10 -> N (time x / 10; <= 1 is linear or better)",
        {s: per[s]["growth"] for s in stores},
        1.0,
    )
    res.check(
        "report bench --as-of at N (x the same report now)",
        {s: per[s]["as_of_x"] for s in stores},
        AS_OF_LIMIT_X,
    )
    res.check(
        "report bench --as-of the middle of the log at N (x the same report now)",
        {s: per[s]["as_of_middle_x"] for s in stores},
        AS_OF_LIMIT_X,
    )
    res.check(
        "start-up of status E@P (x python -c 'import eventsourcing.<its store>, click')",
        {s: per[s]["startup_target"] for s in stores},
        STARTUP_LIMIT_X,
    )
    res.check(
        "API load, events lost or doubled (0 is the only pass)",
        {s: per[s]["load_lost_doubled"] for s in stores},
        0,
    )
    res.notes += missed(res)
    return res


BROKEN_DOWN = {
    "batch-vs-decisions": "Where a batch's time goes (batch-vs-decisions)",
    "appends": "Where a batch's time goes (batch-vs-decisions)",
    "batch peak RSS at N (MB)": "Where a batch's time goes (batch-vs-decisions)",
    "replay": "Replay (target >= 0.6 of raw SELECT + json.loads)",
    "audit-verify": "audit verify (re-runs >= 0.5 of bare decisions; peak RSS <= 300 MB)",
    "audit verify peak RSS at N (MB)": (
        "audit verify (re-runs >= 0.5 of bare decisions; peak RSS <= 300 MB)"
    ),
    "import-vs-executemany": "Import (events/s >= 0.25 of raw executemany)",
    "slowest report at N (s)": "Report growth (<= 1: linear) and the slowest report",
    "report growth N/10 -> N (time x / 10; <= 1 is linear or better)": (
        "Report growth (<= 1: linear) and the slowest report"
    ),
    "report bench --as-of at N (x the same report now)": "--as-of (at most 3x the same report now)",
    "report bench --as-of the middle of the log at N (x the same report now)": (
        "--as-of (at most 3x the same report now)"
    ),
    "start-up of status E@P (x python -c 'import eventsourcing.<its store>, click')": (
        'Start-up (status <= 2.0x `python -c "import eventsourcing.<store>, click"`)'
    ),
    "API load, events lost or doubled (0 is the only pass)": "The API under load",
}
"""Each figure with a target -> the section of bench/README.md that breaks it into its parts,
measured, and names the floor under any it misses (a test holds every section in the README)."""


def missed(res: Results) -> list[str]:
    """One line per target this run missed: on which stores, and where it is broken down."""
    lines = []
    items: list[Ratio | Check] = [*res.ratios, *res.checks]
    for item in items:
        stores = [s for s in res.stores if item.met(s) == "MISSED"]
        if stores:
            heading = BROKEN_DOWN[item.name]
            lines.append(
                f"{item.name}: missed on {', '.join(stores)}; its parts, measured, and the floor"
                f" under it: [{heading}](README.md#{anchor(heading)})"
            )
    return lines


def anchor(heading: str) -> str:
    """The link target GitHub gives a Markdown heading: lower case, punctuation dropped."""
    kept = "".join(c for c in heading.lower() if c.isalnum() or c in " -_")
    return kept.replace(" ", "-")


LOAD_ROWS = (
    ("API load: concurrent clients", "load_clients", "{:,.0f}"),
    ("API load: seconds", "load_seconds", "{:,.1f}"),
    ("API load: requests/s (reads and steps)", "load_rps", "{:,.1f}"),
    ("API load: reads p50 (ms)", "load_read_p50_ms", "{:,.0f}"),
    ("API load: reads p95 (ms)", "load_read_p95_ms", "{:,.0f}"),
    ("API load: steps p50 (ms)", "load_step_p50_ms", "{:,.0f}"),
    ("API load: steps p95 (ms)", "load_step_p95_ms", "{:,.0f}"),
    ("API load: steps the clients were told succeeded", "load_told", "{:,.0f}"),
    ("API load: server errors (5xx)", "load_server_errors", "{:,.0f}"),
)
"""The API's load test (`bench/load.py`), PostgreSQL only."""


LATENCIES = ("read_p50_ms", "read_p95_ms", "step_p50_ms", "step_p95_ms")


def load_figures(found: dict[str, Any] | None) -> dict[str, float | None]:
    if found is None:
        missing: dict[str, float | None] = {key: None for _, key, _ in LOAD_ROWS}
        return missing | {"load_lost_doubled": None}
    return {
        "load_clients": found["clients"],
        "load_seconds": found["seconds"],
        "load_rps": found["requests_per_s"],
        **{f"load_{k}": found[k] for k in LATENCIES},
        "load_told": found["steps_told_succeeded"],
        "load_server_errors": found["server_errors"],
        "load_lost_doubled": found["lost"] + found["doubled"],
    }


def _cpu_rate(measured: tuple[float, ...]) -> float | None:
    """Events per CPU second of this process, where the figure has one."""
    return rate(measured[0], measured[2]) if len(measured) > 2 else None


def _over(top: float | None, bottom: float | None) -> float | None:
    return top / bottom if top is not None and bottom else None
