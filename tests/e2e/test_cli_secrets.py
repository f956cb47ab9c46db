"""A missing or wrong secret is refused with exit 7 and one line by every command that reads;
a store written in clear before the secret was configured reads on, batch steps included."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e import demo_company
from tests.e2e.cli_helpers import run

SECRET = b"an HR secret nobody guesses"
CANDIDATE = "E1005@CFO"
READERS = [
    ("run", "nominate"),
    ("run", "evaluate", "--dry-run"),
    ("status", CANDIDATE),
    ("explain", CANDIDATE),
    ("history", CANDIDATE),
    ("list", "--position", "CFO"),
    ("audit", "export", "record.jsonl"),
]


def secret_file(tmp_path: Path, secret: bytes, name: str = "secret") -> str:
    path = tmp_path / name
    path.write_bytes(secret + b"\n")
    return str(path)


@pytest.fixture
def encrypted(store_url: str, tmp_path: Path) -> str:
    demo_company.load(store_url, secret=SECRET)
    result = run(
        store_url, "--secret-file", secret_file(tmp_path, SECRET, "right"), "run", "nominate"
    )
    assert result.exit_code == 0, result.stderr
    return store_url


@pytest.mark.parametrize("command", READERS)
def test_without_the_secret_every_reader_exits_7_in_one_line(
    encrypted: str, command: tuple[str, ...]
) -> None:
    result = run(encrypted, *command)
    assert (result.exit_code, result.stdout) == (7, "")
    assert result.stderr in (
        "error: events are encrypted: set $SUCCESSION_FLOW_SECRET or --secret-file to read them\n",
        "error: the record is sealed with a secret: set $SUCCESSION_FLOW_SECRET or --secret-file "
        "to check or export it\n",
    )


@pytest.mark.parametrize("command", READERS)
def test_with_a_wrong_secret_every_reader_exits_7_in_one_line(
    encrypted: str, tmp_path: Path, command: tuple[str, ...]
) -> None:
    result = run(encrypted, "--secret-file", secret_file(tmp_path, b"not it"), *command)
    assert (result.exit_code, result.stdout) == (7, "")
    assert result.stderr.startswith("error: events cannot be decrypted with the configured secret")
    assert result.stderr.count("\n") == 1


def test_a_batch_step_reads_a_store_written_in_clear_before_the_secret_was_set(
    store_url: str, tmp_path: Path
) -> None:
    demo_company.load(store_url)
    assert run(store_url, "run", "nominate").exit_code == 0
    result = run(store_url, "--secret-file", secret_file(tmp_path, SECRET), "run", "evaluate")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("evaluate: 27 of 27 candidates (27 events)\n")


WRITERS = [
    ("position", "add", "COO", "--title", "COO", "--echelon", "key-position", "--unit", "Ops"),
    ("role", "grant", "mallory", "hr-owner"),
    ("import", str(Path(__file__).resolve().parents[2] / "samples" / "hr" / "employees.csv")),
    ("nominate", "E1001@CFO", "--reason", "r"),
]


@pytest.mark.parametrize("command", WRITERS, ids=lambda c: " ".join(c[:2]))
@pytest.mark.parametrize("secret", [None, b"not it"], ids=["no secret", "wrong secret"])
def test_a_write_under_a_secret_that_cannot_read_the_store_is_refused_before_any_event(
    encrypted: str, tmp_path: Path, command: tuple[str, ...], secret: bytes | None
) -> None:
    given = [] if secret is None else ["--secret-file", secret_file(tmp_path, secret)]
    right = ["--secret-file", secret_file(tmp_path, SECRET, "right")]
    before = pinned(encrypted, right)
    result = run(encrypted, *given, *command)
    assert (result.exit_code, result.stdout) == (7, "")
    assert result.stderr.count("\n") == 1
    assert pinned(encrypted, right) == before


def pinned(url: str, secret: list[str]) -> tuple[int, str]:
    """The number of events and the chain head: any appended event changes them."""
    digest = json.loads(run(url, *secret, "audit", "digest").stdout)
    return digest["events"], digest["head"]
