"""A command imports only what it uses: `--help` no store at all, a SQLite command no
PostgreSQL driver (they cost every command a tenth of a second or more at start-up)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.cli_helpers import run
from tests.e2e.rules_setup import company_store

POSTGRES = ("psycopg", "psycopg_pool", "eventsourcing.postgres")
STORES = (*POSTGRES, "eventsourcing.sqlite", "eventsourcing.application", "sqlite3")

MODULES_AT_EXIT = """
import atexit, json, sys
out = sys.argv.pop(1)
atexit.register(lambda: open(out, "w").write(json.dumps(sorted(sys.modules))))
from succession_flow.cli.main import main
main()
"""


def modules_after(tmp_path: Path, *args: str) -> set[str]:
    """The modules loaded by one run of the command, in a fresh interpreter."""
    out = tmp_path / "modules.json"
    done = subprocess.run(
        [sys.executable, "-c", MODULES_AT_EXIT, str(out), *args], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return set(json.loads(out.read_text()))


def loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in names))


def test_help_imports_no_store_at_all(tmp_path: Path) -> None:
    assert loaded(modules_after(tmp_path, "--help"), STORES) == []


@pytest.mark.parametrize("command", [["list"], ["report", "bench"], ["status", "E1001@VP-SALES"]])
def test_a_sqlite_command_imports_no_postgresql_driver(tmp_path: Path, command: list[str]) -> None:
    url = f"sqlite:///{tmp_path}/store.sqlite"
    company_store(url, employees=1)
    assert run(url, "nominate", "E1001@VP-SALES", "--reason", "test").exit_code == 0
    modules = modules_after(tmp_path, "--store", url, *command)
    assert "eventsourcing.sqlite" in modules  # the command did open its store
    assert loaded(modules, POSTGRES) == []
