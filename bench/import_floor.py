"""The floor under import-vs-executemany: the least an HR import can do on this stack, timed.

    .venv/bin/python -m bench.import_floor [--n 10000] [--runs 3] [--no-pg]

The issue asks, for a target still missed, for the physical reason no design on this stack can
reach it. This is the experiment that tests that claim for the import, as `bench.batch_floor`
tests it for the batch. On the benchmark's five HR export files, into a fresh store, it runs
the import stripped to the work that cannot go without changing what is refused, recorded or
checked, all in one transaction, as the import is all or nothing:

- the files read by the import's own reader (`formats.hr_exports.read_export`), duplicate rows
  found by its own check (`import_duplicates`);
- one query per `READ_AHEAD` employees for those already stored (a re-import records only what
  changed, so it must know);
- every cell checked by the import's own column checks (`application/people/hr_import`: text,
  numbers and their ranges, choices, dates), in the import's order (employees first);
- one event per row with the real event's content (topic, timestamp, values, actor), encoded by
  the store's own mapper (`AtRestMapper.encoded`, the same bytes), sealed into both chains;
- the rows written the fastest way the store takes them: one `executemany` on SQLite, binary
  COPY on PostgreSQL (what the recorder does), into a table of the events table's shape.

Left out: the aggregates and the library's event objects, the unit of work, the snapshots the
real import takes of every employee, the report, and the command's start-up. So this is an upper
bound on the ratio any design on this stack could reach. It is divided by the bench's own limit
(`limits.raw_insert` of the floor's rows, `executemany` in one transaction), in the same process.
If the bound is under 0.25, the target cannot be met on this stack; if it is over, the gap to
the real import (`bench.imports`, run alongside) is what a redesign of the write path could win.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

from eventsourcing.utils import get_topic

from bench import imports, limits
from bench.floor_table import FloorTable
from bench.stores import PG_DEFAULT, pg_schema, sqlite_store
from succession_flow.adapters.at_rest import AtRestMapper
from succession_flow.adapters.chain import GENESIS, ChainKey, Seal, aggregate_hash, attach, log_hash
from succession_flow.adapters.collector import collected_by_hand
from succession_flow.adapters.sealed_postgres import INSERT_ROWS
from succession_flow.application.people import hr_import
from succession_flow.application.people.import_duplicates import duplicates
from succession_flow.bootstrap import bootstrap
from succession_flow.domain.employee import Employee
from succession_flow.domain.keys import employee_uuid
from succession_flow.formats.hr_exports import KIND_ORDER, Row, read_export

READ_AHEAD = 500
"""Employees asked for in one query, as the import's read ahead asks."""
ACTOR = "bench"
Values = dict[str, Any]


def _registered(row: Row, employee_id: str) -> Values:
    return {
        "originator_topic": get_topic(Employee),
        "employee_id": employee_id,
        "profile": hr_import.profile_of(row),
    }


def _rating(row: Row, _: str) -> Values:
    year, rating = hr_import.rating_of(row)
    return {"year": year, "rating": rating}


def _competencies(row: Row, _: str) -> Values:
    return {"scores": hr_import.competency_scores(row)}


def _job_match(row: Row, _: str) -> Values:
    return {"scores": hr_import.job_match_scores(row)}


def _talent(row: Row, _: str) -> Values:
    potential, risk, impact = hr_import.talent_levels(row)
    return {"potential": potential, "risk_of_loss": risk, "impact_of_loss": impact}


EVENTS: dict[str, tuple[str, Callable[[Row, str], Values]]] = {
    "employees": (get_topic(Employee.__dict__["Registered"]), _registered),
    "ratings": (get_topic(Employee.__dict__["RatingRecorded"]), _rating),
    "competencies": (get_topic(Employee.__dict__["CompetenciesAssessed"]), _competencies),
    "job_match": (get_topic(Employee.__dict__["JobMatchAssessed"]), _job_match),
    "talent": (get_topic(Employee.__dict__["TalentAssessed"]), _talent),
}
"""Each kind of row the benchmark's exports hold: its event's topic and its values (of the row
and its checked employee id), checked by the import's own checks (`hr_import.profile_of`,
`rating_of` and the others)."""


def stored(table: FloorTable, ids: list[UUID]) -> set[Any]:
    """Which of these employees the store already holds events of."""
    query = (
        f"SELECT DISTINCT originator_id FROM {table.events} "
        f"WHERE originator_id IN ({table.marks(len(ids))})"
    )
    return {oid for (oid,) in table.rows(query, [table.key(uid) for uid in ids])}


def floor_run(url: str, files: list[Path]) -> dict[str, Any]:
    """The stripped import of `files` into the store at `url` (made if it is not there): how
    many events, wall and CPU seconds; then the raw `executemany` of the same rows. The floor's
    table is dropped after, so the store is as it was."""
    key, mapper = store_parts(url)
    target = FloorTable(url)
    target.create()
    try:
        with collected_by_hand() as boundary:  # as the import runs
            started, wall = time.process_time(), time.perf_counter()
            rows = floor_rows(target, files, key, mapper, boundary)
            target.write(rows)
            spent, wall = time.process_time() - started, time.perf_counter() - wall
        raw = limits.raw_insert(url, rows, INSERT_ROWS)
    finally:
        target.drop()
    return {"events": len(rows), "seconds": wall, "cpu_seconds": spent, "raw_seconds": raw}


