"""The floor under batch-vs-decisions: the least a batch evaluate can do on this stack, timed.

    .venv/bin/python -m bench.batch_floor [--n 2000] [--runs 3] [--no-pg]

The issue asks, for a target still missed, for the physical reason no design on this stack can
reach it. This is the experiment that tests that claim for the batch. On the benchmark's
company, in a fresh store (SQLite, then PostgreSQL, each read and written by its own driver),
it runs the batch stripped to the work that cannot go without changing what is decided,
recorded or checked. For each chunk of 500 candidates:

- one raw SELECT of the candidates' events, and one of their employees' snapshots with each
  snapshot's anchor event;
- each candidate event's chain check (SHA-256 and a MAC), each snapshot's seal check, and its
  anchor;
- the snapshot's JSON decoded to plain dicts, no aggregate;
- the real facts (`evaluation_facts`), given the decoded state as plain attributes;
- the real rule engine, collected every `DECISIONS_PER_COLLECTION` decisions as the batch collects;
- an `Evaluated` event with the same content as the real one (outcome, scores, the decision
  with its facts), JSON-encoded, sealed into both chains and inserted into a table of the events
  table's shape (`executemany` on SQLite; on PostgreSQL binary COPY, as the recorder writes);
- one commit.

Positions are read once before the clock starts; the real batch also reads each post once. An
employee without a usable snapshot (none, in a generated company) is read whole by the store's
own load and counted in `employees_without_a_snapshot`.

Every part here is real code of this project or of its stack. What is left out is the
aggregates, the library's event objects, the unit of work and the report. So this is an upper
bound on the ratio any design on this stack could reach. It prints that bound's CPU time per
candidate beside the bare engine's, taken in turns in this one process. If the bound's ratio
is under 0.5, the target cannot be met on this stack. If it is over, the gap between the bound
and the real batch (`bench.batch_parts`) is what a redesign of the load and save paths could
still win.
"""

from __future__ import annotations

import argparse
import gc
import json
import tempfile
import time
from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from eventsourcing.utils import get_topic

from bench.company import generate
from bench.floor_table import FloorTable
from bench.rulesets import publish_shipped, shipped_sources
from bench.stores import PG_DEFAULT, pg_schema, sqlite_store
from succession_flow.adapters import durable_engine
from succession_flow.adapters.chain import (
    GENESIS,
    ChainKey,
    Seal,
    aggregate_hash,
    attach,
    log_hash,
    split,
    strip,
)
from succession_flow.adapters.collector import DECISIONS_PER_COLLECTION
from succession_flow.adapters.sealed_recorders import TAIL, hash_in
from succession_flow.adapters.snapshots import Kept, fingerprint, is_sealed
from succession_flow.application.batch.runner import CHUNK
from succession_flow.application.pipeline.facts import evaluation_facts
from succession_flow.application.services import Services
from succession_flow.bootstrap import bootstrap
from succession_flow.domain.candidate import Candidate
from succession_flow.domain.keys import employee_uuid, position_uuid
from succession_flow.domain.position import Position

NOMINATED = get_topic(Candidate.__dict__["Nominated"])
EVALUATED = get_topic(Candidate.__dict__["Evaluated"])


def build(url: str, n: int) -> tuple[ChainKey, dict[str, Position], str]:
    """The company, its shipped rules published; then `prepared`."""
    services = bootstrap(url)
    generate(services, n)
    publish_shipped(services)
    services.close()
    return prepared(url)


def prepared(url: str) -> tuple[ChainKey, dict[str, Position], str]:
    """A generated company's chain key, its positions (read once, as a batch reads each post
    once) and the evaluation rules the batch decides with."""
    services = bootstrap(url)
    key = services.store.sealed_log().chain_key
    positions: dict[str, Position] = {}
    rows = FloorRows(url)
    try:
        nominations = rows.nominated()
    finally:
        rows.close()
    for _, state in nominations:
        pid = state["position_id"]
        if pid not in positions:
            found = services.store.find(position_uuid(pid), Position)
            assert found is not None
            positions[pid] = found
    services.close()
    return key, positions, shipped_sources()["evaluation"]


