"""A read command on a missing SQLite file exits 3 naming the path, and writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from succession_flow.cli.main import cli


@pytest.mark.parametrize(
    "command",
    [
        ["list"],
        ["history", "E-1"],
        ["report", "bench"],
        ["report", "pipeline"],
        ["audit", "verify"],
    ],
)
def test_a_read_command_on_a_missing_store_exits_3_and_creates_nothing(
    tmp_path: Path, command: list[str]
) -> None:
    path = tmp_path / "nope.sqlite"
    result = CliRunner().invoke(cli, ["--store", f"sqlite:///{path}", *command])
    assert (result.exit_code, result.stdout, result.stderr) == (
        3,
        "",
        f"error: no store at {path}: run a writing command or `init` first\n",
    )
    assert not path.exists()
