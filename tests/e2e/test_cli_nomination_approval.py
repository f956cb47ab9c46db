"""Nomination approval: under `nomination_approval: required` a nomination waits, proposed,
until an approver approves or rejects it with a reason; only approved nominees are evaluated.

Runs on SQLite and PostgreSQL through the CLI; refusals write nothing.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from succession_flow.application.batch.runner import Scope
from succession_flow.application.queries.overdue import overdue
from succession_flow.bootstrap import bootstrap, open_read_model
from succession_flow.readmodel import schema
from tests.e2e.cli_helpers import event_count, run, run_json
from tests.e2e.rules_setup import SHIPPED, approval_workflows
from tests.integration.builders import company

KEY = "E1001@VP-SALES"


pytestmark = pytest.mark.company(build=company)


@pytest.fixture
def url(url: str, tmp_path: Path) -> str:
    """The company under workflows that hold key positions' nominations for an approver."""
    folder = approval_workflows(tmp_path)
    publish = ["workflows", "publish", "--folder", str(folder), "--rules", str(SHIPPED)]
    assert run(url, *publish, "--note", "approval").exit_code == 0
    assert run(url, "rules", "publish", "--rules", str(SHIPPED), "--note", "r").exit_code == 0
    return url


def status(url: str, key: str = KEY) -> dict[str, object]:
    return dict(run_json(url, "status", key))


def test_a_nomination_under_approval_is_proposed_and_cannot_be_evaluated(url: str) -> None:
    assert run(url, "nominate", KEY, "--reason", "strong").stdout == (
        f"{KEY}: nominate -> proposed (now proposed)\n"
    )
    before = event_count(url)
    refused = run(url, "evaluate", KEY)
    assert (refused.exit_code, refused.stderr) == (
        4,
        f"error: {KEY}: cannot evaluate a candidate who is proposed\n",
    )
    assert event_count(url) == before


def test_an_approved_nominee_is_evaluated_and_explain_names_the_approver_and_reason(
    url: str,
) -> None:
    run(url, "nominate", KEY, "--reason", "strong")
    approved = run(url, "approve", KEY, "--reason", "board 2026-11", actor="dana")
    assert approved.stdout == f"{KEY}: approve -> approved (now nominated)\n"
    assert run(url, "evaluate", KEY).exit_code == 0
    entries = run_json(url, "explain", KEY)
    first = entries[0]
    assert (first["event"], first["actor"], first["reason"]) == (
        "NominationApproved",
        "dana",
        "board 2026-11",
    )
    history = run_json(url, "history", KEY)
    assert [e["event"] for e in history][:3] == [
        "Nominated",
        "ApprovalRequested",
        "NominationApproved",
    ]


def test_a_rejected_nomination_ends_the_candidacy_with_the_reason(url: str) -> None:
    run(url, "nominate", KEY, "--reason", "strong")
    assert run(url, "reject", KEY, "--reason", "too early", actor="dana").exit_code == 0
    shown = status(url)
    assert (shown["state"], shown["exited_from"], shown["exit_reason"]) == (
        "exited",
        "proposed",
        "nomination rejected: too early",
    )
    again = run(url, "nominate", KEY, "--reason", "a year on")
    assert again.stdout == f"{KEY}: nominate -> proposed (now proposed)\n"


@pytest.mark.parametrize("command", ["approve", "reject"])
def test_approving_or_rejecting_without_a_reason_exits_2_and_writes_nothing(
    url: str, command: str
) -> None:
    run(url, "nominate", KEY, "--reason", "strong")
    before = event_count(url)
    result = run(url, command, KEY, "--reason", " ")
    assert (result.exit_code, result.stderr) == (
        2,
        f"error: --reason is required to {command} a nomination\n",
    )
    assert event_count(url) == before


