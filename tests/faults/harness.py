"""Seeds, real processes, kills and the whole-store check every fault test ends with.

The seed is printed with each trial (and carried by every failure message), so a failing trial
is re-run with `SUCCESSION_FLOW_FAULT_SEED=<seed> pytest tests/faults -k <trial>`.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from succession_flow.adapters.durable_engine import DurableRulesEngine
from succession_flow.application.audit.verification import verify
from succession_flow.application.services import Services
from succession_flow.bootstrap import bootstrap, caught_up_read_model
from succession_flow.readmodel.comparison import applied_up_to, differences

SEED = int(os.environ.get("SUCCESSION_FLOW_FAULT_SEED", "20261201"))
TRIALS = int(os.environ.get("SUCCESSION_FLOW_FAULT_TRIALS", "10"))
"""Trials per command and store, in CI too (issue 15 asks for at least ten); more with
`SUCCESSION_FLOW_FAULT_TRIALS`. The suite runs on every core (pytest-xdist), which keeps the
ten within CI's 20 minutes."""
CLI = str(Path(sys.executable).parent / "succession-flow")
"""The installed command, as an operator runs it."""
PATIENCE = 300
"""Seconds a command may take before the test calls it hung."""


def store_kind(url: str) -> str:
    return "sqlite" if url.startswith("sqlite") else "postgres"


def trial_rng(fault: str, url: str, trial: int) -> random.Random:
    """The trial's own random numbers: the same seed, fault, store kind and trial number give
    the same kill moment and data on every machine."""
    seed = f"{SEED}/{fault}/{store_kind(url)}/{trial}"
    print(f"fault trial seed: SUCCESSION_FLOW_FAULT_SEED={SEED} ({seed})")
    return random.Random(seed)


@cache
def engine() -> DurableRulesEngine:
    """One real rule engine for the test process's own checks (verify re-runs decisions)."""
    return DurableRulesEngine()


@contextmanager
def opened(url: str) -> Iterator[Services]:
    services = bootstrap(url, engine=engine())
    try:
        yield services
    finally:
        services.close()


def start(url: str, *args: str, actor: str = "operator") -> subprocess.Popen[str]:
    return subprocess.Popen(
        [CLI, "--store", url, "--actor", actor, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """The re-run: the same command to its end."""
    return subprocess.run(
        [CLI, "--store", url, "--actor", "operator", *args],
        capture_output=True,
        text=True,
        timeout=PATIENCE,
    )


@dataclass(frozen=True)
class Kill:
    landed: bool
    """True when the command was still running: the kill cut it short."""
    code: int


def kill(process: subprocess.Popen[str]) -> Kill:
    running = process.poll() is None
    if running:
        process.send_signal(signal.SIGKILL)
    process.communicate(timeout=PATIENCE)
    outcome = Kill(running and process.returncode == -signal.SIGKILL, process.returncode)
    print(f"fault trial kill: {'inside the command' if outcome.landed else 'after its end'}")
    return outcome


def cpu_seconds(pid: int) -> float:
    """The CPU time a process has used so far (user and system, from /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def kill_at_cpu(process: subprocess.Popen[str], seconds: float) -> Kill:
    """SIGKILL once the command has worked `seconds` of CPU time (start-up included), unless
    it ended before: a moment of its own work, the same on a busy machine as on an idle one."""

    def worked() -> bool:
        try:
            return cpu_seconds(process.pid) >= seconds
        except (FileNotFoundError, ProcessLookupError):
            return True

    return kill_when(process, worked)


def kill_when(process: subprocess.Popen[str], reached: Callable[[], bool]) -> Kill:
    """SIGKILL as soon as `reached()` (watched from outside, e.g. the stored event count)."""
    deadline = time.monotonic() + PATIENCE
    while process.poll() is None and not reached() and time.monotonic() < deadline:
        time.sleep(0.002)
    return kill(process)


def check_whole(url: str, where: str) -> None:
    """The store after a fault: `audit verify` (chains, replay, decisions re-run, and the read
    model as the fault left it against the events it says it applied) finds nothing; caught up,
    the read model holds every event and equals a fresh fold of them all."""
    with opened(url) as services:
        report = verify(services)
        assert [f.to_dict() for f in report.findings] == [], where
        assert report.events == services.store.event_count(), where
        model = caught_up_read_model(services.store)
        assert model is not None
        try:
            head = services.store.app.recorder.max_notification_id() or 0
            assert applied_up_to(model.db) == head, where
            assert differences(services.store, model.db) == [], where
        finally:
            model.close()
