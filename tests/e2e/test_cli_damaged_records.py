"""A candidate whose stored events were changed outside the application is refused by name with
exit 8 (pointing to `audit verify`); a batch skips it, names it, and completes the others."""

from __future__ import annotations

import pytest

from succession_flow.domain.keys import CandidateKey
from tests.e2e import demo_company
from tests.e2e.cli_helpers import run
from tests.integration.raw_store import RawStore

KEY = CandidateKey("E1005", "CFO")


@pytest.fixture
def nominated(store_url: str) -> str:
    demo_company.load(store_url)
    assert run(store_url, "run", "nominate").exit_code == 0
    return store_url


def edit_first_event(url: str) -> None:
    raw = RawStore(url)
    row = raw.row(KEY.uuid, 1)
    raw.set_state(KEY.uuid, 1, row.state.replace(b"{", b"{ ", 1))


@pytest.mark.parametrize("command", [("status", str(KEY)), ("explain", str(KEY))])
def test_an_edited_candidate_is_refused_by_name_with_exit_8(
    nominated: str, command: tuple[str, ...]
) -> None:
    edit_first_event(nominated)
    result = run(nominated, *command)
    assert (result.exit_code, result.stdout) == (8, "")
    assert result.stderr == (
        "error: E1005@CFO version 1: does not match its seal; run `audit verify`\n"
    )


def test_a_batch_skips_the_damaged_candidate_names_it_and_completes_the_rest(
    nominated: str,
) -> None:
    edit_first_event(nominated)
    result = run(nominated, "run", "evaluate")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "evaluate: 26 of 26 candidates (26 events)"
    assert lines[-1] == (
        "skipped: E1005@CFO: E1005@CFO version 1: does not match its seal; run `audit verify`"
    )
