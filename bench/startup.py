"""Start-up: the wall time of commands that do almost nothing, against Python itself.

Every command pays its start-up before any work; on a company of a few thousand people that is
most of what an operator waits for. Each command runs in a fresh interpreter, `REPEATS` times,
and the median counts (the machine is shared). The store holds a tiny company, so `list` and
`status` measure start-up and one store round, not the size of the log.
"""

from __future__ import annotations

import compileall
import statistics
import subprocess
import sys
import time
from pathlib import Path

import succession_flow
from bench.company import generate, position_ids
from succession_flow.bootstrap import bootstrap

REPEATS = 7
CLI = str(Path(sys.executable).parent / "succession-flow")
PYTHON_ALONE = [sys.executable, "-c", "pass"]
LIBRARIES = "import eventsourcing.sqlite, click"
"""The baseline of the target on SQLite: what any CLI over this store library must import."""
LIBRARIES_PG = "import eventsourcing.postgres, click"
"""The baseline on PostgreSQL: the store library with its driver (psycopg and its pool), which
a command must load to talk to the server at all."""
COMMANDS = {"help": "--help", "list": "list", "status": "status E@P"}


def wall(argv: list[str]) -> float:
    """Median seconds of running `argv` to its end."""
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        done = subprocess.run(argv, capture_output=True, text=True)
        times.append(time.perf_counter() - started)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)}: exit {done.returncode}: {done.stderr.strip()}")
    return statistics.median(times)


def compiled() -> None:
    """Byte-compile our package, so each command loads it from bytecode as it loads the libraries.

    pip byte-compiles a wheel's modules when it installs them, so an installed succession_flow
    starts from bytecode, as eventsourcing and click do in the baseline. An editable install
    has no bytecode until a run writes it, and none is ever written where the environment sets
    PYTHONDONTWRITEBYTECODE (these machines do): every command would then compile ~70 of our
    modules from source (~25 ms of `status`'s ~115 ms, measured), a cost no user of the
    installed tool pays. compileall writes the `__pycache__` folders whatever that variable
    says; git ignores them."""
    compileall.compile_dir(Path(succession_flow.__file__).parent, quiet=1)


def startup(url: str) -> dict[str, float]:
    """Seconds of each command on this (empty) store, once it holds a tiny company, our package
    loaded from bytecode as an installed one is (`compiled`)."""
    compiled()
    services = bootstrap(url)
    try:
        generate(services, 2)
    finally:
        services.close()
    candidate = f"E{0:07d}@{position_ids(2)[0]}"
    return {
        "python": wall(PYTHON_ALONE),
        "libraries": wall([sys.executable, "-c", LIBRARIES]),
        "libraries_pg": wall([sys.executable, "-c", LIBRARIES_PG]),
        "help": wall([CLI, "--help"]),
        "list": wall([CLI, "--store", url, "list"]),
        "status": wall([CLI, "--store", url, "status", candidate]),
    }


def baseline(kind: str, s: dict[str, float]) -> tuple[str, float]:
    """The fair baseline of the target for a kind of store, and its seconds."""
    if kind == "postgresql":
        return LIBRARIES_PG, s["libraries_pg"]
    return LIBRARIES, s["libraries"]


def lines(kind: str, s: dict[str, float]) -> list[str]:
    """What `python -m bench --startup-only` prints for one kind of store."""
    libraries, seconds = baseline(kind, s)
    return [
        f"start-up on {kind}: python -c pass {s['python']:.3f} s, "
        f"{LIBRARIES} {s['libraries']:.3f} s, {LIBRARIES_PG} {s['libraries_pg']:.3f} s",
        f"start-up on {kind}: --help {s['help']:.3f} s ({s['help'] / s['python']:.1f}x python), "
        f"list {s['list']:.3f} s ({s['list'] / s['python']:.1f}x python)",
        f"start-up on {kind}: status E@P {s['status']:.3f} s = "
        f"{s['status'] / seconds:.2f}x {libraries} (target <= 2.0)",
    ]
