"""The benchmark runs end to end at a tiny N and writes every figure and ratio (no timings)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest
from bench.__main__ import main
from bench.floor_table import COLUMNS, FloorTable
from bench.table import BROKEN_DOWN, REPORTS, anchor

from bench import batch_floor, growth_parts, import_floor, imports, limits, measure
from succession_flow.adapters.chain import strip
from succession_flow.application.audit.verification import verify
from succession_flow.bootstrap import bootstrap
from tests.harness.backends import NewStore

FIGURES = [
    "events in the generated company",
    "generate: bulk save (events/s)",
    "decisions/s, our engine (evaluation rules)",
    "decisions/s, plain Python (same rules, same facts)",
    "batch evaluate, 1 worker (candidates/s)",
    "the batch's floor: the same step stripped to what it cannot skip (candidates/s)",
    "batch evaluate, 1 worker (seconds)",
    "batch evaluate, 2 workers (candidates/s)",
    "batch evaluate: appends inside the batch (events/s)",
    "bare app.save of the same events (events/s)",
    "raw executemany of the same rows (rows/s)",
    "replay: read and decode every event (events/s)",
    "raw SELECT + json.loads of every row (events/s)",
    "replay, per CPU second of the reading process (events/s)",
    "raw SELECT + json.loads, per CPU second (events/s)",
    "batch evaluate peak RSS (MB)",
    "audit verify, whole (events/s)",
    "audit verify, decision re-runs (decisions/s)",
    "audit verify peak RSS (MB)",
    "import: employees imported (five HR files each)",
    "import: succession-flow import (events/s)",
    "raw executemany of the same rows, one transaction (rows/s)",
    "the import's floor: the same files stripped to what it cannot skip (events/s)",
    "raw executemany of the floor's rows, one transaction (rows/s)",
    "read model rebuild at N = 300 (s)",
    *(f"report {r} at N{n} (s)" for r in REPORTS for n in ("/10 = 30", " = 300")),
    "the bare driver's fetch of the nine-box's rows at N/10 = 30 (s)",
    "the bare driver's fetch of the nine-box's rows at N = 300 (s)",
    "the bare driver's fetch of the nine-box's rows: growth N/10 -> N (the reports' floor)",
    "report bench --as-of, from the nearest checkpoint (s)",
    "report bench --as-of the middle of the log, from the nearest checkpoint (s)",
    "report bench --as-of, folded from the first event (s)",
    "as-of folded from the first event / report bench now (x)",
    "API load: concurrent clients",
    "API load: seconds",
    "API load: requests/s (reads and steps)",
    *(f"API load: {k} {p} (ms)" for k in ("reads", "steps") for p in ("p50", "p95")),
    "API load: steps the clients were told succeeded",
    "API load: server errors (5xx)",
    "start-up: python -c pass (s)",
    "start-up: python -c 'import eventsourcing.sqlite, click' (s)",
    "start-up: python -c 'import eventsourcing.postgres, click' (s)",
    *(f"start-up: succession-flow {c} (s)" for c in ("--help", "list", "status E@P")),
    *(f"start-up: {c} / python -c pass (x)" for c in ("--help", "list", "status E@P")),
]
RATIOS = [
    "engine-vs-plain",
    "batch-vs-decisions",
    "floor-vs-decisions",
    "batch-vs-floor",
    "batch-vs-bare-save",
    "batch-vs-executemany",
    "appends",
    "bare-save-vs-executemany",
    "replay",
    "replay-cpu",
    "two-workers",
    "audit-verify",
    "import-vs-executemany",
    "import-floor-vs-executemany",
    "import-vs-floor",
]
TARGETED_RATIOS = [
    "batch-vs-decisions",
    "appends",
    "replay",
    "audit-verify",
    "import-vs-executemany",
]
"""The ratios with a target (the others are shown for comparison)."""
CHECKS = [
    "batch peak RSS at N (MB)",
    "audit verify peak RSS at N (MB)",
    "slowest report at N (s)",
    "report growth N/10 -> N (time x / 10; <= 1 is linear or better)",
    "report bench --as-of at N (x the same report now)",
    "report bench --as-of the middle of the log at N (x the same report now)",
    "start-up of status E@P (x python -c 'import eventsourcing.<its store>, click')",
    "API load, events lost or doubled (0 is the only pass)",
]


@pytest.mark.slow
@pytest.mark.postgres
def test_the_benchmark_at_a_tiny_n_writes_every_row_and_prints_every_ratio(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], postgres_server: str
) -> None:
    """Never without PostgreSQL: `postgres_server` fails under CI=true (skips elsewhere)."""
    out = tmp_path / "RESULTS.md"
    load = ["--clients", "4", "--serve-seconds", "3"]
    pg = ["--pg", postgres_server.split("?")[0]]
    assert main(["--n", "300", "--out", str(out), *load, *pg]) == 0
    text = out.read_text()
    for figure in FIGURES:
        assert f"| {figure} |" in text, figure
    for name in RATIOS:
        assert f"| {name} (" in text, name
    for name in CHECKS:
        assert f"| {name} |" in text, name
    two_workers = next(row for row in text.splitlines() if row.startswith("| two-workers ("))
    assert "pending" not in two_workers  # measured on both stores
    printed = [line.split(":")[0] for line in capsys.readouterr().out.splitlines()]
    assert printed == [f"ratio {r}" for r in RATIOS] + [f"target {c}" for c in CHECKS]
    missed = [
        row.split(" | ")[0].removeprefix("| ") for row in text.splitlines() if "MISSED" in row
    ]
    listed = text.partition("## Missed in this run, and where each is broken down")[2]
    for row in missed:  # a tiny N misses some: each is listed with the section that breaks it down
        name = next(n for n in (*RATIOS, *CHECKS) if row == n or row.startswith(n + " ("))
        assert f"- {name}: missed on " in listed, name


def test_every_target_names_a_section_of_the_bench_readme_that_breaks_it_down() -> None:
    """RESULTS.md links each missed target to its section: the section must exist, under the
    anchor the link uses, and no target may lack one."""
    readme = (Path(__file__).parents[2] / "bench" / "README.md").read_text()
    headings = {line.lstrip("#").strip() for line in readme.splitlines() if line.startswith("##")}
    targeted = {*TARGETED_RATIOS, *CHECKS}
    assert set(BROKEN_DOWN) == targeted
    for name, heading in BROKEN_DOWN.items():
        assert heading in headings, name
    assert anchor("Where a batch's time goes (batch-vs-decisions)") == (
        "where-a-batchs-time-goes-batch-vs-decisions"
    )


@pytest.mark.slow
def test_the_reports_only_run_prints_the_as_of_ratios_and_the_growth_of_each_store(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--n", "40", "--no-pg", "--reports-only"]) == 0
    printed = {
        tuple(line.split()[:2]): line.split()[2] for line in capsys.readouterr().out.splitlines()
    }
    for name in ("report_bench", "as_of_middle", "as_of_middle_x", "growth"):
        assert float(printed[("sqlite", name)]) > 0, name


def test_the_growth_experiment_times_each_part_at_n_and_a_tenth_of_it(
    store_url: str, new_store: NewStore, backend: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`python -m bench.growth_parts`, the experiment behind the report growth in bench/README."""
    tenth = new_store(backend, "tenth")
    measure.company(store_url, 40)
    measure.company(tenth, 4)
    assert growth_parts.main([store_url, tenth]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["part", "N", "(ms)", "N/10", "(ms)", "growth"]
    assert [line[:50].strip() for line in lines[1:]] == [
        "report ninebox (catch-up check included)",
        "the bare driver's fetch of its rows",
        "the database alone (rows counted, none fetched)",
    ]
    assert all(float(line.split()[-1]) > 0 for line in lines[1:])


def test_the_batch_floor_steps_every_waiting_candidate_and_leaves_the_store_as_it_was(
    store_url: str,
) -> None:
    """`python -m bench.batch_floor`, the experiment behind the batch's floor in bench/README,
    on either store: every nominated candidate is checked, decided, sealed and inserted, into a
    table of its own that is dropped after, so the store the real batch then steps is untouched.
    An employee whose snapshot is gone is read whole, and counted."""
    key, positions, source = batch_floor.build(store_url, 60)
    before = limits.event_rows(store_url)
    figures = batch_floor.floor_run(store_url, key, positions, source)
    assert figures["applied"] == 60
    assert figures["employees_without_a_snapshot"] == 0
    assert 0 < figures["decide_seconds"] < figures["cpu_seconds"]
    assert limits.event_rows(store_url) == before
    assert floor_table_gone(store_url)
    table = FloorTable(store_url)
    try:
        table.connection.execute(
            f"DELETE FROM {table.snapshots} WHERE originator_id IN "
            f"(SELECT originator_id FROM {table.snapshots} LIMIT 7)"
        )
        table.connection.commit()
    finally:
        table.close()
    again = batch_floor.floor_run(store_url, key, positions, source)
    assert (again["applied"], again["employees_without_a_snapshot"]) == (60, 7)
    with pytest.raises(KeyError):  # a run that fails half way: no position for its candidates
        batch_floor.floor_run(store_url, key, {}, source)
    assert floor_table_gone(store_url)
    assert limits.event_rows(store_url) == before


def test_the_import_floor_records_what_the_import_records_and_leaves_the_store_as_it_was(
    tmp_path: Path, store_url: str, new_store: NewStore, backend: str
) -> None:
    """`python -m bench.import_floor`, the experiment behind the import's floor in bench/README:
    its rows are the real import's events (the same aggregates, versions, topics and values,
    only the timestamps and the actor differ), sealed as the recorder seals (`audit verify`
    passes a log made of them), and its own table is dropped after."""
    imports.hr_import(store_url, 12, tmp_path / "hr")
    files = sorted((tmp_path / "hr").glob("*.csv"))
    floor_url = new_store(backend, "floor")
    key, mapper = import_floor.store_parts(floor_url)
    target = FloorTable(floor_url)
    target.create()
    try:
        rows = import_floor.floor_rows(target, files, key, mapper)
        target.connection.cursor().executemany(  # the floor's rows as the log: verify reads them
            f"INSERT INTO {target.events} {COLUMNS} VALUES ({target.marks(4)})", rows
        )
        target.connection.commit()
    finally:
        target.drop()
    services = bootstrap(floor_url)
    try:
        verified = verify(services)
    finally:
        services.close()
    assert (verified.findings, verified.events) == ([], len(rows))

    def content(row: limits.Row) -> tuple[str, int, str, dict[str, object]]:
        oid, version, topic, state = row
        values = json.loads(strip(state))
        assert values.pop("timestamp")["_type_"] == "datetime_iso"
        values.pop("actor")
        return (str(oid).replace("-", ""), version, topic, values)

    real = sorted(map(content, limits.event_rows(store_url)))
    assert len(real) == 12 * 7
    assert sorted(map(content, rows)) == real
    timed = new_store(backend, "timed")
    figures = import_floor.floor_run(timed, files)
    assert figures["events"] == len(real)
    assert limits.event_rows(timed) == []
    assert floor_table_gone(timed)


def test_the_import_without_snapshots_records_the_same_events_and_takes_no_snapshot(
    tmp_path: Path, store_url: str, new_store: NewStore, backend: str
) -> None:
    """`python -m bench.imports --without-snapshots`, the experiment behind "no snapshot at all"
    in bench/README "Import": the same command with only the snapshots left out."""
    imports.hr_import(store_url, 12, tmp_path / "hr")
    bare_url = new_store(backend, "bare")
    found = imports.hr_import(bare_url, 12, tmp_path / "hr", snapshots=False)
    assert found["events"] == 12 * 7

    def events(url: str) -> list[tuple[str, int, str]]:
        return sorted(
            (str(oid), version, topic) for oid, version, topic, _ in limits.event_rows(url)
        )

    assert events(bare_url) == events(store_url)
    assert snapshot_count(store_url) == 12
    assert snapshot_count(bare_url) == 0


def snapshot_count(url: str) -> int:
    """The store's snapshots (0 where none was ever taken, so their table was never made)."""
    return rows_in(url, lambda table: table.snapshots) or 0


def floor_table_gone(url: str) -> bool:
    """Whether a floor's own table is gone from the store (both floors drop theirs)."""
    return rows_in(url, lambda table: table.floor) is None


def rows_in(url: str, name_of: Callable[[FloorTable], str]) -> int | None:
    """The rows of one of the store's tables, or None when it has no such table."""
    table = FloorTable(url)
    try:
        return int(table.rows(f"SELECT count(*) FROM {name_of(table)}", [])[0][0])
    except (sqlite3.OperationalError, psycopg.errors.UndefinedTable):
        return None
    finally:
        table.close()
