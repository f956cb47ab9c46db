"""Eight writers at once, each a loop of real `succession-flow` processes, for a bounded time:
an importer, a nominator, two single-step writers (evaluate, pool), two batch runners, a rule
publisher and a role granter, all on one store. Every command's exit code is counted, and what
each was told succeeded (JSON output) is compared with what is stored, event kind by event kind:
nothing may be lost or doubled. Run it on any store:

    python -m tests.faults.mixed_writers --store sqlite:///mixed.sqlite --seconds 20

It prints the exit codes per writer and the told/stored counts, and exits 1 when an exit code
other than 0, 4 (refused: illegal or already done) or 6 (store busy) was seen or an event was
lost or doubled; tests/faults/test_mixed_writers.py runs it in CI on both stores.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import shutil
import subprocess
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from succession_flow.data import SHIPPED_RULES
from succession_flow.formats.hr_exports import COLUMNS
from tests.e2e import crash_company
from tests.faults.harness import CLI, PATIENCE, opened

ALLOWED = frozenset({0, 4, 6})
"""Done; refused (illegal now, or already done by another writer); the store was busy."""
PEOPLE = 60
"""Nominated candidates at the start, for the step writers and the batches to race on."""
Told = Callable[[Any], Counter[str]]
"""From a command's JSON answer: the events it says it recorded, by kind."""


@dataclass(frozen=True)
class Command:
    args: tuple[str, ...]
    actor: str
    told: Told


@dataclass
class Tally:
    exits: Counter[tuple[str, int]] = field(default_factory=Counter)
    told: Counter[str] = field(default_factory=Counter)
    unexpected: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, writer: str, command: Command, done: subprocess.CompletedProcess[str]) -> None:
        with self.lock:
            self.exits[writer, done.returncode] += 1
            if done.returncode == 0:
                self.told.update(command.told(json.loads(done.stdout)))
            elif done.returncode not in ALLOWED:
                line = " ".join(command.args)
                self.unexpected.append(f"{writer}: {line}: exit {done.returncode}: {done.stderr}")


def one(kind: str) -> Told:
    return lambda answer: Counter({kind: 1})


def step_told(kind: str) -> Told:
    return lambda answer: Counter({kind: answer["applied"]})


def importer(folder: Path, rng: random.Random) -> Iterator[Command]:
    """New employees each time (one Registered event each)."""
    for n in range(10**6):
        path = folder / f"import-{n}.csv"
        with path.open("w", newline="") as out:
            rows = csv.writer(out)
            rows.writerow(COLUMNS["employees"])
            for k in range(rng.randrange(5, 40)):
                rows.writerow(
                    [f"N{n:04d}x{k:02d}", "New Hire", "Sales", "2015-04-01", "master", 9, "", ""]
                )
        yield Command(
            ("import", str(path)),
            "operator",
            lambda a: Counter({"Employee.Registered": a["events"]}),
        )


def nominator(rng: random.Random) -> Iterator[Command]:
    """Each employee of the company for a second position, one by one."""
    for n in rng.sample(range(PEOPLE), PEOPLE):
        key = f"E{n:05d}@{crash_company.POSITIONS[(n + 1) % len(crash_company.POSITIONS)]}"
        yield Command(
            ("nominate", key, "--reason", "mixed writers"), "operator", one("Candidate.Nominated")
        )


def single(step: str, kind: str, rng: random.Random) -> Iterator[Command]:
    """The step on a random candidate: done, or refused (already done, or not ready for it)."""
    while True:
        n = rng.randrange(PEOPLE)
        key = f"E{n:05d}@{crash_company.POSITIONS[n % len(crash_company.POSITIONS)]}"
        yield Command((step, key), "operator", one(kind))


def batches(rng: random.Random, steps: tuple[str, ...]) -> Iterator[Command]:
    """Batch runs of `steps` in turn (the two runners start with different steps)."""
    kinds = {"evaluate": "Candidate.Evaluated", "pool": "pool decision"}
    while True:
        for step in steps:
            chunk = str(rng.choice((1, 3, 10)))
            yield Command(("run", step, "--chunk-size", chunk), "operator", step_told(kinds[step]))


def publisher(folder: Path, rng: random.Random) -> Iterator[Command]:
    """A new version of every rule set each time."""
    for n in range(10**6):
        rules = folder / f"rules-{n}"
        shutil.copytree(SHIPPED_RULES, rules)
        for source in rules.glob("*.yaml"):
            source.write_text(source.read_text() + f"# mixed writers revision {n}\n")
        published: Told = lambda a: Counter({"RuleSet.Published": len(a["published"])})  # noqa: E731
        yield Command(
            ("rules", "publish", "--rules", str(rules), "--note", f"r{n}"), "hr", published
        )


