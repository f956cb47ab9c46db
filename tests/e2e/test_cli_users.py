"""`user` and `token` through the CLI on SQLite and PostgreSQL: passwords from a file or stdin
kept only as hashes, tokens shown once, a token's role capped by its user's grants, every
refusal writing nothing; and an `--actor` other than the OS user recorded beside it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from succession_flow.cli.main import cli
from tests.e2e.cli_helpers import event_count, run, run_json
from tests.e2e.web_store import build_web_store

PASSWORD = "a long enough password"


def cli_as(
    url: str, actor: str, *args: str, given: str | None = None, os_user: str = "ops"
) -> Result:
    """The CLI run by OS user `os_user` (getpass reads LOGNAME first), naming `actor`."""
    return CliRunner(env={"LOGNAME": os_user}).invoke(
        cli, ["--store", url, "--actor", actor, *args], input=given, catch_exceptions=False
    )


@pytest.fixture
def users_store(store_url: str, tmp_path: Path) -> str:
    """An hr-owner `alice`, and `bob` holding operator with a password."""
    assert run(store_url, "role", "grant", "alice", "hr-owner", actor="alice").exit_code == 0
    assert run(store_url, "role", "grant", "bob", "operator", actor="alice").exit_code == 0
    (tmp_path / "bob.pw").write_text(PASSWORD + "\n", encoding="utf-8")
    added = run(store_url, "user", "add", "bob", "--password-file", str(tmp_path / "bob.pw"),
                actor="alice")  # fmt: skip
    assert (added.exit_code, added.stdout) == (0, "user bob added\n"), added.output
    return store_url


def test_a_user_added_from_stdin_is_listed_with_their_roles_and_no_hash(users_store: str) -> None:
    added = cli_as(users_store, "alice", "user", "add", " carol ", given=PASSWORD + "\n")
    assert (added.exit_code, added.stdout) == (0, "user carol added\n")
    assert run_json(users_store, "user", "list") == [
        {"user": "bob", "disabled": False, "roles": ["operator"]},
        {"user": "carol", "disabled": False, "roles": []},
    ]
    shown = run(users_store, "--format", "json", "history", "users").stdout
    assert "argon2" not in shown and "password_hash" not in shown
    assert [e["event"] for e in json.loads(shown)] == ["Started", "UserAdded", "UserAdded"]


def test_a_token_is_printed_once_and_only_listed_by_id_afterwards(users_store: str) -> None:
    created = cli_as(users_store, "alice", "--format", "json", "token", "create", "--user", "bob",
                     "--role", "reviewer", "--name", "nightly")  # fmt: skip
    made = json.loads(created.stdout)
    assert (made["user"], made["role"], made["name"]) == ("bob", "reviewer", "nightly")
    assert made["token"].startswith(made["id"] + ".") and len(made["token"]) > 50
    listed = run(users_store, "--format", "json", "token", "list").stdout
    assert made["token"].split(".", 1)[1] not in listed
    assert made["token"].split(".", 1)[1] not in run(users_store, "history", "users").stdout
    assert json.loads(listed) == [{"token": made["id"], "user": "bob", "role": "reviewer",
                                   "label": "nightly", "revoked": False}]  # fmt: skip
    revoked = run(users_store, "token", "revoke", made["id"], actor="alice")
    assert (revoked.exit_code, revoked.stdout) == (0, f"token {made['id']} revoked\n")
    assert run_json(users_store, "token", "list")[0]["revoked"] is True


@pytest.mark.parametrize(
    "args, actor, code, message",
    [
        (["token", "create", "--user", "bob", "--role", "hr-owner"], "alice", 4,
         "user 'bob' has operator: a token cannot have role hr-owner"),
        (["token", "create", "--user", "bob", "--role", "auditor"], "alice", 4,
         "user 'bob' has operator: a token cannot have role auditor"),
        (["token", "create", "--user", "nobody", "--role", "reviewer"], "alice", 4,
         "user 'nobody' has no role: a token cannot have role reviewer"),
        (["token", "create", "--user", "bob", "--role", "reviewer"], "bob", 7,
         "actor 'bob' needs role hr-owner to configure (has operator)"),
        (["user", "add", "bob", "--password-file", "/nonexistent/pw"], "alice", 2,
         "--password-file /nonexistent/pw: cannot read it"),
        (["user", "disable", "nobody"], "alice", 3, "user 'nobody' not found"),
        (["token", "revoke", "t-000000000000"], "alice", 3, "token 't-000000000000' not found"),
        (["user", "disable", "bob"], "bob", 7, "actor 'bob' needs role hr-owner"),
    ],
)  # fmt: skip
def test_refused_user_and_token_commands_say_why_in_one_line_and_write_nothing(
    users_store: str, args: list[str], actor: str, code: int, message: str
) -> None:
    before = event_count(users_store)
    refused = run(users_store, *args, actor=actor)
    assert refused.exit_code == code, refused.output
    assert refused.stderr.startswith(f"error: {message}") and refused.stderr.count("\n") == 1
    assert event_count(users_store) == before


def test_a_short_password_or_an_existing_user_is_refused(users_store: str) -> None:
    short = cli_as(users_store, "alice", "user", "add", "dave", given="short\n")
    again = cli_as(users_store, "alice", "user", "add", "bob", given=PASSWORD + "\n")
    assert (short.exit_code, short.stderr) == (2, "error: password: at least 10 characters\n")
    assert (again.exit_code, again.stderr) == (4, "error: user 'bob' already exists\n")


def test_a_disabled_user_stays_listed_as_disabled(users_store: str) -> None:
    assert run(users_store, "user", "disable", "bob", actor="alice").exit_code == 0
    assert run_json(users_store, "user", "list")[0] == {
        "user": "bob", "disabled": True, "roles": ["operator"]}  # fmt: skip
    again = run(users_store, "user", "disable", "bob", actor="alice")
    assert (again.exit_code, again.stderr) == (4, "error: user 'bob' is already disabled\n")


def test_an_actor_other_than_the_os_user_is_recorded_beside_it_and_the_same_one_once(
    users_store: str,
) -> None:
    assert cli_as(users_store, "alice", "role", "grant", "erin", "reviewer",
                  os_user="root2").exit_code == 0  # fmt: skip
    assert cli_as(users_store, "alice", "role", "grant", "frank", "reviewer",
                  os_user="alice").exit_code == 0  # fmt: skip
    granted = {e["details"]["subject"]: e for e in run_json(users_store, "history", "roles")
               if e["event"] == "RoleGranted"}  # fmt: skip
    assert (granted["erin"]["actor"], granted["erin"]["details"]["os_user"]) == ("alice", "root2")
    assert granted["frank"]["actor"] == "alice" and "os_user" not in granted["frank"]["details"]
    table = run(users_store, "history", "roles").stdout
    assert "subject=erin, role=reviewer, os_user=root2" in table


def test_explain_shows_the_os_user_beside_a_typed_actor(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/web.sqlite"
    build_web_store(url, tmp_path)
    changed = cli_as(url, "alice", "readiness", "E1@VP-SALES", "ready-1-2-years", "--reason",
                     "moved abroad for a year", os_user="term")  # fmt: skip
    assert changed.exit_code == 0, changed.output
    entry = run_json(url, "explain", "E1@VP-SALES")[-1]
    assert (entry["event"], entry["actor"], entry["os_user"]) == (
        "ReadinessChanged",
        "alice",
        "term",
    )
    assert "by alice (OS user term)" in run(url, "explain", "E1@VP-SALES").stdout


def test_an_export_carries_no_password_hash_or_token_digest_and_still_verifies(
    users_store: str, tmp_path: Path
) -> None:
    assert cli_as(users_store, "alice", "token", "create", "--user", "bob", "--role",
                  "operator").exit_code == 0  # fmt: skip
    exported = tmp_path / "record.jsonl"
    assert run(users_store, "audit", "export", str(exported), actor="alice").exit_code == 0
    text = exported.read_text(encoding="utf-8")
    assert "argon2" not in text and '"digest' not in text
    assert text.count('"body_withheld": "credentials"') == 2  # UserAdded, TokenCreated
    checked = run(users_store, "audit", "verify", "--export", str(exported))
    assert checked.exit_code == 0 and "no problems found" in checked.stdout


def test_serve_notes_a_store_nobody_can_sign_into_or_that_is_open_to_all(
    store_url: str, tmp_path: Path
) -> None:
    from succession_flow.bootstrap import bootstrap
    from succession_flow.cli.commands_serve import serving_notes

    assert run(store_url, "init").exit_code == 0
    services = bootstrap(store_url)
    try:
        assert serving_notes(services) == [
            "no console users: nobody can sign in (add one with `user add`)",
            "no role granted: every signed-in user may do everything (`role grant`)",
        ]
        run(store_url, "role", "grant", "alice", "hr-owner", actor="alice")
        cli_as(store_url, "alice", "user", "add", "alice", given=PASSWORD + "\n")
        assert serving_notes(services) == []
    finally:
        services.close()