class FloorRows(FloorTable):
    """The batch floor's reads: who is waiting, their events, their employees' snapshots."""

    def nominated(self) -> list[tuple[Any, dict[str, Any]]]:
        """Every candidate waiting for evaluation (each has only its `Nominated` event in the
        generated company): its stored id and that event's state, in log order."""
        query = (
            f"SELECT originator_id, state FROM {self.events} WHERE topic = {self.mark} "
            f"ORDER BY {self.order}"
        )
        rows = self.rows(query, [NOMINATED])
        return [(oid, json.loads(strip(bytes(state)))) for oid, state in rows]

    def candidates(self, ids: list[Any]) -> dict[Any, tuple[int, str, bytes]]:
        query = (
            "SELECT originator_id, originator_version, topic, state FROM "
            f"{self.events} WHERE originator_id IN ({self.marks(len(ids))})"
        )
        return {oid: (v, topic, bytes(state)) for oid, v, topic, state in self.rows(query, ids)}

    def snapshots_of(self, ids: list[Any], stamp: str) -> list[Any]:
        """Each employee's snapshot of the current code, with the tail of its anchor event."""
        tail = (
            f"substr(e.state, -{TAIL})"
            if self.sqlite
            else f"substring(e.state from greatest(length(e.state) - {TAIL}, 1))"
        )
        query = (
            "SELECT s.originator_id, s.originator_version, s.state, s.aggregate_hash, "
            f"s.fingerprint, s.mac, {tail} FROM {self.snapshots} AS s "
            f"JOIN {self.events} AS e ON e.originator_id = s.originator_id "
            "AND e.originator_version = s.originator_version "
            f"WHERE s.originator_id IN ({self.marks(len(ids))}) AND s.fingerprint = {self.mark}"
        )
        return self.rows(query, [*ids, stamp])


def floor_run(
    url: str, key: ChainKey, positions: dict[str, Position], source: str
) -> dict[str, float]:
    """The stripped batch over every nominated candidate: how many, its wall and CPU seconds,
    and the CPU seconds in the rule engine's `decide` and in collecting the garbage it leaves.
    Its table is dropped after, so the store is as it was."""
    engine = durable_engine.DurableRulesEngine()
    today = date.today()
    store = FloorRows(url)
    store.create()
    services: Services | None = None
    try:
        last_log = store.head()
        gc.disable()
        started, wall = time.process_time(), time.perf_counter()
        waiting = store.nominated()
        done, deciding, collecting, whole = 0, 0.0, 0.0, 0
        for start in range(0, len(waiting), CHUNK):
            chunk = waiting[start : start + CHUNK]
            candidates = store.candidates([oid for oid, _ in chunk])
            wanted = [store.key(employee_uuid(s["employee_id"])) for _, s in chunk]
            employees = _snapshots(store, key, wanted)
            unsnapshotted = [uid for uid in wanted if uid not in employees]
            if unsnapshotted:  # rare: read whole, by the real load, and counted
                services = services or bootstrap(url)
                found = services.store.load_many([store.uuid(uid) for uid in unsnapshotted])
                employees.update((store.key(uid), employee) for uid, employee in found.items())
                whole += len(unsnapshotted)
            inserts = []
            for (oid, nominated), employee_id in zip(chunk, wanted, strict=True):
                version, topic, state = candidates[oid]
                cid = store.uuid(oid)
                body, seal = split(state)
                assert seal is not None
                link = aggregate_hash(key, GENESIS, cid, version, topic, body)
                assert link == seal.aggregate_hash, "a candidate event does not match its seal"
                facts = evaluation_facts(
                    employees[employee_id],
                    positions[nominated["position_id"]],
                    SimpleNamespace(failed_evaluations=0),  # type: ignore[arg-type]
                    today,
                )
                clock = time.process_time()
                decision = engine.decide(source, facts)
                deciding += time.process_time() - clock
                scores = {k: facts[k] for k in ("competency_score", "core_competence", "job_match")}
                event = {
                    "timestamp": datetime.now().isoformat(),
                    "outcome": decision.outcome,
                    "scores": scores,
                    "decision": decision.to_dict(),
                    "actor": "bench",
                }
                new_body = json.dumps(event, separators=(",", ":")).encode()
                agg = aggregate_hash(key, link, cid, version + 1, EVALUATED, new_body)
                last_log = log_hash(key, last_log, agg)
                sealed = attach(new_body, Seal(key.flag, agg, last_log))
                inserts.append((oid, version + 1, EVALUATED, sealed))
                done += 1
                if done % DECISIONS_PER_COLLECTION == 0:
                    clock = time.process_time()
                    gc.collect(0)
                    collecting += time.process_time() - clock
            store.write(inserts)
            gc.collect(1)
        spent, wall = time.process_time() - started, time.perf_counter() - wall
    finally:  # the store as it was, whatever failed
        gc.enable()
        if services is not None:
            services.close()
        store.drop()
    assert done == len(waiting), f"{done} of {len(waiting)} candidates stepped"
    return {
        "applied": done,
        "seconds": wall,
        "cpu_seconds": spent,
        "decide_seconds": deciding,
        "collect_seconds": collecting,
        "employees_without_a_snapshot": whole,
    }


