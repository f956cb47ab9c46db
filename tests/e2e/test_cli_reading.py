"""Reading the pipeline: list filters, status, and the pool as the position shows it.

Runs on SQLite and PostgreSQL against one store holding a candidate in every lifecycle state.
"""

from __future__ import annotations

import pytest

from tests.e2e.cli_helpers import run, run_json
from tests.e2e.pipeline_store import CANDIDATE_IN, FAILED_EVALUATION, build

FIRST = [key for state, key in CANDIDATE_IN.items() if state != "proposed"]
EVERYONE = [*FIRST, FAILED_EVALUATION, CANDIDATE_IN["proposed"]]
"""In nomination order: the proposal was made last, once approval became required."""


@pytest.fixture(scope="module")
def url(module_store_url: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The module's one store per backend: every test here only reads (or is refused)."""
    build(module_store_url, tmp_path_factory.mktemp("reading"))
    return module_store_url


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ([], EVERYONE),
        (["--position", "VP-SALES"], EVERYONE),
        (["--state", "pooled"], [CANDIDATE_IN["pooled"]]),
        (["--state", "evaluated"], [CANDIDATE_IN["evaluated"], FAILED_EVALUATION]),
        (["--position", "VP-SALES", "--state", "exited"], [CANDIDATE_IN["exited"]]),
        (["--echelon", "key-position", "--state", "trained"], [CANDIDATE_IN["trained"]]),
        (["--echelon", "key-position", "--state", "promoted"], [CANDIDATE_IN["promoted"]]),
        (["--echelon", "reserve"], []),
    ],
)
def test_list_filters_by_position_state_and_echelon_in_nomination_order(
    url: str, filters: list[str], expected: list[str]
) -> None:
    assert [row["candidate"] for row in run_json(url, "list", *filters)] == expected


def test_list_prints_a_table_with_a_header_and_one_row_per_candidate(url: str) -> None:
    lines = run(url, "list", "--state", "in_training").stdout.splitlines()
    assert lines[0].split() == [
        "CANDIDATE",
        "ECHELON",
        "STATE",
        "READINESS",
        "EMERGENCY",
        "CYCLE",
        "UPDATED",
    ]
    assert lines[1].split()[:6] == [
        CANDIDATE_IN["in_training"],
        "key-position",
        "in_training",
        "ready-1-2-years",
        "no",
        "1",
    ]
    assert len(lines) == 2


def test_the_position_shows_exactly_the_pooled_training_and_trained_candidates(
    url: str,
) -> None:
    shown = run_json(url, "position", "show", "VP-SALES")
    assert shown["pool"] == {
        "E1003": "ready-1-2-years",
        "E1004": "ready-1-2-years",
        "E1005": "ready-1-2-years",
    }
    assert shown["vacancies"] == 0  # the promotion filled the one vacancy


@pytest.mark.parametrize("state", list(CANDIDATE_IN))
def test_status_shows_each_candidate_in_its_state(url: str, state: str) -> None:
    status = run_json(url, "status", CANDIDATE_IN[state])
    assert (status["state"], status["position"], status["cycle"]) == (state, "VP-SALES", 1)