def test_an_operator_may_not_approve_but_an_approver_may(url: str) -> None:
    for actor, role in (("hana", "hr-owner"), ("otto", "operator"), ("dana", "approver")):
        assert run(url, "role", "grant", actor, role, actor="hana").exit_code == 0
    run(url, "nominate", KEY, "--reason", "strong", actor="otto")
    before = event_count(url)
    refused = run(url, "approve", KEY, "--reason", "mine", actor="otto")
    assert (refused.exit_code, refused.stderr) == (
        7,
        "error: actor 'otto' needs role hr-owner or approver to approve nominations "
        "(has operator)\n",
    )
    assert event_count(url) == before
    assert run(url, "approve", KEY, "--reason", "ok", actor="dana").exit_code == 0
    assert status(url)["state"] == "nominated"


def test_run_nominate_proposes_and_run_evaluate_leaves_proposals_waiting(url: str) -> None:
    nominated = run_json(url, "run", "nominate")
    assert nominated["outcomes"] == {"proposed": 3}
    evaluated = run_json(url, "run", "evaluate")
    assert evaluated["outcomes"] == {}
    assert {status(url, f"E100{n}@VP-SALES")["state"] for n in (1, 2, 3)} == {"proposed"}


@pytest.mark.parametrize(("days", "late"), [(7, []), (8, [(KEY, "proposed", 1)])])
def test_a_proposal_waiting_longer_than_the_workflow_allows_is_overdue(
    url: str, days: int, late: list[tuple[str, str, int]]
) -> None:
    run(url, "nominate", KEY, "--reason", "strong")
    moment = datetime.now(UTC) + timedelta(days=days)
    later = bootstrap(url, clock=lambda: moment)
    try:
        found = overdue(later, Scope())
        assert [(o.candidate, o.stage, o.days_overdue) for o in found] == late
    finally:
        later.close()


def test_the_read_model_after_approvals_and_rejections_equals_a_rebuild(url: str) -> None:
    services = bootstrap(url)
    model = open_read_model(services.store)
    try:
        model.catch_up()
        run(url, "nominate", KEY, "--reason", "strong")
        run(url, "nominate", "E1002@VP-SALES", "--reason", "strong")
        model.catch_up()
        run(url, "approve", KEY, "--reason", "ok", actor="dana")
        run(url, "reject", "E1002@VP-SALES", "--reason", "no", actor="dana")
        model.catch_up()
        caught_up = schema.dump(model.db)
        model.rebuild()
        assert schema.dump(model.db) == caught_up
        rows = json.dumps(caught_up["rm_candidates"], default=str)
        assert "proposed" not in rows and "exited" in rows
    finally:
        model.close()
        services.close()


@pytest.mark.parametrize("command", ["approve", "reject"])
def test_the_proposer_may_not_decide_their_own_proposal_even_as_hr_owner(
    url: str, command: str
) -> None:
    assert run(url, "role", "grant", "hana", "hr-owner", actor="hana").exit_code == 0
    run(url, "nominate", KEY, "--reason", "strong", actor="hana")
    before = event_count(url)
    refused = run(url, command, KEY, "--reason", "mine", actor="hana")
    assert (refused.exit_code, refused.stderr) == (
        4,
        f"error: {KEY}: 'hana' proposed this nomination and cannot {command} it\n",
    )
    assert event_count(url) == before
    assert status(url)["state"] == "proposed"


def test_the_nominee_may_not_approve_their_own_nomination(url: str) -> None:
    run(url, "nominate", KEY, "--reason", "strong")
    before = event_count(url)
    refused = run(url, "approve", KEY, "--reason", "me", actor="E1001")
    assert (refused.exit_code, refused.stderr) == (
        4,
        f"error: {KEY}: 'E1001' is the nominee and cannot approve it\n",
    )
    assert event_count(url) == before


PROPOSED = [f"E100{n}@VP-SALES" for n in (1, 2, 3)]