def store_parts(url: str) -> tuple[ChainKey, AtRestMapper]:
    """The store's chain key and its mapper (the store made, empty, if it is not there)."""
    services = bootstrap(url)
    key: ChainKey = services.store.sealed_log().chain_key
    mapper = services.store.app.mapper
    services.close()
    assert isinstance(mapper, AtRestMapper)
    return key, mapper


def floor_rows(
    target: FloorTable,
    files: list[Path],
    key: ChainKey,
    mapper: AtRestMapper,
    boundary: Callable[[], None] = lambda: None,
) -> list[Any]:
    """Every row of `files` read, checked, made its event and sealed: the rows to write. The
    log continues from the store's head; `boundary` runs every `hr_import.COLLECT_EVERY` rows,
    where the import collects."""
    rows_read = [row for path in files for row in read_export(path)]
    refused = duplicates(rows_read)
    assert not refused, refused[:3]
    order = {kind: n for n, kind in enumerate(KIND_ORDER)}
    ordered = sorted(rows_read, key=lambda r: order[r.kind])
    employee_ids = [hr_import.employee_id(row) for row in ordered]  # each row's, checked once
    ids = list(dict.fromkeys(map(employee_uuid, employee_ids)))
    known: set[Any] = set()
    for start in range(0, len(ids), READ_AHEAD):
        known |= stored(target, ids[start : start + READ_AHEAD])
    assert not known, "the floor imports into an empty store"
    heads: dict[UUID, tuple[int, str]] = {}
    rows: list[limits.Row] = []
    last_log = target.head()
    for number, (row, employee_id) in enumerate(zip(ordered, employee_ids, strict=True), 1):
        topic, values_of = EVENTS[row.kind]
        uid = employee_uuid(employee_id)
        values = values_of(row, employee_id)
        head = heads.get(uid)
        if head is None and row.kind != "employees":
            raise AssertionError(f"{row.where()}: employee not imported")
        version, previous = (0, GENESIS) if head is None else head
        state = {"timestamp": datetime.now(UTC), **values, "actor": ACTOR}
        body = mapper.encoded(state)
        agg = aggregate_hash(key, previous, uid, version + 1, topic, body)
        last_log = log_hash(key, last_log, agg)
        sealed = attach(body, Seal(key.flag, agg, last_log))
        rows.append((target.key(uid), version + 1, topic, sealed))
        heads[uid] = (version + 1, agg)
        if number % hr_import.COLLECT_EVERY == 0:
            boundary()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.import_floor", description=__doc__)
    parser.add_argument("--n", type=int, default=imports.MOST, help="employees")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pg", default=PG_DEFAULT, help="PostgreSQL server (a fresh schema)")
    parser.add_argument("--no-pg", action="store_true", help="SQLite only")
    parser.add_argument(
        "--url", help="an empty store: one floor run of --files, its figures as JSON (the bench)"
    )
    parser.add_argument("--files", type=Path, help="with --url: the folder of HR exports")
    args = parser.parse_args()
    if args.url:
        print(json.dumps(floor_run(args.url, sorted(args.files.glob("*.csv")))))
        return
    with tempfile.TemporaryDirectory(prefix="sf-import-floor-") as folder:
        kinds = ["sqlite"] if args.no_pg else ["sqlite", "postgresql"]

        def fresh(kind: str, name: str) -> AbstractContextManager[str]:
            return sqlite_store(Path(folder), name) if kind == "sqlite" else pg_schema(args.pg)

        for kind in kinds:
            exports = Path(folder) / f"hr-{kind}"
            for run in range(args.runs):
                with fresh(kind, "real") as url:  # the real import writes the exports first
                    real = imports.hr_import(url, args.n, exports)
                with fresh(kind, "floor") as url:
                    floor = floor_run(url, sorted(exports.glob("*.csv")))
                assert floor["events"] == real["events"], (floor["events"], real["events"])
                print(
                    f"{kind} run {run + 1}: {floor['events']} events; floor "
                    f"{floor['cpu_seconds'] / floor['events'] * 1e6:5.1f} us CPU/event, "
                    f"ratio {floor['raw_seconds'] / floor['seconds']:.2f}; import "
                    f"{real['cpu_seconds'] / real['events'] * 1e6:5.1f} us CPU/event, "
                    f"ratio {real['raw_seconds'] / real['seconds']:.2f}; raw executemany "
                    f"{floor['raw_seconds'] / floor['events'] * 1e6:4.1f} and "
                    f"{real['raw_seconds'] / real['events'] * 1e6:4.1f} us/row"
                )


if __name__ == "__main__":
    main()
