"""Who may do what: application roles on both stores, and a read-only PostgreSQL role."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from succession_flow.bootstrap import bootstrap
from tests.e2e.cli_helpers import event_count, run, run_json
from tests.e2e.rules_setup import SHIPPED
from tests.harness.backends import read_only_url
from tests.integration.builders import company

WRITES: list[list[str]] = [
    ["nominate", "E1002@VP-SALES", "--reason", "strong"],
    ["position", "add", "CFO", "--title", "CFO", "--echelon", "key-position", "--unit", "Finance"],
    ["role", "grant", "mallory", "hr-owner"],
    ["rules", "publish", "--rules", str(SHIPPED)],
]
READS: list[list[str]] = [
    ["init"],
    ["status", "E1001@VP-SALES"],
    ["status", "E1001@VP-SALES", "--as-of", "2999-01-01"],
    ["list"],
    ["history", "E1001@VP-SALES"],
    ["history"],
    ["position", "show", "VP-SALES"],
    ["position", "pool", "VP-SALES", "--as-of", "2999-01-01"],
    ["explain", "E1001@VP-SALES"],
    ["audit", "export", "{tmp}/record.jsonl", "--redact"],
    ["employee", "show", "E1001"],
    ["role", "list"],
    ["audit", "verify"],
    ["audit", "digest"],
    ["report", "bench"],
    ["report", "pipeline"],
    ["report", "ninebox"],
    ["report", "position", "VP-SALES"],
    ["report", "bench", "--as-of", "2999-01-01"],
    ["plan", "list"],
]


def with_company(url: str) -> str:
    services = bootstrap(url)
    company(services)
    services.close()
    assert run(url, "nominate", "E1001@VP-SALES", "--reason", "first").exit_code == 0
    return url


@pytest.fixture
def company_url(store_url: str) -> str:
    return with_company(store_url)


def test_a_store_without_roles_lets_every_actor_act(company_url: str) -> None:
    assert run_json(company_url, "role", "list") == []
    result = run(company_url, "nominate", "E1002@VP-SALES", "--reason", "r", actor="anyone")
    assert result.exit_code == 0, result.output


def test_the_first_grant_must_name_an_hr_owner(company_url: str) -> None:
    before = event_count(company_url)
    result = run(company_url, "role", "grant", "bob", "operator", actor="bob")
    assert (result.exit_code, result.stderr) == (
        4,
        "error: the first role granted must be hr-owner\n",
    )
    assert event_count(company_url) == before


@pytest.mark.parametrize(
    ("actor", "args", "code", "message"),
    [
        ("bob", WRITES[1], 7, "actor 'bob' needs role hr-owner to configure (has operator)"),
        ("bob", WRITES[2], 7, "actor 'bob' needs role hr-owner to configure (has operator)"),
        ("bob", WRITES[3], 7, "actor 'bob' needs role hr-owner to configure (has operator)"),
        ("carol", WRITES[0], 7, "actor 'carol' needs role operator to operate (has reviewer)"),
        ("carol", ["run", "nominate"], 7, "actor 'carol' needs role operator to operate (has reviewer)"),
        ("carol", ["run", "evaluate"], 7, "actor 'carol' needs role operator to operate (has reviewer)"),
        ("dave", WRITES[0], 7, "actor 'dave' needs role operator to operate (has no role)"),
        ("alice", ["role", "revoke", "alice", "hr-owner"], 4,
         "actor 'alice' is the last hr-owner; grant another first"),
    ],
)  # fmt: skip
def test_once_roles_exist_each_write_needs_its_role_and_a_refusal_writes_nothing(
    company_url: str, actor: str, args: list[str], code: int, message: str
) -> None:
    for who, what in (("alice", "hr-owner"), ("bob", "operator"), ("carol", "reviewer")):
        assert run(company_url, "role", "grant", who, what, actor="alice").exit_code == 0
    before = event_count(company_url)
    result = run(company_url, *args, actor=actor)
    assert (result.exit_code, result.stderr) == (code, f"error: {message}\n")
    assert event_count(company_url) == before


def test_roles_are_cumulative_an_hr_owner_operates_and_an_operator_reads(
    company_url: str,
) -> None:
    run(company_url, "role", "grant", "alice", "hr-owner", actor="alice")
    run(company_url, "role", "grant", "bob", "operator", actor="alice")
    assert run(company_url, *WRITES[0], actor="alice").exit_code == 0
    assert run(company_url, "run", "evaluate", actor="alice").exit_code == 0
    assert run(company_url, "status", "E1001@VP-SALES", actor="bob").exit_code == 0
    refused = run(company_url, *WRITES[1], actor="bob")
    assert (refused.exit_code, refused.stderr) == (
        7,
        "error: actor 'bob' needs role hr-owner to configure (has operator)\n",
    )


@pytest.mark.parametrize("spelling", [" alice", "alice\n", "alice\u00a0", "alice "])
def test_an_actor_is_one_person_however_the_name_is_padded(company_url: str, spelling: str) -> None:
    assert run(company_url, "role", "grant", spelling, "hr-owner", actor="alice").exit_code == 0
    assert run_json(company_url, "role", "list") == [{"actor": "alice", "roles": ["hr-owner"]}]
    assert run(company_url, *WRITES[1], actor=spelling).exit_code == 0


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (" ", "an actor must be named: the name is empty"),
        ("", "an actor must be named: the name is empty"),
        ("al\u0007ice", "actor 'al\\x07ice' contains a control character"),
        ("al\nice", "actor 'al\\nice' contains a control character"),
    ],
)
def test_a_role_for_an_empty_or_garbled_name_is_refused_and_nothing_is_written(
    company_url: str, name: str, message: str
) -> None:
    before = event_count(company_url)
    result = run(company_url, "role", "grant", name, "hr-owner", actor="alice")
    assert (result.exit_code, result.stderr) == (2, f"error: {message}\n")
    assert event_count(company_url) == before


def test_each_role_does_its_own_work(company_url: str) -> None:
    run(company_url, "role", "grant", "alice", "hr-owner", actor="alice")
    run(company_url, "role", "grant", "bob", "operator", actor="alice")
    assert run(company_url, *WRITES[0], actor="bob").exit_code == 0
    assert run(company_url, *WRITES[1], actor="alice").exit_code == 0
    assert run_json(company_url, "role", "list") == [
        {"actor": "alice", "roles": ["hr-owner"]},
        {"actor": "bob", "roles": ["operator"]},
    ]


@pytest.fixture
def reviewer_url(pg_schema_url: str) -> Iterator[tuple[str, str]]:
    """The company's store, and the same store through a read-only database role."""
    company_url = with_company(pg_schema_url)
    with read_only_url(company_url) as reviewer:
        yield company_url, reviewer


@pytest.mark.postgres
@pytest.mark.parametrize("args", READS, ids=[" ".join(a) for a in READS])
def test_a_read_only_database_role_runs_every_read_command(
    reviewer_url: tuple[str, str], args: list[str], tmp_path: Path
) -> None:
    _, reviewer = reviewer_url
    result = run(reviewer, *(a.format(tmp=tmp_path) for a in args))
    assert result.exit_code == 0, result.output + result.stderr


@pytest.mark.postgres
@pytest.mark.parametrize("args", WRITES, ids=[" ".join(a[:2]) for a in WRITES])
def test_a_read_only_database_role_is_refused_every_write_in_one_line(
    reviewer_url: tuple[str, str], args: list[str]
) -> None:
    owner, reviewer = reviewer_url
    before = event_count(owner)
    result = run(reviewer, *args)
    assert result.exit_code == 7
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("error: PostgreSQL ")
    assert result.stderr.endswith(": permission denied for table successionflow_events\n")
    assert event_count(owner) == before
