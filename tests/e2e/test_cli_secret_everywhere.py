"""One Config carries the secret to every path: the demo's store and batch worker processes."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from click.testing import CliRunner

from succession_flow.cli.main import cli


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stderr


def raw_state(path: Path) -> bytes:
    with closing(sqlite3.connect(path)) as db:
        rows = db.execute("SELECT state FROM stored_events").fetchall()
    return b"".join(bytes(row[0]) for row in rows)


def test_the_demo_given_a_secret_encrypts_its_store(tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.write_text("demo secret")
    store = tmp_path / "demo.sqlite"
    code, err = invoke("--secret-file", str(secret), "demo", "--store", f"sqlite:///{store}")
    assert (code, err) == (0, "")
    state = raw_state(store)
    assert state and b"VP-SALES" not in state


def test_workers_open_the_store_with_the_secret(tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.write_text("worker secret")
    store = tmp_path / "demo.sqlite"
    url = f"sqlite:///{store}"
    assert invoke("--secret-file", str(secret), "demo", "--store", url)[0] == 0
    code, err = invoke(
        "--secret-file", str(secret), "--store", url, "run", "evaluate", "--workers", "2"
    )
    assert (code, err) == (0, "")
