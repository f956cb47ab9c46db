"""Run the CLI in-process with click's CliRunner against a given store."""

from __future__ import annotations

import json
from typing import Any

from click.testing import CliRunner, Result

from succession_flow.cli.main import cli


def run(store_url: str, *args: str, actor: str = "tester") -> Result:
    runner = CliRunner()
    return runner.invoke(
        cli, ["--store", store_url, "--actor", actor, *args], catch_exceptions=False
    )


def run_json(store_url: str, *args: str) -> Any:
    result = run(store_url, "--format", "json", *args)
    assert result.exit_code == 0, result.output + result.stderr
    return json.loads(result.stdout)


def event_count(store_url: str) -> int:
    return int(run_json(store_url, "init")["events"])
