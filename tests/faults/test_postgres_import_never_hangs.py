"""A large PostgreSQL import never hangs (issue 11): 20,000 employees with all five of their HR
files, imported ten times in a row, each into an empty store by a `succession-flow` process of
its own that the test kills when it outlives its time limit, each checked by its counts.

The hang this guards against (psycopg issue 685, its pure-Python pipeline) struck 3 imports of
6,000 employees out of 3, so ten imports of 20,000 would not all pass with it. One import takes
~16 s of CPU, and took 52-95 s of wall time on a 2-core machine at load ~10 (docs/testing.md);
the limit is well above that, and a hang never ends.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from bench.hr_exports import EVENTS_PER_EMPLOYEE, write_hr_exports

from tests.e2e.cli_helpers import event_count
from tests.harness.backends import fresh_pg_schema

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

CLI = str(Path(sys.executable).parent / "succession-flow")
EMPLOYEES = 20_000
RUNS = int(os.environ.get("SUCCESSION_FLOW_IMPORT_RUNS", "10"))
"""Imports in a row, in CI too (issue 11 asks for ten; each ~14 s on an idle machine)."""
LIMIT_S = 240
"""Per import: 2.5 times the slowest seen on a loaded 2-core machine, 15 times its CPU time."""


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    folder = tmp_path_factory.mktemp("hr-20000")
    return [str(path) for path in write_hr_exports(folder, EMPLOYEES)]


@pytest.mark.parametrize("run", range(1, RUNS + 1))
def test_an_import_of_20000_employees_with_all_their_files_finishes_under_a_time_limit(
    postgres_server: str, exports: list[str], run: int
) -> None:
    events = EMPLOYEES * EVENTS_PER_EMPLOYEE
    with fresh_pg_schema(postgres_server) as url:
        importing = subprocess.Popen(
            [CLI, "--store", url, "--format", "json", "import", *exports],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            out, err = importing.communicate(timeout=LIMIT_S)
        except subprocess.TimeoutExpired:
            importing.kill()  # a hung import holds the event log's lock: end it, then fail
            importing.communicate()
            pytest.fail(f"import {run} of {RUNS} still running after {LIMIT_S} s: killed")
        assert importing.returncode == 0, err
        assert json.loads(out) == {
            "rows": events,
            "applied": events,
            "rejected": 0,
            "events": events,
            "rejects_file": None,
        }
        assert event_count(url) == events
