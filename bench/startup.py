"""Start-up: the wall time of commands that do almost nothing, against Python itself.

Every command pays its start-up before any work; on a company of a few thousand people that is
most of what an operator waits for. Each command runs in a fresh interpreter, once in each of
`REPEATS` rounds, and its median counts. The rounds interleave the commands (every command, then
every command again) because the figure that matters is a ratio of two of them: on a shared
machine whose speed swings over seconds, seven runs of the baseline followed by seven of
`status` divide two different machines. The store holds a tiny company, so `list` and `status`
measure start-up and one store round, not the size of the log.
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

REPEATS = 11
CLI = str(Path(sys.executable).parent / "succession-flow")
PYTHON_ALONE = [sys.executable, "-c", "pass"]
LIBRARIES = "import eventsourcing.sqlite, click"
"""The baseline of the target on SQLite: what any CLI over this store library must import."""
LIBRARIES_PG = "import eventsourcing.postgres, click"
"""The baseline on PostgreSQL: the store library with its driver (psycopg and its pool), which
a command must load to talk to the server at all."""
COMMANDS = {"help": "--help", "list": "list", "status": "status E@P"}


def walls(commands: dict[str, list[str]]) -> dict[str, float]:
    """Median seconds of running each command to its end, the commands taking turns."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(REPEATS):
        for name, argv in commands.items():
            started = time.perf_counter()
            done = subprocess.run(argv, capture_output=True, text=True)
            times[name].append(time.perf_counter() - started)
            if done.returncode != 0:
                command = " ".join(argv)
                raise RuntimeError(f"{command}: exit {done.returncode}: {done.stderr.strip()}")
    return {name: statistics.median(seconds) for name, seconds in times.items()}


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
    return walls(
        {
            "python": PYTHON_ALONE,
            "libraries": [sys.executable, "-c", LIBRARIES],
            "libraries_pg": [sys.executable, "-c", LIBRARIES_PG],
            "help": [CLI, "--help"],
            "list": [CLI, "--store", url, "list"],
            "status": [CLI, "--store", url, "status", candidate],
        }
    )


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
