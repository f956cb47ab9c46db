"""`demo`: a fresh store with a whole company run through the pipeline; never another store."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from succession_flow.cli.main import cli
from tests.e2e.cli_helpers import event_count, run


def demo(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["demo", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_the_demo_refuses_a_file_that_exists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "succession-flow-demo.sqlite").write_text("not mine")
    assert demo() == (
        2,
        "",
        "error: succession-flow-demo.sqlite already exists; "
        "run `succession-flow demo --replace` to start over\n",
    )
    assert (tmp_path / "succession-flow-demo.sqlite").read_text() == "not mine"


def test_replace_removes_only_a_store_the_demo_wrote(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/mine.sqlite"
    run(
        url,
        "position",
        "add",
        "VP-SALES",
        "--title",
        "VP",
        "--echelon",
        "key-position",
        "--unit",
        "Sales",
    )
    before = event_count(url)
    code, _, err = demo("--store", url, "--replace")
    assert (code, err) == (
        2,
        f"error: {tmp_path}/mine.sqlite is not a demo store; --replace removes only demo stores\n",
    )
    assert event_count(url) == before


def test_the_demo_never_writes_to_a_store_that_holds_events(pg_schema_url: str) -> None:
    run(
        pg_schema_url,
        "position",
        "add",
        "CFO",
        "--title",
        "CFO",
        "--echelon",
        "key-position",
        "--unit",
        "Finance",
    )
    before = event_count(pg_schema_url)
    code, _, err = demo("--store", pg_schema_url, "--replace")
    assert code == 2
    assert err.endswith("already holds events; the demo needs an empty store\n")
    assert event_count(pg_schema_url) == before


def test_the_demo_ignores_the_store_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """$SUCCESSION_FLOW_STORE names the operator's store; the demo keeps to its own file."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SUCCESSION_FLOW_STORE", f"sqlite:///{tmp_path}/production.sqlite")
    (tmp_path / "succession-flow-demo.sqlite").write_text("x")
    code, _, err = demo()
    assert code == 2 and "succession-flow-demo.sqlite already exists" in err
    assert not (tmp_path / "production.sqlite").exists()
