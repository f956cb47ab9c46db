"""The CLI's global options: which store, who acts, JSON output, and how failures are shown."""

from __future__ import annotations

import getpass
import json
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from succession_flow.cli.main import cli
from tests.e2e.cli_helpers import event_count, run, run_json
from tests.e2e.rules_setup import SHIPPED, company_store
from tests.integration.builders import company

KEY = "E1001@VP-SALES"
CLI = "from succession_flow.cli.main import main; main()"


def succession_flow(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The real command in its own process, as an operator runs it."""
    return subprocess.run(
        [sys.executable, "-c", CLI, *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


pytestmark = pytest.mark.company(build=company)


@pytest.fixture
def url(url: str) -> str:
    """The company, with the shipped rules published through the CLI."""
    assert run(url, "rules", "publish", "--rules", str(SHIPPED)).exit_code == 0
    return url


JSON_WALK = [
    (["init"], "events"),
    (
        ["position", "add", "CFO", "--title", "CFO", "--echelon", "key-position", "--unit", "F"],
        "title",
    ),
    (["position", "list"], 1),
    (["employee", "show", "E1001"], "ratings"),
    (["position", "show", "VP-SALES"], "pool"),
    (["nominate", KEY, "--reason", "review"], "state"),
    (["evaluate", KEY, "--override", "fail", "--justification", "board minute 7"], "overridden"),
    (["evaluate", KEY], "decision"),
    (["pool", KEY], "decision"),
    (["readiness", KEY, "ready-1-2-years", "--reason", "review"], "state"),
    (["train", KEY, "--course", "C1", "--deadline", "2099-01-01"], "state"),
    (["record-course", KEY, "C1", "--score", "91"], "outcome"),
    (["complete-training", KEY], "decision"),
    (["status", KEY], "state"),
    (["list", "--position", "VP-SALES", "--state", "trained"], 0),
    (["promote", KEY, "--effective", "2027-01-01"], "decision"),
    (["nominate", "E1002@VP-SALES", "--reason", "review"], "state"),
    (["exit", "E1002@VP-SALES", "--reason", "left-company"], "decision"),
    (["list", "--echelon", "key-position"], 1),
    (["history", KEY], 0),
]


def test_every_command_prints_json_that_parses_with_format_json(url: str) -> None:
    for args, key in JSON_WALK:
        result = run(url, "--format", "json", *args)
        assert (args, result.exit_code, result.stderr) == (args, 0, "")
        value = json.loads(result.stdout)
        if isinstance(key, int):
            assert isinstance(value, list) and len(value) > key, args
        else:
            assert key in value, args
    assert run_json(url, "status", KEY)["state"] == "promoted"
    assert run_json(url, "status", "E1002@VP-SALES")["state"] == "exited"


def test_an_override_is_recorded_with_its_justification_actor_and_the_rules_decision(
    url: str,
) -> None:
    run(url, "nominate", KEY, "--reason", "review")
    shown = run_json(url, "evaluate", KEY, "--override", "fail", "--justification", "board 7")
    assert (shown["outcome"], shown["overridden"], shown["decision"]["outcome"]) == (
        "fail",
        True,
        "pass",
    )
    overridden, evaluated = run_json(url, "history", KEY)[-2:]
    assert (overridden["event"], overridden["actor"], evaluated["event"]) == (
        "DecisionOverridden",
        "tester",
        "Evaluated",
    )
    details = overridden["details"]
    assert (details["step"], details["outcome"], details["justification"]) == (
        "evaluate",
        "fail",
        "board 7",
    )
    assert (details["rule_decision"]["ruleset"], details["rule_decision"]["outcome"]) == (
        "evaluation",
        "pass",
    )


def test_history_lists_events_oldest_first_with_actor_and_time(url: str) -> None:
    run(url, "nominate", KEY, "--reason", "review", actor="hr-anna")
    run(url, "evaluate", KEY, actor="hr-ben")
    events = run_json(url, "history", KEY)
    assert [(e["version"], e["event"], e["actor"]) for e in events] == [
        (1, "Nominated", "hr-anna"),
        (2, "Evaluated", "hr-ben"),
    ]
    assert events[0]["time"] <= events[1]["time"]
    table = run(url, "history", KEY).stdout.splitlines()
    assert table[0].split() == ["SUBJECT", "VERSION", "TIME", "EVENT", "ACTOR", "DETAILS"]
    assert [line.split()[3:5] for line in table[1:]] == [
        ["Nominated", "hr-anna"],
        ["Evaluated", "hr-ben"],
    ]


def test_the_actor_defaults_to_the_os_user(url: str) -> None:
    result = CliRunner().invoke(cli, ["--store", url, "nominate", KEY, "--reason", "review"])
    assert result.exit_code == 0
    assert run_json(url, "history", KEY)[0]["actor"] == getpass.getuser()


def test_a_readiness_review_keeps_the_emergency_flag_unless_told(url: str) -> None:
    for step in (["nominate", KEY, "--reason", "r"], ["evaluate", KEY], ["pool", KEY]):
        assert run(url, *step).exit_code == 0
    assert run_json(url, "status", KEY)["emergency_successor"] is True
    run(url, "readiness", KEY, "ready-1-2-years", "--reason", "review")
    assert run_json(url, "status", KEY)["emergency_successor"] is True
    run(url, "readiness", KEY, "ready-1-2-years", "--no-emergency", "--reason", "review")
    assert run_json(url, "status", KEY)["emergency_successor"] is False
    assert run_json(url, "position", "show", "VP-SALES")["pool"] == {"E1001": "ready-1-2-years"}


def test_without_store_or_variable_the_sqlite_file_in_the_working_directory_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SUCCESSION_FLOW_STORE", raising=False)
    result = CliRunner().invoke(cli, ["init"])
    assert (result.exit_code, result.stdout) == (
        0,
        "store ready: SQLite file succession-flow.sqlite (0 events)\n",
    )
    assert (tmp_path / "succession-flow.sqlite").is_file()
    assert "./succession-flow.sqlite" in " ".join(
        CliRunner().invoke(cli, ["--help"]).output.split()
    )


def test_the_store_variable_is_used_and_the_option_beats_it(tmp_path: Path) -> None:
    env = {"SUCCESSION_FLOW_STORE": f"sqlite:///{tmp_path}/from-variable.sqlite"}
    result = CliRunner(env=env).invoke(cli, ["--format", "json", "init"])
    assert json.loads(result.stdout)["store"] == f"SQLite file {tmp_path}/from-variable.sqlite"
    option = f"sqlite:///{tmp_path}/from-option.sqlite"
    result = CliRunner(env=env).invoke(cli, ["--store", option, "--format", "json", "init"])
    assert json.loads(result.stdout)["store"] == f"SQLite file {tmp_path}/from-option.sqlite"


def test_an_error_is_one_line_and_debug_adds_the_traceback_with_the_same_exit_code(
    tmp_path: Path,
) -> None:
    store = f"sqlite:///{tmp_path}/s.sqlite"
    assert succession_flow("--store", store, "init").returncode == 0
    plain = succession_flow("--store", store, "status", KEY)
    assert (plain.returncode, plain.stdout, plain.stderr) == (
        3,
        "",
        f"error: candidate {KEY} not found\n",
    )
    debug = succession_flow("--store", store, "--debug", "status", KEY)
    assert (debug.returncode, debug.stdout) == (3, "")
    assert debug.stderr.startswith("Traceback (most recent call last):\n")
    assert debug.stderr.endswith(
        f"succession_flow.domain.errors.NotFound: candidate {KEY} not found\n"
        f"error: candidate {KEY} not found\n"
    )


def test_an_unreachable_postgresql_server_exits_6_in_one_line() -> None:
    result = run("postgresql://postgres@127.0.0.1:1/test", "list")
    assert result.exit_code == 6
    assert result.stderr.startswith("error: PostgreSQL postgres@127.0.0.1:1/test (schema public): ")
    assert result.stderr.count("\n") == 1


def test_a_read_only_sqlite_store_answers_reads_and_refuses_writes_with_exit_7(
    tmp_path: Path,
) -> None:
    writable = f"sqlite:///{tmp_path}/s.sqlite"
    company_store(writable)
    read_only = f"{writable}?mode=ro"
    before = event_count(writable)
    assert run_json(read_only, "position", "list")[0]["position"] == "VP-SALES"
    result = run(read_only, "nominate", KEY, "--reason", "review")
    assert (result.exit_code, result.stderr) == (
        7,
        f"error: SQLite file {tmp_path}/s.sqlite (read-only): "
        "attempt to write a readonly database\n",
    )
    assert event_count(writable) == before


@pytest.fixture
def reader_url(pg_schema_url: str) -> Iterator[str]:
    """The same schema through a PostgreSQL role that may only read it."""
    import psycopg

    company_store(pg_schema_url)
    server, schema = pg_schema_url.split("?schema=")
    role = f"sf_reader_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {role} LOGIN")
        conn.execute(f'GRANT USAGE ON SCHEMA "{schema}" TO {role}')
        conn.execute(f'GRANT SELECT ON ALL TABLES IN SCHEMA "{schema}" TO {role}')
    yield pg_schema_url.replace("postgresql://postgres@", f"postgresql://{role}@")
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"DROP OWNED BY {role}")
        conn.execute(f"DROP ROLE {role}")


@pytest.mark.postgres
def test_a_postgresql_role_without_write_rights_exits_7_and_writes_nothing(
    pg_schema_url: str, reader_url: str
) -> None:
    before = event_count(pg_schema_url)
    result = run(reader_url, "nominate", KEY, "--reason", "review")
    role = reader_url.split("//")[1].split("@")[0]
    server, schema = pg_schema_url.split("?schema=")
    parsed = urlsplit(server)
    where = f"{parsed.hostname}:{parsed.port or 5432}{parsed.path}"
    assert (result.exit_code, result.stderr) == (
        7,
        f"error: PostgreSQL {role}@{where} (schema {schema}): "
        "permission denied for table successionflow_events\n",
    )
    assert event_count(pg_schema_url) == before


def without_root_privilege() -> list[str]:
    """A prefix that makes the command obey file permissions, or a skip saying why it can't."""
    if os.geteuid() != 0:
        return []
    drop = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"]
    if shutil.which("setpriv") is None or subprocess.run([*drop, "true"]).returncode != 0:
        pytest.skip("running as root, which ignores file permissions, and setpriv cannot drop that")
    return drop


@pytest.mark.parametrize(
    ("read_only", "reads"),
    [(["s.sqlite"], 0), (["s.sqlite", "."], 7)],
    ids=["the file", "the file and its folder"],
)
def test_a_sqlite_store_without_write_permission_refuses_writes_with_exit_7(
    tmp_path: Path, read_only: list[str], reads: int
) -> None:
    """Where the folder is read-only too, SQLite cannot even open its shared-memory file."""
    store = f"sqlite:///{tmp_path}/s.sqlite"
    company_store(store)
    before = event_count(store)
    prefix = without_root_privilege()
    for name in read_only:
        (tmp_path / name).chmod(0o555 if name == "." else 0o444)
    try:
        read = subprocess.run(
            [*prefix, sys.executable, "-c", CLI, "--store", store, "position", "list"],
            capture_output=True,
            text=True,
        )
        write = subprocess.run(
            [
                *prefix,
                sys.executable,
                "-c",
                CLI,
                "--store",
                store,
                "nominate",
                KEY,
                "--reason",
                "r",
            ],
            capture_output=True,
            text=True,
        )
    finally:
        for name in read_only:
            (tmp_path / name).chmod(0o755 if name == "." else 0o644)
    message = f"error: SQLite file {tmp_path}/s.sqlite: attempt to write a readonly database\n"
    assert read.returncode == reads
    assert read.stderr == ("" if reads == 0 else message)
    assert (write.returncode, write.stderr) == (7, message)
    assert event_count(store) == before
