"""`python -m bench.startup_parts`: what `status E@P` pays at start-up, part by part, in CPU.

Each part is imported in a fresh interpreter after every part before it, and only its own
import is timed (CPU time of that process, fastest of `--repeats`), so on a shared machine the
figures are each part's cost rather than the queue for the CPU. The parts are the chain that
`status` loads, in its order; the first is the target's baseline.
"""

from __future__ import annotations

import argparse
import subprocess
import sys

from bench.startup import compiled

PARTS = {
    "sqlite": [
        ("eventsourcing.sqlite, click", "the baseline: the store library and click"),
        ("succession_flow.domain.roles", "roles and actor names (every command)"),
        ("succession_flow.adapters.secrets", "hashlib, hmac: the chain key of the seals"),
        ("succession_flow.cli.main", "the command group, its context and configuration"),
        ("succession_flow.bootstrap", "the store: sealed recorder, mapper, snapshots"),
        ("succession_flow.domain.candidate", "the Candidate aggregate: 16 event classes"),
        ("succession_flow.domain.employee", "the Employee aggregate: 7 event classes"),
        ("succession_flow.cli.commands_query", "status itself: as-of, views, redaction"),
    ],
}
PARTS["postgresql"] = [
    ("eventsourcing.postgres, click", "the baseline: the store library, psycopg, click"),
    *PARTS["sqlite"][1:],
]
TIMED = (
    "import time, {before}\nt = time.process_time()\nimport {part}\nprint(time.process_time() - t)"
)


def cost(before: list[str], part: str, repeats: int) -> float:
    """CPU seconds of importing `part` once `before` is loaded, fastest of `repeats`."""
    code = TIMED.format(before=", ".join(["sys", *before]), part=part)
    runs = [
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        for _ in range(repeats)
    ]
    for run in runs:
        if run.returncode != 0:
            raise RuntimeError(run.stderr.strip())
    return min(float(run.stdout) for run in runs)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.startup_parts", description=__doc__)
    p.add_argument("--store", choices=sorted(PARTS), default="sqlite")
    p.add_argument("--repeats", type=int, default=9)
    args = p.parse_args(argv)
    compiled()  # every part from bytecode, as the installed tool loads it
    before: list[str] = []
    for part, why in PARTS[args.store]:
        print(f"{cost(before, part, args.repeats) * 1000:7.1f} ms  {part}: {why}")
        before.append(part)
    return 0


if __name__ == "__main__":
    sys.exit(main())
