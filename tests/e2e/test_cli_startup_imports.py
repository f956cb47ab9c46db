"""A command imports only what it uses: `--help` no store at all, a SQLite read command no
PostgreSQL driver, no rule engine, and (where it reads no rules) no pydantic models; each of
them cost every command a tenth of a second or more at start-up."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import import_module
from pathlib import Path

import click
import pytest

from succession_flow.cli.main import COMMAND_MODULES, MODULE_OF, cli
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


@pytest.mark.parametrize(
    ("command", "unused"),
    [
        (["list"], (*POSTGRES, "durable", "pydantic")),
        (["status", "E1001@VP-SALES"], (*POSTGRES, "durable", "pydantic")),
        (["report", "bench"], (*POSTGRES, "durable", "succession_flow.formats.planbook")),
    ],
)
def test_a_sqlite_read_command_imports_no_postgresql_driver_nor_what_it_does_not_use(
    tmp_path: Path, command: list[str], unused: tuple[str, ...]
) -> None:
    url = f"sqlite:///{tmp_path}/store.sqlite"
    company_store(url, employees=1)
    assert run(url, "nominate", "E1001@VP-SALES", "--reason", "test").exit_code == 0
    modules = modules_after(tmp_path, "--store", url, *command)
    assert "eventsourcing.sqlite" in modules  # the command did open its store
    assert loaded(modules, unused) == []


def test_the_table_of_lazily_loaded_commands_names_exactly_what_each_module_registers() -> None:
    for module, names in COMMAND_MODULES.items():
        group = click.Group()
        import_module(f"succession_flow.cli.{module}").register(group)
        assert tuple(sorted(group.commands)) == names, module
    assert sorted(cli.commands) == sorted(MODULE_OF)
