"""Talent review (calibration) sessions through the CLI, on SQLite and PostgreSQL: open one on a
population, propose readiness and nine-box moves with a reason, show the grid, close it (every
move applied in one save), and each refusal in one line with nothing written."""

from __future__ import annotations

import pytest

from succession_flow.bootstrap import bootstrap, open_read_model
from succession_flow.readmodel import schema
from tests.e2e.cli_helpers import event_count, run, run_json
from tests.e2e.rules_setup import SHIPPED
from tests.integration.builders import company

POOLED = ("E1001@VP-SALES", "E1002@VP-SALES")
NOMINATED = "E1003@VP-SALES"
JUSTIFY = ("--justification", "set-up")


pytestmark = pytest.mark.company(build=company)


@pytest.fixture
def url(url: str) -> str:
    """The company with two candidates pooled and one nominated, through the CLI."""
    assert run(url, "rules", "publish", "--rules", str(SHIPPED), "--note", "r").exit_code == 0
    for key in (*POOLED, NOMINATED):
        assert run(url, "nominate", key, "--reason", "set-up").exit_code == 0
    for key in POOLED:
        assert run(url, "evaluate", key, "--override", "pass", *JUSTIFY).exit_code == 0
        assert run(url, "pool", key, "--override", "ready-1-2-years", *JUSTIFY).exit_code == 0
    return url


def opened(url: str) -> str:
    """A session on VP-SALES with a readiness move for E1001 and a potential move for E1002."""
    assert (
        run(
            url, "review", "open", "q4", "--position", "VP-SALES", "--reason", "quarterly"
        ).exit_code
        == 0
    )
    move = ["review", "propose", "q4", POOLED[0], "--readiness", "ready-now", "--reason", "merger"]
    assert run(url, *move).exit_code == 0
    nine_box = ["review", "propose", "q4", "--employee", "E1002", "--potential", "low"]
    assert run(url, *nine_box, "--reason", "new scope").exit_code == 0
    return url


def test_show_places_the_population_on_the_nine_box_and_lists_the_proposed_moves(url: str) -> None:
    shown = run_json(opened(url), "review", "show", "q4")
    assert (shown["state"], shown["population"]) == ("open", {"position": "VP-SALES"})
    star = next(b for b in shown["grid"] if b["box"] == "star")
    assert star["candidates"] == list(POOLED)
    assert [(m["subject"], m["value"], m["reason"]) for m in shown["moves"]] == [
        ("readiness:E1001@VP-SALES", "ready-now", "merger"),
        ("potential:E1002", "low", "new scope"),
    ]


def test_closing_applies_every_move_and_explain_names_the_session(url: str) -> None:
    closed = run(opened(url), "review", "close", "q4")
    assert closed.stdout == "review q4 closed: 2 moves applied\n"
    assert run_json(url, "status", POOLED[0])["readiness"] == "ready-now"
    change = run_json(url, "explain", POOLED[0])[-1]
    assert (change["event"], change["outcome"], change["reason"]) == (
        "ReadinessChanged",
        "ready-now",
        "talent review q4: merger",
    )
    shown = run_json(url, "review", "show", "q4")
    rough = next(b for b in shown["grid"] if b["box"] == "trusted professional")
    assert (shown["state"], rough["candidates"]) == ("closed", [POOLED[1]])
    assert run_json(url, "review", "list") == [
        {
            "name": "q4",
            "population": "position=VP-SALES",
            "state": "closed",
            "moves": 2,
            "opened_by": "tester",
        }
    ]


