"""Malformed JSON in a digest, an export or an HR import is one line naming the file and line,
exit 2, and nothing written; it used to be exit 1 (`ValueError`, `RecursionError`,
`UnicodeDecodeError`, `AttributeError`) or silently accepted (`NaN`, a key written twice)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.cli_helpers import event_count, run
from tests.e2e.rules_setup import company_store
from tests.harness.backends import BACKENDS
from tests.integration.builders import company

SAMPLES = Path(__file__).parents[2] / "samples" / "hr"
DEEP = "[" * 100_000 + "]" * 100_000


pytestmark = [
    pytest.mark.backends("sqlite"),  # refused while reading the file, before any query
    pytest.mark.company(build=company),
]


def digest_of(url: str, tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "digest.json"
    assert run(url, "audit", "digest", "--output", str(path)).exit_code == 0
    return path, path.read_text()


def line_with(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


EVENTS = '"events": '
DIGESTS: list[tuple[str, str, str]] = [
    ("a string count", '"many"', "field 'events' must be a count of events, not 'many'"),
    ("a null count", "null", "field 'events' must be a count of events, not None"),
    ("a negative count", "-3", "field 'events' must be a count of events, not -3"),
    ("a boolean count", "true", "field 'events' must be a count of events, not True"),
    ("an infinite count", "1e400", "line {line}: invalid JSON: 1e400 is not a finite number within ±1e+15"),
    ("a NaN count", "NaN", "line {line}: invalid JSON: NaN is not a number"),
    ("a 5,000-digit count", "9" * 5000, "line {line}: invalid JSON: 99999999999999999999... is too large"),
    ("deep JSON", DEEP, "line {line}: invalid JSON: nested deeper than 64 levels"),
    ("the count written twice", '1, "events": 2', "line {line}: invalid JSON: key 'events' is written twice in one object"),
]  # fmt: skip


@pytest.mark.parametrize("_name, value, message", DIGESTS, ids=[d[0] for d in DIGESTS])
def test_a_malformed_digest_is_refused_naming_the_file_and_line(
    _name: str, value: str, message: str, url: str, tmp_path: Path
) -> None:
    path, text = digest_of(url, tmp_path)
    count = json.loads(text)["events"]
    path.write_text(text.replace(f"{EVENTS}{count}", f"{EVENTS}{value}"))
    where = ":" if message.startswith("line") else ": "
    expected = f"error: {path}{where}{message.format(line=line_with(text, EVENTS))}\n"
    result = run(url, "audit", "verify", "--since-digest", str(path))
    assert (result.exit_code, result.stderr) == (2, expected)


def test_a_latin1_digest_or_a_list_or_a_text_head_is_refused(url: str, tmp_path: Path) -> None:
    path, text = digest_of(url, tmp_path)
    store_line = line_with(text, '"store"')
    path.write_bytes(text.replace('"store": "', '"store": "café ').encode("latin-1"))
    result = run(url, "audit", "verify", "--since-digest", str(path))
    assert (result.exit_code, result.stderr) == (
        2,
        f"error: {path}:line {store_line}: not UTF-8 text (byte 0xe9): save the file as UTF-8\n",
    )
    head = json.loads(text)["head"]
    path.write_text(text.replace(f'"{head}"', "5"))
    result = run(url, "audit", "verify", "--since-digest", str(path))
    assert (result.exit_code, result.stderr) == (
        2,
        f"error: {path}: field 'head' must be a hash written as text\n",
    )
    path.write_text("[1, 2]")
    result = run(url, "audit", "verify", "--since-digest", str(path))
    assert (result.exit_code, result.stderr) == (
        2,
        f"error: {path}: not a succession-flow digest (no format: succession-flow-digest)\n",
    )


EXPORT_LINES: list[tuple[str, bytes, str]] = [
    ("a list", b"[1, 2]", "expected a JSON object, one per line"),
    ("a string", b'"event"', "expected a JSON object, one per line"),
    ("deep JSON", b'{"kind": "event", "x": ' + DEEP.encode() + b"}", "invalid JSON: nested deeper than 64 levels"),
    ("NaN", b'{"kind": "event", "version": NaN}', "invalid JSON: NaN is not a number"),
    ("Latin-1", '{"kind": "event", "subject": "café"}'.encode("latin-1"), "not UTF-8 text (byte 0xe9): save the file as UTF-8"),
    ("a kind twice", b'{"kind": "event", "kind": "trailer"}', "invalid JSON: key 'kind' is written twice in one object"),
]  # fmt: skip


@pytest.mark.parametrize("_name, bad, message", EXPORT_LINES, ids=[e[0] for e in EXPORT_LINES])
def test_a_malformed_export_line_is_refused_naming_the_file_and_line(
    _name: str, bad: bytes, message: str, url: str, tmp_path: Path
) -> None:
    path = tmp_path / "record.jsonl"
    assert run(url, "audit", "export", str(path)).exit_code == 0
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(b"".join([lines[0], lines[1], bad + b"\n", *lines[2:]]))
    result = run(url, "audit", "verify", "--export", str(path))
    assert (result.exit_code, result.stderr) == (2, f"error: {path}:line 3: {message}\n")


FIELDS: list[tuple[str, dict[str, object], str]] = [
    ("a seal of numbers", {"seal": {"flag": 5, "aggregate_hash": [1], "log_hash": None}}, "field 'seal' must hold flag, aggregate_hash, log_hash as text"),
    ("a seal that is a list", {"seal": [1]}, "field 'seal' must hold flag, aggregate_hash, log_hash as text"),
    ("a version that is text", {"version": "x"}, "field 'version' is missing or not a whole number"),
    ("a version that is true", {"version": True}, "field 'version' is missing or not a whole number"),
    ("a position of 1.5", {"position": 1.5}, "field 'position' is missing or not a whole number"),
    ("no topic", {"topic": None}, "field 'topic' is missing or not text"),
    ("an id that is a number", {"originator_id": 5}, "field 'originator_id' is missing or not text"),
    ("an id that is no UUID", {"originator_id": "nope"}, "field 'originator_id' is not a UUID"),
    ("a body that is a list", {"body": [1]}, "field 'body' is missing or not text"),
]  # fmt: skip


@pytest.mark.parametrize("_name, changes, message", FIELDS, ids=[f[0] for f in FIELDS])
def test_an_export_event_with_a_field_of_the_wrong_type_is_refused_naming_it(
    _name: str, changes: dict[str, object], message: str, url: str, tmp_path: Path
) -> None:
    path = tmp_path / "record.jsonl"
    assert run(url, "audit", "export", str(path)).exit_code == 0
    lines = path.read_text().splitlines(keepends=True)
    lines[1] = json.dumps({**json.loads(lines[1]), **changes}) + "\n"
    path.write_text("".join(lines))
    result = run(url, "audit", "verify", "--export", str(path))
    assert (result.exit_code, result.stderr) == (2, f"error: {path}:line 2: {message}\n")


IMPORTS: list[tuple[str, bytes, str]] = [
    ("100,000-deep JSON", b'[{"employee_id": "E9",\n "name": ' + DEEP.encode() + b"}]", "line 2: invalid JSON: nested deeper than 64 levels"),
    ("a key written twice", b'[{"employee_id": "E9",\n "employee_id": "E8"}]', "line 2: invalid JSON: key 'employee_id' is written twice in one object"),
    ("an infinite number", b'[{"employee_id": "E9",\n "years_experience": 1e400}]', "line 2: invalid JSON: 1e400 is not a finite number within ±1e+15"),
    ("Infinity", b'[{"employee_id": "E9",\n "years_experience": -Infinity}]', "line 2: invalid JSON: -Infinity is not a number"),
    ("Latin-1", '[{"employee_id": "E9",\n "name": "José"}]'.encode("latin-1"), "line 2: not UTF-8 text (byte 0xe9): save the file as UTF-8"),
]  # fmt: skip


@pytest.mark.backends(*BACKENDS)  # the write is refused on both stores
@pytest.mark.parametrize("_name, bad, message", IMPORTS, ids=[i[0] for i in IMPORTS])
def test_a_malformed_json_import_is_refused_naming_the_line_and_nothing_is_written(
    _name: str, bad: bytes, message: str, store_url: str, tmp_path: Path
) -> None:
    company_store(store_url)
    path = tmp_path / "records.json"
    path.write_bytes(bad)
    before = event_count(store_url)
    result = run(store_url, "import", str(path))
    assert (result.exit_code, result.stderr) == (2, f"error: {path}:{message}\n")
    assert event_count(store_url) == before


@pytest.mark.backends(*BACKENDS)  # the write is refused on both stores
def test_rejects_in_a_missing_folder_is_refused_before_anything_is_imported(
    store_url: str, tmp_path: Path
) -> None:
    company_store(store_url)
    rejects = tmp_path / "no-such-folder" / "bad.csv"
    before = event_count(store_url)
    result = run(
        store_url, "import", "--skip-bad", "--rejects", str(rejects), str(SAMPLES / "employees.csv")
    )
    assert (result.exit_code, result.stderr) == (
        2,
        f"error: {rejects}: cannot write the rejected rows: no folder {rejects.parent}\n",
    )
    assert event_count(store_url) == before
    assert not rejects.parent.exists()
