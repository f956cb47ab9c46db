"""Every command that only reads refuses a missing store (exit 3, one line) and creates nothing.

The command tree is walked, so a new command is covered the day it is added: unless it is
declared `@writes_store`, it must refuse a store that is not there.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import click
import psycopg
import pytest
from click.testing import CliRunner

from succession_flow.cli.context import declared_writing
from succession_flow.cli.main import cli
from succession_flow.cli.options import CandidateKeyType
from succession_flow.data import SHIPPED_PLAN

NEEDS_NO_STORE = {"rules check", "rules test", "workflows check", "plan check"}
"""Commands that read only files: they answer without a store and must not create one."""

DRY_RUNS = [
    ["run", "evaluate", "--dry-run"],
    ["run", "pool", "--dry-run", "--workers", "2"],
    ["select", "VP-SALES", "--dry-run"],
]


def leaves(group: click.Group, path: tuple[str, ...] = ()) -> Iterator[tuple[str, click.Command]]:
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from leaves(command, (*path, name))
        else:
            yield " ".join((*path, name)), command


def required_values(command: click.Command, given: Path) -> list[str]:
    """A plausible value for each required argument and option: enough to reach the store."""
    values: list[str] = []
    for param in command.params:
        if not param.required:
            continue
        if isinstance(param.type, CandidateKeyType):
            value = "E-1@VP-SALES"
        elif isinstance(param.type, click.Choice):
            value = str(param.type.choices[0])
        elif isinstance(param.type, click.Path):
            value = str(given)
        elif isinstance(param.type, (click.IntRange, click.FloatRange)):
            value = "1"
        else:
            value = "X"
        values += [value] if isinstance(param, click.Argument) else [param.opts[0], value]
    return values


def read_commands(given: Path) -> list[list[str]]:
    found = [
        [*name.split(), *required_values(command, given)]
        for name, command in leaves(cli)
        if not declared_writing(command) and name not in NEEDS_NO_STORE
    ]
    return found + DRY_RUNS


def test_the_walk_finds_the_read_commands_and_leaves_out_the_writing_ones() -> None:
    reading = {name for name, command in leaves(cli) if not declared_writing(command)}
    writing = {name for name, command in leaves(cli) if declared_writing(command)}
    assert {"list", "audit verify", "report bench", "rules diff", "workflows show"} <= reading
    assert {"init", "nominate", "rules publish", "import", "demo", "run"} <= writing


def test_every_read_command_on_a_missing_sqlite_file_exits_3_and_creates_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    given = tmp_path / "given.yaml"
    given.write_text("{}\n")
    path = tmp_path / "nope.sqlite"
    expected = f"error: no store at {path}: run a writing command or `init` first\n"
    outcomes = {}
    for command in read_commands(given):
        result = CliRunner().invoke(cli, ["--store", f"sqlite:///{path}", *command])
        outcomes[" ".join(command)] = (result.exit_code, result.stdout, result.stderr)
    assert outcomes == dict.fromkeys(outcomes, (3, "", expected))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["given.yaml"]


@pytest.mark.parametrize("name", sorted(NEEDS_NO_STORE))
def test_a_command_that_reads_only_files_answers_without_a_store_and_creates_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.chdir(tmp_path)
    plan = SHIPPED_PLAN
    args = [str(plan)] if name == "plan check" else []
    path = tmp_path / "nope.sqlite"
    result = CliRunner().invoke(cli, ["--store", f"sqlite:///{path}", *name.split(), *args])
    assert (result.exit_code, result.stderr) == (0, "")
    assert list(tmp_path.iterdir()) == []


def test_a_sqlite_file_without_the_event_tables_is_no_store_either(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    path.write_bytes(b"")
    result = CliRunner().invoke(cli, ["--store", f"sqlite:///{path}", "list"])
    assert (result.exit_code, result.stderr) == (
        3,
        f"error: no store at {path}: run a writing command or `init` first\n",
    )
    assert path.read_bytes() == b""


def test_init_creates_the_store_that_reads_then_find(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/new.sqlite"
    assert CliRunner().invoke(cli, ["--store", url, "init"]).exit_code == 0
    result = CliRunner().invoke(cli, ["--store", url, "list"])
    assert (result.exit_code, result.stderr) == (0, "")


def events_table(url: str) -> object:
    schema = url.split("schema=")[1]
    with psycopg.connect(url.split("?")[0]) as conn:
        row = conn.execute("SELECT to_regclass(%s)", (f"{schema}.successionflow_events",))
        return row.fetchone()[0]  # type: ignore[index]


@pytest.mark.postgres
@pytest.mark.parametrize("command", [["list"], ["audit", "verify"], ["report", "bench"]])
def test_a_read_command_on_a_postgres_schema_without_the_tables_exits_3_and_creates_nothing(
    pg_schema_url: str, command: list[str]
) -> None:
    schema = pg_schema_url.split("schema=")[1]
    result = CliRunner().invoke(cli, ["--store", pg_schema_url, *command])
    assert result.exit_code == 3
    assert result.stderr.startswith("error: no store at PostgreSQL ")
    assert result.stderr.endswith(f" (schema {schema}): run a writing command or `init` first\n")
    assert events_table(pg_schema_url) is None


@pytest.mark.postgres
def test_a_read_command_on_a_postgres_database_that_does_not_exist_exits_3_without_password(
    postgres_server: str,
) -> None:
    host = postgres_server.split("@")[1].split("/")[0]
    url = f"postgresql://postgres:s3cret-pw@{host}/sf_no_such_database"
    result = CliRunner().invoke(cli, ["--store", url, "list"])
    assert (result.exit_code, result.stderr) == (
        3,
        f"error: no store at PostgreSQL postgres@{host}/sf_no_such_database (schema public): "
        "run a writing command or `init` first\n",
    )
    assert "s3cret-pw" not in result.output