def granter(rng: random.Random) -> Iterator[Command]:
    for n in range(10**6):
        yield Command(
            ("role", "grant", f"reviewer-{n}", "reviewer"), "hr", one("AccessControl.RoleGranted")
        )


POOL_KINDS = ("Candidate.Pooled", "Candidate.PoolEntryDeclined")
KINDS = (
    "Employee.Registered",
    "Candidate.Nominated",
    "Candidate.Evaluated",
    "pool decision",
    "RuleSet.Published",
    "AccessControl.RoleGranted",
)
"""The event kinds a writer is told about; `pool decision` is either of POOL_KINDS."""


def stored_kinds(url: str) -> Counter[str]:
    """Every stored event counted by kind, from the log itself."""
    counts: Counter[str] = Counter()
    with opened(url) as services:
        recorder, start = services.store.app.recorder, 1
        while page := recorder.select_notifications(start=start, limit=5000):
            for notification in page:
                name = notification.topic.rsplit(":", 1)[-1]
                counts["pool decision" if name in POOL_KINDS else name] += 1
            start = page[-1].id + 1
    return Counter({k: counts[k] for k in KINDS})


def prepare(url: str) -> None:
    """The company (PEOPLE nominated candidates, the shipped rules) and the writers' roles."""
    with opened(url) as services:
        crash_company.build(services, PEOPLE)
    for actor, role in (("hr", "hr-owner"), ("operator", "operator")):
        done = run_command(
            url, Command(("role", "grant", actor, role), "hr", one("AccessControl.RoleGranted"))
        )
        if done.returncode != 0:
            raise SystemExit(f"setup failed: role grant {actor}: {done.stderr}")


def run_command(url: str, command: Command) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CLI, "--store", url, "--actor", command.actor, "--format", "json", *command.args],
        capture_output=True,
        text=True,
        timeout=PATIENCE,
    )


WRITERS = (
    "importer",
    "nominator",
    "evaluator",
    "pooler",
    "batch-1",
    "batch-2",
    "publisher",
    "granter",
)


def writers(folder: Path, seed: int) -> dict[str, Iterator[Command]]:
    """Each writer's endless list of commands, from its own seeded random numbers."""
    rng = {name: random.Random(f"{seed}/{name}") for name in WRITERS}
    return {
        "importer": importer(folder, rng["importer"]),
        "nominator": nominator(rng["nominator"]),
        "evaluator": single("evaluate", "Candidate.Evaluated", rng["evaluator"]),
        "pooler": single("pool", "pool decision", rng["pooler"]),
        "batch-1": batches(rng["batch-1"], ("evaluate", "pool")),
        "batch-2": batches(rng["batch-2"], ("pool", "evaluate")),
        "publisher": publisher(folder, rng["publisher"]),
        "granter": granter(rng["granter"]),
    }


@dataclass
class Result:
    tally: Tally
    before: Counter[str]
    after: Counter[str]

    def lost_and_doubled(self) -> dict[str, tuple[int, int]]:
        """Per kind: (lost, doubled) — told but not stored, stored but never told."""
        found = {}
        for kind in KINDS:
            stored = self.after[kind] - self.before[kind]
            told = self.tally.told[kind]
            found[kind] = (max(0, told - stored), max(0, stored - told))
        return found


def race(url: str, seconds: float, seed: int) -> Result:
    """Every writer in its own thread, each running its commands one after another as real
    processes, until `seconds` have passed; the last command of each runs to its end."""
    prepare(url)
    before = stored_kinds(url)
    tally = Tally()
    with tempfile.TemporaryDirectory() as scratch:
        loops = writers(Path(scratch), seed)
        deadline = time.monotonic() + seconds

        def work(name: str, commands: Iterator[Command]) -> None:
            for command in commands:
                if time.monotonic() >= deadline:
                    return
                tally.record(name, command, run_command(url, command))

        threads = [threading.Thread(target=work, args=item) for item in loops.items()]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return Result(tally, before, stored_kinds(url))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", required=True, help="A fresh store URL (it is written).")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--seed", type=int, default=15)
    options = parser.parse_args()
    result = race(options.store, options.seconds, options.seed)
    for (writer, code), count in sorted(result.tally.exits.items()):
        print(f"{writer:10} exit {code}: {count}")
    bad = 0
    for kind, (lost, doubled) in result.lost_and_doubled().items():
        print(f"{kind:14} told {result.tally.told[kind]:5}  lost {lost}  doubled {doubled}")
        bad += lost + doubled
    for line in result.tally.unexpected:
        print(f"UNEXPECTED {line.strip()}")
    raise SystemExit(1 if bad or result.tally.unexpected else 0)


if __name__ == "__main__":
    main()
