"""Where a batch evaluate's time goes, per candidate: each part of the hot path, timed in place.

    .venv/bin/python -m bench.batch_parts [--n 2000] [--store URL]

Builds the benchmark's company (bench/company.py) in a fresh SQLite store (or the PostgreSQL
schema given), runs `run step evaluate` over it with a timer around each part, and prints the
CPU microseconds per candidate of each (this process's own time, so a busy shared machine
blurs it less than wall time). The parts nest: "load" holds the snapshot read, the event read
and the decoding below it; "decide" is the rule engine itself (`DurableRulesEngine.decide`, the
bare rate's own work); "rest" is what no timer covers (the loop, the unit of work's
bookkeeping, the report). The batch-vs-decisions ratio can reach 0.5 only while everything but
"decide" (and the collection of the garbage it leaves) costs no more than "decide" does.
"""

from __future__ import annotations

import argparse
import gc
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from eventsourcing.utils import resolve_topic

from bench.company import generate, sample_facts
from bench.rulesets import publish_shipped, shipped_sources
from bench.stores import pg_schema, sqlite_store
from succession_flow.adapters import durable_engine, event_store, sealed_recorders
from succession_flow.application.batch import waiting
from succession_flow.application.batch.runner import Scope
from succession_flow.application.batch.steps import run_step_batch
from succession_flow.application.pipeline import deciding, facts, unit_of_work
from succession_flow.bootstrap import bootstrap
from succession_flow.domain.candidate import Candidate

PARTS: list[tuple[Any, str, str]] = [
    (waiting, "scan_states", "who is waiting (log scan)"),
    (event_store.Store, "load_many", "load (all of it)"),
    ("succession_flow.adapters.snapshots:Snapshots", "usable", "  snapshot rows read, checked"),
    ("succession_flow.adapters.snapshots:Snapshots", "restore", "  snapshot decoded"),
    (event_store, "select_events_of", "  event rows read, stripped, chain-checked"),
    (event_store.Store, "decode", "  events decoded by the mapper"),
    (unit_of_work, "subject_ids", "subject ids (uuid5)"),
    (facts, "evaluation_facts", "facts"),
    (durable_engine.DurableRulesEngine, "decide", "decide (the rule engine)"),
    (Candidate, "evaluate", "domain command (Evaluated event)"),
    (unit_of_work.UnitOfWork, "settle", "pool sync"),
    (event_store.Store, "save", "save (encode, seal, insert, commit)"),
    (sealed_recorders.Sealing, "_seal", "  sealing"),
    (gc, "collect", "gc between chunks (the rule engine's cycles)"),
    (deciding, "cited", "decision cites the records it read"),
]


def present() -> list[tuple[Any, str, str]]:
    """The parts this code has (named by topic where older code lacks the module), so the same
    tool measures a checkout from before a part existed."""
    found = []
    for owner, name, label in PARTS:
        if isinstance(owner, str):
            try:
                owner = resolve_topic(owner)
            except Exception:  # not in this code
                continue
        if hasattr(owner, name):
            found.append((owner, name, label))
    return found


@contextmanager
def timed(spent: dict[str, float]) -> Iterator[None]:
    """Every part in PARTS wrapped with a CPU timer for the block, then put back."""
    parts = present()
    originals = [(owner, name, getattr(owner, name)) for owner, name, _ in parts]
    for (owner, name, label), (_, _, original) in zip(parts, originals, strict=True):
        setattr(owner, name, _timer(original, label, spent))
    try:
        yield
    finally:
        for owner, name, original in originals:
            setattr(owner, name, original)


def _timer(original: Callable[..., Any], label: str, spent: dict[str, float]) -> Any:
    def run(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            spent[label] += time.process_time() - started

    return run


def measure(url: str, n: int) -> list[tuple[str, float]]:
    services = bootstrap(url)
    generate(services, n)
    publish_shipped(services)
    services.close()
    services = bootstrap(url)  # a fresh process's store: nothing cached from the generator
    spent: dict[str, float] = defaultdict(float)
    with timed(spent):
        started = time.process_time()
        report = run_step_batch(services, "evaluate", Scope(), "bench")
        total = time.process_time() - started
    services.close()
    per = 1e6 / max(1, report.applied)
    rows = [(label, spent[label] * per) for _, _, label in PARTS]
    top = sum(v for label, v in rows if not label.startswith(" "))  # the nested ones excluded
    return [("whole batch", total * per), *rows, ("rest", total * per - top)]


def bare_engine(n: int) -> float:
    """CPU microseconds per decision of the rule engine alone on the same company's facts (the
    bench's "decisions/s, our engine", in CPU time rather than wall time)."""
    facts_list = sample_facts(n, date.today(), min(n, 5000))
    source = shipped_sources()["evaluation"]
    engine = durable_engine.DurableRulesEngine()
    engine.decide(source, facts_list[0])  # compiled once, as in a batch
    started = time.process_time()
    for one in facts_list:
        engine.decide(source, one)
    return (time.process_time() - started) * 1e6 / len(facts_list)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.batch_parts", description=__doc__)
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--store", help="a PostgreSQL server (a fresh schema is used)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sf-parts-") as folder:
        fresh = pg_schema(args.store) if args.store else sqlite_store(Path(folder), "parts")
        with fresh as url:
            parts = measure(url, args.n)
    for label, micros in parts:
        print(f"{label:44s} {micros:8.1f} us/candidate")
    bare = bare_engine(args.n)
    print(f"{'bare engine, same facts':44s} {bare:8.1f} us/decision")
    print(f"batch-vs-decisions in CPU time: {bare / parts[0][1]:.2f}")


if __name__ == "__main__":
    main()
