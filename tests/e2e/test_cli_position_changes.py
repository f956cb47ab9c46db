"""Positions change over time: `position update` and `position retire`, each an event with a
reason, the past still readable with `--as-of`, refusals in one line with nothing written."""

from __future__ import annotations

import time

import pytest

from tests.e2e.cli_helpers import event_count, run, run_json
from tests.integration.builders import company

pytestmark = pytest.mark.company(build=company)


def test_an_update_changes_the_requirements_with_a_reason_and_the_past_stays_readable(
    url: str,
) -> None:
    before = run_json(url, "position", "show", "VP-SALES")
    time.sleep(1.1)  # --as-of is to the second
    moment = run_json(url, "history", "position:VP-SALES")[-1]["time"]
    args = ["--min-years", "12", "--cert", "Sales Leadership", "--cert", "Key Accounts"]
    result = run_json(url, "position", "update", "VP-SALES", *args, "--reason", "board 03-01")
    assert result["changed"] == {
        "min_years": 12,
        "certifications": ["Sales Leadership", "Key Accounts"],
    }
    shown = run_json(url, "position", "show", "VP-SALES")
    assert (shown["min_years"], shown["certifications"]) == (
        12,
        ["Sales Leadership", "Key Accounts"],
    )
    then = run_json(url, "position", "show", "VP-SALES", "--as-of", moment)
    assert (then["min_years"], then["certifications"]) == (
        before["min_years"],
        before["certifications"],
    )
    revised = run_json(url, "history", "position:VP-SALES", "--type", "Revised")
    assert [(e["actor"], e["details"]["reason"]) for e in revised] == [("tester", "board 03-01")]


def test_an_update_that_changes_nothing_writes_nothing(url: str) -> None:
    before = event_count(url)
    result = run(url, "position", "update", "VP-SALES", "--min-years", "8", "--reason", "same")
    assert (result.exit_code, result.stdout) == (0, "position VP-SALES revised: nothing changed\n")
    assert event_count(url) == before


def test_new_competency_weights_and_a_cleared_certificate_list_are_kept(url: str) -> None:
    weights = "core_competence=0.5,professional_quality=0.2,psychological_quality=0.1,knowledge_quality=0.2"
    args = ["--weights", weights, "--no-certs", "--reason", "new model"]
    assert run(url, "position", "update", "VP-SALES", *args).exit_code == 0
    shown = run_json(url, "position", "show", "VP-SALES")
    assert (shown["competency_weights"]["core_competence"], shown["certifications"]) == (0.5, [])


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["VP-SALES", "--reason", "r"], 2, "position update: name at least one attribute to change"),
        (["VP-SALES", "--title", " ", "--reason", "r"], 2, "title: must not be empty"),
        (["VP-SALES", "--min-years", "9", "--reason", " "], 2, "--reason: say why the position changes"),
        (["VP-SALES", "--weights", "core_competence=1", "--reason", "r"], 2,
         "competency_weights: missing 'professional_quality'"),
        (["VP-SALES", "--cert", "X", "--no-certs", "--reason", "r"], 2,
         "--certifications: give a new list or clear it, not both"),
        (["CFO", "--min-years", "9", "--reason", "r"], 3, "position CFO not found"),
    ],
)  # fmt: skip
def test_a_refused_update_says_why_in_one_line_and_writes_nothing(
    url: str, args: list[str], code: int, message: str
) -> None:
    before = event_count(url)
    result = run(url, "position", "update", *args)
    assert (result.exit_code, result.stderr) == (code, f"error: {message}\n")
    assert event_count(url) == before


def test_a_retired_position_is_shown_retired_and_refuses_further_changes(url: str) -> None:
    assert run(url, "position", "retire", "VP-SALES", "--reason", "merged").exit_code == 0
    assert run_json(url, "position", "show", "VP-SALES")["retired"] is True
    before = event_count(url)
    for args in (
        ["update", "VP-SALES", "--min-years", "9", "--reason", "r"],
        ["retire", "VP-SALES", "--reason", "again"],
    ):
        result = run(url, "position", *args)
        assert (result.exit_code, result.stderr) == (4, "error: position VP-SALES is retired\n")
    assert event_count(url) == before


def test_a_retired_position_takes_no_new_nomination_one_or_in_a_batch(url: str) -> None:
    assert run(url, "position", "retire", "VP-SALES", "--reason", "merged").exit_code == 0
    before = event_count(url)
    single = run(url, "nominate", "E1001@VP-SALES", "--reason", "strong")
    assert (single.exit_code, single.stderr) == (4, "error: position VP-SALES is retired\n")
    batch = run_json(url, "run", "nominate")
    assert batch["applied"] == 0
    assert event_count(url) == before