def test_a_session_whose_move_is_no_longer_possible_closes_nothing(url: str) -> None:
    opened(url)
    assert (
        run(
            url, "exit", POOLED[0], "--reason", "withdrawn", "--override", "exit", *JUSTIFY
        ).exit_code
        == 0
    )
    before = event_count(url)
    refused = run(url, "review", "close", "q4")
    assert (refused.exit_code, refused.stderr) == (
        4,
        f"error: {POOLED[0]}: cannot change-readiness a candidate who is exited\n",
    )
    assert event_count(url) == before
    assert run_json(url, "review", "show", "q4")["state"] == "open"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["open", "q4", "--position", "VP-SALES", "--reason", "again"],
            4,
            "review q4 already exists",
        ),
        (
            ["open", "q5", "--reason", "r"],
            2,
            "a review needs exactly one of --position, --echelon or --unit",
        ),
        (
            ["open", "q5", "--position", "VP-SALES", "--unit", "Sales", "--reason", "r"],
            2,
            "a review needs exactly one of --position, --echelon or --unit",
        ),
        (
            ["open", "q5", "--echelon", "board", "--reason", "r"],
            2,
            "--echelon: 'board' is not one of key-position, management, reserve",
        ),
        (
            ["open", "q 5", "--unit", "Sales", "--reason", "r"],
            2,
            "review id 'q 5' is not valid: use letters, digits, '-', '_' or '.' (max 64)",
        ),
        (
            ["open", "q5", "--unit", "Sales", "--reason", " "],
            2,
            "--reason is required to open a review",
        ),
        (
            ["propose", "nope", POOLED[0], "--readiness", "ready-now", "--reason", "r"],
            3,
            "review nope not found",
        ),
        (
            ["propose", "q4", NOMINATED, "--readiness", "ready-now", "--reason", "r"],
            4,
            f"{NOMINATED}: cannot change-readiness a candidate who is nominated",
        ),
        (
            ["propose", "q4", "--employee", "E1003", "--potential", "high", "--reason", "r"],
            4,
            "employee E1003 is not in review q4's population",
        ),
        (
            ["propose", "q4", "--employee", "E9999", "--potential", "high", "--reason", "r"],
            3,
            "employee E9999 not found",
        ),
        (
            ["propose", "q4", POOLED[0], "--readiness", "ready-now", "--reason", " "],
            2,
            "--reason is required to propose a move",
        ),
        (
            ["propose", "q4", POOLED[0], "--potential", "high", "--reason", "r"],
            2,
            "give CANDIDATE --readiness R, or --employee E --potential P",
        ),
        (["close", "nope"], 3, "review nope not found"),
    ],
)
def test_each_bad_review_command_exits_in_one_line_and_writes_nothing(
    url: str, args: list[str], code: int, message: str
) -> None:
    opened(url)
    before = event_count(url)
    result = run(url, "review", *args)
    assert (result.exit_code, result.stderr.splitlines()[-1]) == (code, f"error: {message}")
    assert event_count(url) == before


@pytest.mark.parametrize(
    "args",
    [
        ["propose", "q4", POOLED[0], "--readiness", "ready-3-5-years", "--reason", "late"],
        ["propose", "q4", "--employee", "E1001", "--potential", "low", "--reason", "late"],
        ["close", "q4"],
    ],
)
def test_a_closed_session_refuses_proposals_and_closing_again_with_exit_4(
    url: str, args: list[str]
) -> None:
    assert run(opened(url), "review", "close", "q4").exit_code == 0
    before = event_count(url)
    result = run(url, "review", *args)
    assert (result.exit_code, result.stderr) == (4, "error: review q4 is closed\n")
    assert event_count(url) == before


def test_a_reviewer_may_not_open_a_session(url: str) -> None:
    for actor, role in (("hana", "hr-owner"), ("rita", "reviewer")):
        assert run(url, "role", "grant", actor, role, actor="hana").exit_code == 0
    before = event_count(url)
    result = run(url, "review", "open", "q5", "--unit", "Sales", "--reason", "r", actor="rita")
    assert (result.exit_code, result.stderr) == (
        7,
        "error: actor 'rita' needs role operator to operate (has reviewer)\n",
    )
    assert event_count(url) == before


def test_a_session_on_an_org_unit_reviews_the_pooled_candidates_of_its_positions(url: str) -> None:
    assert run(url, "review", "open", "sales", "--unit", "Sales", "--reason", "r").exit_code == 0
    members = run_json(url, "review", "show", "sales")["members"]
    assert [m["candidate"] for m in members] == list(POOLED)


def test_the_read_model_after_a_session_closes_equals_a_rebuild(url: str) -> None:
    services = bootstrap(url)
    model = open_read_model(services.store)
    try:
        model.catch_up()
        run(opened(url), "review", "close", "q4")
        model.catch_up()
        caught_up = schema.dump(model.db)
        model.rebuild()
        assert schema.dump(model.db) == caught_up
    finally:
        model.close()
        services.close()


def test_history_of_a_session_shows_who_opened_proposed_and_closed_it(url: str) -> None:
    run(opened(url), "review", "close", "q4")
    rows = run_json(url, "history", "review:q4")
    assert [(r["subject"], r["event"]) for r in rows] == [
        ("review:q4", "Opened"),
        ("review:q4", "MoveProposed"),
        ("review:q4", "MoveProposed"),
        ("review:q4", "Closed"),
    ]
    everything = run_json(url, "history", "--type", "Closed")
    assert [r["subject"] for r in everything] == ["review:q4"]


def test_closing_saves_the_session_candidates_pools_and_employees_in_one_save(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from succession_flow.application.pipeline.review_sessions import close_review

    opened(url)
    services = bootstrap(url)
    saves: list[list[str]] = []
    real_save = services.store.save

    def counting(*aggregates: object) -> None:
        saves.append(sorted(type(a).__name__ for a in aggregates))
        real_save(*aggregates)  # type: ignore[arg-type]

    monkeypatch.setattr(services.store, "save", counting)
    try:
        assert close_review(services, "q4", "tester") == 2
    finally:
        services.close()
    assert saves == [["Candidate", "Employee", "ReviewSession", "TalentPool"]]
