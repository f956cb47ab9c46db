"""A command imports only what it uses: `--help` no store and no command's module, a read
command no rule engine, no web server and (where it reads no rules) no pydantic models, and on
SQLite no PostgreSQL driver; each of them cost every command a tenth of a second or more at
start-up. On PostgreSQL the driver is needed (it talks to the server), nothing else more."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import import_module
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from succession_flow.cli.command_table import COMMAND_MODULES, MODULE_OF, SUMMARY
from succession_flow.cli.main import cli
from tests.e2e.cli_helpers import run
from tests.e2e.rules_setup import company_store

POSTGRES = ("psycopg", "psycopg_pool", "eventsourcing.postgres")
STORES = (*POSTGRES, "eventsourcing.sqlite", "eventsourcing.application", "sqlite3")
NEVER_TO_READ = (
    "durable",
    "fastapi",
    "starlette",
    "uvicorn",
    "succession_flow.web",
)
"""No read command needs these: the rule engine, the web server."""
NOT_ON_SQLITE = (*POSTGRES, "importlib.metadata")
"""psycopg reads its own version with `importlib.metadata`; on SQLite nothing needs it."""
OTHER_AGGREGATES = tuple(
    f"succession_flow.domain.{name}"
    for name in ("event_types", "access", "position", "pool", "plan", "review", "ruleset")
)
"""`status` reads one candidate and its employee, not every kind of aggregate."""
CANDIDATE_AGGREGATES = ("succession_flow.domain.candidate", "succession_flow.domain.employee")
"""`list` reads the caught-up read model: it loads no aggregate; catching up decodes the new
events, which loads their aggregates' event classes."""

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


def test_help_imports_no_store_and_no_command_module(tmp_path: Path) -> None:
    modules = modules_after(tmp_path, "--help")
    unused = (*STORES, *NOT_ON_SQLITE, *NEVER_TO_READ, *OTHER_AGGREGATES, *CANDIDATE_AGGREGATES)
    assert loaded(modules, (*unused, "pydantic", "yaml")) == []
    assert sorted(m for m in modules if m.startswith("succession_flow.cli.commands_")) == []


def test_help_lists_every_command_as_when_every_module_is_loaded() -> None:
    code = "from succession_flow.cli.main import main; main()"
    shown = subprocess.run(
        [sys.executable, "-c", code, "--help"],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "80"},
    )
    assert shown.returncode == 0, shown.stderr
    assert sorted(cli.commands) == sorted(MODULE_OF)  # reading it loads every command's module
    everything = CliRunner().invoke(cli, ["--help"], prog_name="succession-flow", terminal_width=78)
    assert shown.stdout == everything.output


@pytest.fixture(scope="module")
def company_url(module_store_url: str) -> str:
    company_store(module_store_url, employees=1)
    assert run(module_store_url, "nominate", "E1001@VP-SALES", "--reason", "test").exit_code == 0
    assert run(module_store_url, "list").exit_code == 0  # the read model caught up, as it stays
    return module_store_url


@pytest.mark.parametrize(
    ("command", "unused"),
    [
        (["list"], ("pydantic", "yaml", *OTHER_AGGREGATES, *CANDIDATE_AGGREGATES)),
        (
            ["status", "E1001@VP-SALES"],
            ("pydantic", "yaml", "succession_flow.readmodel", *OTHER_AGGREGATES),
        ),
        (["report", "bench"], ("pydantic", "succession_flow.formats.planbook", *OTHER_AGGREGATES)),
    ],
)
def test_a_read_command_imports_its_store_and_nothing_it_does_not_use(
    tmp_path: Path, company_url: str, backend: str, command: list[str], unused: tuple[str, ...]
) -> None:
    """`report bench` reads no workflow model here: no workflow is published in this store
    (with one, its text is parsed by the pydantic model, which is then the report's work)."""
    modules = modules_after(tmp_path, "--store", company_url, *command)
    if backend == "sqlite":
        assert "eventsourcing.sqlite" in modules  # the command did open its store
        assert loaded(modules, (*NOT_ON_SQLITE, *NEVER_TO_READ, *unused)) == []
    else:
        assert {"psycopg", "eventsourcing.postgres"} <= modules
        assert loaded(modules, (*NEVER_TO_READ, *unused)) == []


def test_the_table_of_lazily_loaded_commands_names_exactly_what_each_module_registers() -> None:
    for module, names in COMMAND_MODULES.items():
        group = click.Group()
        import_module(f"succession_flow.cli.{module}").register(group)
        assert sorted(group.commands) == sorted(names), module
    assert sorted(cli.commands) == sorted(MODULE_OF)


@pytest.mark.parametrize("name", sorted(SUMMARY))
def test_each_summary_is_its_commands_first_sentence_at_every_width(name: str) -> None:
    command, stand_in = cli.commands[name], click.Command(name, help=SUMMARY[name])
    assert command.get_short_help_str(10_000) == SUMMARY[name]
    for limit in range(10, 120):
        assert stand_in.get_short_help_str(limit) == command.get_short_help_str(limit), limit
