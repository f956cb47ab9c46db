"""Every writing command is checked against the role table in one place (cli/authorisation.py)
before it runs: a reviewer is refused every write in one line, and nothing is written."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from succession_flow.cli.authorisation import NEEDS, RUN_STEPS
from succession_flow.cli.context import declared_writing
from succession_flow.cli.main import cli
from tests.e2e.cli_helpers import event_count, run
from tests.e2e.rules_setup import SHIPPED
from tests.e2e.test_cli_access import with_company

ROOT = Path(__file__).resolve().parents[2]


def commands(group: click.Group, prefix: tuple[str, ...] = ()) -> dict[str, click.Command]:
    found: dict[str, click.Command] = {}
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None
        if isinstance(command, click.Group):
            found |= commands(command, (*prefix, name))
        else:
            found[" ".join((*prefix, name))] = command
    return found


def test_every_writing_command_has_its_capability_in_the_one_table() -> None:
    writing = {name for name, command in commands(cli).items() if declared_writing(command)}
    assert writing == set(NEEDS) - set(RUN_STEPS)
    assert RUN_STEPS == {"run approve": "approve nominations"}


REFUSED = [
    ["workflows", "publish", "--folder", str(ROOT / "workflows"), "--note", "n"],
    ["plan", "adopt", str(ROOT / "plans" / "talent-plan.yaml")],
    ["plan", "task-done", "TALENT-2027", "T1"],
    ["rules", "publish", "--rules", str(SHIPPED)],
    ["position", "update", "VP-SALES", "--min-years", "9", "--reason", "r"],
    ["run", "evaluate"],
    ["run", "evaluate", "--dry-run"],
    ["select", "VP-SALES"],
    ["import", str(ROOT / "samples" / "hr" / "employees.csv")],
    ["evaluate", "E1001@VP-SALES"],
]


@pytest.fixture
def roles_url(store_url: str) -> str:
    url = with_company(store_url)
    for who, what in (("alice", "hr-owner"), ("carol", "reviewer")):
        assert run(url, "role", "grant", who, what, actor="alice").exit_code == 0
    return url


@pytest.mark.parametrize("args", REFUSED, ids=[" ".join(a[:2]) for a in REFUSED])
def test_a_reviewer_is_refused_every_write_in_one_line_and_nothing_is_written(
    roles_url: str, args: list[str]
) -> None:
    before = event_count(roles_url)
    result = run(roles_url, *args, actor="carol")
    capability = NEEDS[" ".join(args[:2])] if " ".join(args[:2]) in NEEDS else NEEDS[args[0]]
    role = "hr-owner" if capability == "configure" else "operator"
    assert (result.exit_code, result.stderr) == (
        7,
        f"error: actor 'carol' needs role {role} to {capability} (has reviewer)\n",
    )
    assert event_count(roles_url) == before