def test_run_approve_approves_every_proposal_in_scope_and_names_them(url: str) -> None:
    run_json(url, "run", "nominate")
    report = run_json(url, "run", "approve", "--reason", "board 2026-11")
    assert (report["outcomes"], report["names"], report["errors"]) == (
        {},
        {},
        [f"{key}: 'tester' proposed this nomination and cannot approve it" for key in PROPOSED],
    )
    approved = run(
        url, "run", "approve", "--position", "VP-SALES", "--reason", "board", actor="dana"
    )
    assert approved.stdout == (
        "approve: 3 of 3 candidates (3 events)\nOUTCOME   CANDIDATES\napproved  3\n"
        f"approved: {', '.join(PROPOSED)}\n"
    )
    assert {status(url, key)["state"] for key in PROPOSED} == {"nominated"}
    entry = run_json(url, "explain", PROPOSED[0])[0]
    assert (entry["event"], entry["actor"], entry["reason"]) == (
        "NominationApproved",
        "dana",
        "board",
    )
    assert run_json(url, "run", "evaluate")["applied"] == 3


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_dry_run_of_run_approve_names_whom_the_real_run_approves_and_writes_nothing(
    url: str, workers: str
) -> None:
    run_json(url, "run", "nominate")
    before = event_count(url)
    args = ["run", "approve", "--reason", "board", "--workers", workers]
    dry = json.loads(run(url, "--format", "json", *args, "--dry-run", actor="dana").stdout)
    assert event_count(url) == before
    real = json.loads(run(url, "--format", "json", *args, actor="dana").stdout)
    assert dry["names"] == real["names"] == {"approved": PROPOSED}
    assert (dry["dry_run"], dry["events"], real["events"]) == (True, 0, 3)


def test_run_approve_needs_an_approver_and_an_operator_is_refused_before_anything_is_read(
    url: str,
) -> None:
    for actor, role in (("hana", "hr-owner"), ("otto", "operator"), ("dana", "approver")):
        assert run(url, "role", "grant", actor, role, actor="hana").exit_code == 0
    run(url, "run", "nominate", actor="otto")
    before = event_count(url)
    refused = run(url, "run", "approve", "--reason", "mine", actor="otto")
    assert (refused.exit_code, refused.stderr) == (
        7,
        "error: actor 'otto' needs role hr-owner or approver to approve nominations "
        "(has operator)\n",
    )
    assert event_count(url) == before
    assert run(url, "run", "approve", "--reason", "ok", actor="dana").exit_code == 0
    refused = run(url, "run", "evaluate", actor="dana")
    assert refused.exit_code == 7


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "approve"], "--reason is required to approve a nomination"),
        (["run", "approve", "--reason", " "], "--reason is required to approve a nomination"),
        (["run", "approve", "--workers", "2"], "--reason is required to approve a nomination"),
        (["run", "evaluate", "--reason", "x"], "--reason goes with run approve, not run evaluate"),
    ],
)
def test_run_approve_without_a_reason_or_a_reason_elsewhere_exits_2_and_writes_nothing(
    url: str, args: list[str], message: str
) -> None:
    run_json(url, "run", "nominate")
    before = event_count(url)
    result = run(url, *args, actor="dana")
    assert (result.exit_code, result.stderr) == (2, f"error: {message}\n")
    assert event_count(url) == before


def test_proposals_run_approve_skips_are_csv_rows_with_why(url: str, tmp_path: Path) -> None:
    run_json(url, "run", "nominate")
    run(url, "approve", PROPOSED[0], "--reason", "board", actor="dana")
    target = tmp_path / "approved.csv"
    result = run(url, "run", "approve", "--reason", "board", "--names-csv", str(target))
    assert result.exit_code == 0, result.output
    assert target.read_text().splitlines() == [
        "candidate,outcome,detail",
        *(
            f"{key},skipped,'tester' proposed this nomination and cannot approve it"
            for key in PROPOSED[1:]
        ),
    ]
