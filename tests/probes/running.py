"""Run a case and classify its outcome the way issue 15 counted them.

In-process through click's CliRunner (milliseconds a case), bounded by a timer that raises
past HANG_BOUND; the cases marked `subprocess` run again as a real `succession-flow` process,
killed past the bound. The store is unchanged when its newest event is (read at the writable
store, with its own secret, by one connection kept open for the run).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from click.testing import CliRunner

from succession_flow.application.services import Services
from succession_flow.bootstrap import bootstrap
from succession_flow.cli.main import cli
from succession_flow.domain.values import unsafe_character
from tests.probes.cases import Case
from tests.probes.states import State

HANG_BOUND = 30.0
"""Seconds before a case counts as hung; the slowest honest refusal takes a few."""
CLI = str(Path(sys.executable).parent / "succession-flow")
CLEAN_ENV = {"SUCCESSION_FLOW_SECRET": None, "SUCCESSION_FLOW_STORE": None}
SEVERAL_LINES = frozenset({"YAML file", "HR import"})
"""Refusals that list every problem found at once, one line each (docs/operators.md)."""

ERROR_LINE = re.compile(r"error: |/\S*: ")
"""`error: ...`, or `FILE:LINE: ...` for the problems of an HR file (docs/hr-rules.md)."""

REFUSED = "refused cleanly"
WRONG = "wrong message or code"
CRASH = "exit-1 crash"
HANG = "hang past a bound"
ACCEPTED = "accepted bad input or changed the store"
VALID = "valid or no-op, handled right"
CLASSES = (REFUSED, WRONG, CRASH, HANG, ACCEPTED, VALID)
FAILING = frozenset({WRONG, CRASH, HANG, ACCEPTED})


@dataclass(frozen=True)
class Outcome:
    case: Case
    how: str
    """"in-process" or "process"."""
    code: int | None
    """None: it did not end within HANG_BOUND."""
    written: int
    stderr: str

    @property
    def verdict(self) -> tuple[str, str]:
        """(the class, why) for this outcome."""
        case, code = self.case, self.code
        if code is None:
            return HANG, f"still running after {HANG_BOUND:.0f} s"
        if code == 1:
            return CRASH, self.stderr.strip()[-300:]
        if self.written and (case.bad or code != 0):
            return ACCEPTED, f"exit {code}, wrote {self.written} event(s)"
        if case.bad and code == 0 and 0 not in case.expect:
            return ACCEPTED, "exit 0"
        if code not in case.expect:
            return WRONG, f"exit {code}, expected {sorted(case.expect)}: {self.stderr[:300]!r}"
        if code != 0:
            problem = self.message_problem()
            if problem:
                return WRONG, problem
            return REFUSED, ""
        return VALID, ""

    def message_problem(self) -> str:
        lines = self.stderr.splitlines()
        if not lines or any(not ERROR_LINE.match(line) for line in lines):
            return f"not `error: ` lines: {self.stderr[:300]!r}"
        if len(lines) > 1 and self.case.category not in SEVERAL_LINES:
            return f"{len(lines)} lines, not one: {self.stderr[:300]!r}"
        if unsafe_character(self.stderr.replace("\n", "")) is not None:
            return f"a raw control character on stderr: {self.stderr[:300]!r}"
        if self.case.names and self.case.names not in self.stderr:
            return f"does not name {self.case.names!r}: {self.stderr[:300]!r}"
        return ""


class Hung(BaseException):
    """Raised by the timer in the command's frame; a BaseException, so no handler takes it."""


@contextmanager
def bounded(seconds: float) -> Iterator[None]:
    def alarm(signum: int, frame: FrameType | None) -> None:
        raise Hung

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class Runner:
    """Runs cases against the states of one backend, counting events at each store."""

    def __init__(self, states: dict[str, State], server: str = "") -> None:
        self.states = states
        self.server = server
        self._counters: dict[str, Services] = {}

    def close(self) -> None:
        for services in self._counters.values():
            services.close()

    def events(self, state: State) -> int:
        """The id of the store's newest event: the log only grows, so an unchanged id means
        nothing was appended (counting every event twice a case would grow with the store)."""
        if state.counted not in self._counters:
            self._counters[state.counted] = bootstrap(state.counted, secret=state.secret)
        store = self._counters[state.counted].store
        with store.translated():
            return int(store.app.recorder.max_notification_id() or 0)

    def command(self, case: Case, state: State, folder: Path) -> list[str]:
        args = [
            a.replace("{dir}", str(folder))
            .replace("{store}", state.store)
            .replace("{server}", self.server)
            for a in case.args
        ]
        options = state.options()
        if args[0] == "--store":
            options = options[2:]
        return [*options, *args]

    def run(self, case: Case, folder: Path) -> Iterator[Outcome]:
        for name, content in case.files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(content)
        state = self.states[case.state]
        args = self.command(case, state, folder)
        yield self._in_process(case, state, args, folder)
        if case.subprocess:
            yield self._in_a_process(case, state, args, folder)

    def _in_process(self, case: Case, state: State, args: list[str], folder: Path) -> Outcome:
        before = self.events(state)
        here = os.getcwd()
        os.chdir(folder)
        try:
            with bounded(HANG_BOUND):
                result = CliRunner().invoke(cli, args, env=CLEAN_ENV, catch_exceptions=True)
            code: int | None = result.exit_code
            stderr = result.stderr
        except Hung:
            code, stderr = None, ""
        finally:
            os.chdir(here)
        return Outcome(case, "in-process", code, self.events(state) - before, stderr)

    def _in_a_process(self, case: Case, state: State, args: list[str], folder: Path) -> Outcome:
        before = self.events(state)
        env = {k: v for k, v in os.environ.items() if k not in CLEAN_ENV}
        try:
            done = subprocess.run(
                [CLI, *args],
                capture_output=True,
                text=True,
                timeout=HANG_BOUND,
                cwd=folder,
                env=env,
            )
        except subprocess.TimeoutExpired:
            return Outcome(case, "process", None, self.events(state) - before, "")
        return Outcome(case, "process", done.returncode, self.events(state) - before, done.stderr)
