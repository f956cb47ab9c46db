"""An hr-owner configures a store through the CLI on each backend: roles, console users and
API tokens, workflows, a talent plan, the read model. Each refusal is one line, its own exit
code, and writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import Result

from succession_flow.data import SHIPPED_PLAN
from tests.e2e.cli_helpers import event_count, run, run_json

OWNER = "olga"
ADOPTED_TWICE = 4


def refused(result: Result, code: int, message: str) -> None:
    """Exit `code`, nothing on stdout, and exactly one error line saying `message`."""
    assert (result.exit_code, result.stdout, result.stderr) == (code, "", f"error: {message}\n")


def granted(url: str) -> None:
    assert run(url, "role", "grant", OWNER, "hr-owner", actor=OWNER).exit_code == 0


def test_roles_are_granted_listed_and_revoked_by_an_hr_owner(store_url: str) -> None:
    assert run(store_url, "init").exit_code == 0
    assert run(store_url, "role", "list").stdout == "no roles granted: every actor may act\n"
    first = run(store_url, "role", "grant", OWNER, "hr-owner", actor=OWNER)
    assert (first.exit_code, first.stdout) == (0, f"{OWNER}: hr-owner granted\n")
    assert run(store_url, "role", "grant", "ravi", "reviewer", actor=OWNER).exit_code == 0
    assert run_json(store_url, "role", "list") == [
        {"actor": OWNER, "roles": ["hr-owner"]},
        {"actor": "ravi", "roles": ["reviewer"]},
    ]
    before = event_count(store_url)
    refused(
        run(store_url, "role", "grant", "ravi", "operator", actor="ravi"),
        7,
        "actor 'ravi' needs role hr-owner to configure (has reviewer)",
    )
    assert event_count(store_url) == before
    revoked = run(store_url, "role", "revoke", "ravi", "reviewer", actor=OWNER)
    assert (revoked.exit_code, revoked.stdout) == (0, "ravi: reviewer revoked\n")
    assert "ravi" not in run(store_url, "role", "list").stdout


def test_an_unknown_role_is_a_usage_error_naming_the_argument(store_url: str) -> None:
    result = run(store_url, "role", "grant", OWNER, "owner")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: Invalid value for 'ROLE': ")
    assert len(result.stderr.splitlines()) == 1
    assert event_count(store_url) == 0


def test_users_and_tokens_are_added_listed_revoked_and_disabled(
    store_url: str, tmp_path: Path
) -> None:
    granted(store_url)
    password = tmp_path / "password"
    password.write_text("correct horse battery staple\nignored second line\n")
    added = run(store_url, "user", "add", "alice", "--password-file", str(password), actor=OWNER)
    assert (added.exit_code, added.stdout) == (0, "user alice added\n")
    assert run(store_url, "role", "grant", "alice", "hr-owner", actor=OWNER).exit_code == 0
    made = run_json(store_url, "--actor", OWNER, "token", "create", "--user", "alice",
                    "--role", "hr-owner", "--name", "hris")  # fmt: skip
    assert (made["user"], made["role"], made["name"]) == ("alice", "hr-owner", "hris")
    assert made["token"] not in run(store_url, "token", "list").stdout  # shown once, never again
    [listed] = run_json(store_url, "token", "list")
    assert (listed["token"], listed["label"], listed["revoked"]) == (made["id"], "hris", False)
    revoked = run(store_url, "token", "revoke", made["id"], actor=OWNER)
    assert (revoked.exit_code, revoked.stdout) == (0, f"token {made['id']} revoked\n")
    assert run_json(store_url, "token", "list")[0]["revoked"] is True
    disabled = run(store_url, "user", "disable", "alice", actor=OWNER)
    assert (disabled.exit_code, disabled.stdout) == (0, "user alice disabled\n")
    [alice] = run_json(store_url, "user", "list")
    assert (alice["user"], alice["disabled"]) == ("alice", True)
    assert "alice" in run(store_url, "user", "list").stdout


def test_a_password_file_that_cannot_be_read_is_refused_before_anything_is_written(
    store_url: str, tmp_path: Path
) -> None:
    granted(store_url)
    before = event_count(store_url)
    missing = tmp_path / "nowhere"
    result = run(store_url, "user", "add", "bob", "--password-file", str(missing), actor=OWNER)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: --password-file {missing}: cannot read it (")
    assert event_count(store_url) == before


def test_a_password_read_from_stdin_signs_the_user_up(store_url: str) -> None:
    from click.testing import CliRunner

    from succession_flow.cli.main import cli

    granted(store_url)
    args = ["--store", store_url, "--actor", OWNER, "user", "add", "carol", "--password-file", "-"]
    result = CliRunner().invoke(cli, args, input="a password from stdin\n", catch_exceptions=False)
    assert (result.exit_code, result.stdout) == (0, "user carol added\n")


def test_workflows_are_checked_shown_only_once_published_and_published_once(
    store_url: str,
) -> None:
    missing = run(store_url, "workflows", "show")
    assert (missing.exit_code, missing.stdout) == (3, "")
    assert missing.stderr.startswith("error: no store at ")
    assert missing.stderr.endswith(": run a writing command or `init` first\n")
    assert run(store_url, "init").exit_code == 0
    refused(
        run(store_url, "workflows", "show"),
        3,
        "no workflow published; run `succession-flow workflows publish`",
    )
    checked = run_json(store_url, "workflows", "check")
    assert sorted(r["echelon"] for r in checked) == ["key-position", "management", "reserve"]
    first = run(store_url, "workflows", "publish", "--note", "the shipped workflows")
    assert first.exit_code == 0 and first.stdout.count(" published") == 3
    again = run_json(store_url, "workflows", "publish", "--note", "again")
    assert [r["changed"] for r in again] == [False, False, False]
    assert "key-position: key-positions (version" in run(store_url, "workflows", "show").stdout


def test_a_plan_is_checked_adopted_and_its_tasks_ticked_off(store_url: str) -> None:
    checked = run(store_url, "plan", "check", str(SHIPPED_PLAN))
    assert checked.stdout == f"{SHIPPED_PLAN}: plan talent-plan is valid\n"
    assert event_count(store_url) == 0  # a check writes nothing, not even a store
    adopted = run(store_url, "plan", "adopt", str(SHIPPED_PLAN))
    assert (adopted.exit_code, adopted.stdout) == (0, "plan talent-plan adopted (revision 1)\n")
    refused(
        run(store_url, "plan", "adopt", str(SHIPPED_PLAN)),
        ADOPTED_TWICE,
        "plan talent-plan: this version is already adopted",
    )
    task = run_json(store_url, "plan", "status")["stages"][0]["tasks"][0]["task"]
    done = run(store_url, "plan", "task-done", "talent-plan", task, "--note", "delivered")
    assert (done.exit_code, done.stdout) == (0, f"talent-plan: {task} done\n")
    before = event_count(store_url)
    refused(
        run(store_url, "plan", "task-done", "talent-plan", "no-such-task"),
        2,
        "plan talent-plan: no task 'no-such-task'",
    )
    assert event_count(store_url) == before
    assert run_json(store_url, "plan", "list")[0]["plan"] == "talent-plan"


def test_the_read_model_is_rebuilt_from_every_event(store_url: str) -> None:
    assert run(store_url, "plan", "adopt", str(SHIPPED_PLAN)).exit_code == 0
    rebuilt = run(store_url, "readmodel", "rebuild")
    events = event_count(store_url)
    assert (rebuilt.exit_code, rebuilt.stdout) == (0, f"read model rebuilt from {events} events\n")


@pytest.mark.parametrize("command", ["approve", "reject"])
def test_approving_a_nomination_nobody_proposed_is_refused_and_writes_nothing(
    store_url: str, command: str
) -> None:
    assert run(store_url, "init").exit_code == 0
    refused(
        run(store_url, command, "E1@CFO", "--reason", "why"),
        3,
        "candidate E1@CFO not found",
    )
    assert event_count(store_url) == 0