def _snapshots(store: FloorRows, key: ChainKey, ids: list[Any]) -> dict[Any, Any]:
    """Each employee's snapshot, seal-checked and borne out by its anchor event, as plain
    attributes (what `evaluation_facts` reads)."""
    found: dict[Any, Any] = {}
    for oid, version, state, agg, stamp, mac, tail in store.snapshots_of(ids, fingerprint()):
        kept = Kept(store.uuid(oid), version, bytes(state), agg, stamp, mac)
        assert is_sealed(key, kept), "a snapshot does not match its seal"
        assert hash_in(bytes(tail), "aggregate") == agg, "a snapshot its anchor does not bear out"
        found[oid] = SimpleNamespace(**json.loads(kept.state)["state"])
    return found


def bare_run(source: str, facts_list: list[dict[str, Any]]) -> float:
    engine = durable_engine.DurableRulesEngine()
    started = time.process_time()
    for one in facts_list:
        engine.decide(source, one)
    return (time.process_time() - started) / len(facts_list)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.batch_floor", description=__doc__)
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pg", default=PG_DEFAULT, help="PostgreSQL server (a fresh schema)")
    parser.add_argument("--no-pg", action="store_true", help="SQLite only")
    parser.add_argument(
        "--url", help="a generated company's store: one run, its figures as JSON (the bench)"
    )
    args = parser.parse_args()
    if args.url:
        print(json.dumps(floor_run(args.url, *prepared(args.url))))
        return
    from bench.company import sample_facts

    facts_list = sample_facts(args.n, date.today(), min(args.n, 5000))
    with tempfile.TemporaryDirectory(prefix="sf-floor-") as folder:
        for kind in ["sqlite"] if args.no_pg else ["sqlite", "postgresql"]:
            fresh = sqlite_store(Path(folder), "floor") if kind == "sqlite" else pg_schema(args.pg)
            with fresh as url:
                key, positions, source = build(url, args.n)
                durable_engine.DurableRulesEngine().decide(source, facts_list[0])
                for run in range(args.runs):
                    run_figures = floor_run(url, key, positions, source)
                    floor, deciding, collecting = (
                        run_figures[part] / run_figures["applied"]
                        for part in ("cpu_seconds", "decide_seconds", "collect_seconds")
                    )
                    bare = bare_run(source, facts_list)
                    rest = floor - deciding - collecting
                    print(
                        f"{kind} run {run + 1}: floor {floor * 1e6:6.1f} us/candidate"
                        f" (decide {deciding * 1e6:6.1f}, its garbage {collecting * 1e6:5.1f},"
                        f" the rest {rest * 1e6:6.1f}); bare engine {bare * 1e6:6.1f}"
                        f" us/decision; ratio {bare / floor:.2f}"
                    )


if __name__ == "__main__":
    main()
