"""A talent review session through the CLI on each backend: opened on a position, a readiness
move and a nine-box move proposed, a proposal naming neither refused (exit 2, nothing
written), and every move applied at close."""

from __future__ import annotations

import pytest

from tests.e2e.cli_helpers import event_count, run, run_json
from tests.integration.world import build_world

pytestmark = pytest.mark.company(build=build_world)
SESSION = "sales-q4"


def test_a_session_is_opened_proposed_to_and_closed_with_its_moves_applied(url: str) -> None:
    opened = run(
        url, "review", "open", SESSION, "--position", "VP-SALES", "--reason", "calibration"
    )
    assert (opened.exit_code, opened.stdout) == (0, f"review {SESSION} opened\n")
    moved = run(url, "review", "propose", SESSION, "E2@VP-SALES", "--readiness", "ready-now",
                "--reason", "new scope")  # fmt: skip
    assert moved.stdout == f"review {SESSION}: E2@VP-SALES -> ready-now proposed\n"
    rated = run_json(url, "review", "propose", SESSION, "--employee", "E1", "--potential",
                     "moderate", "--reason", "calibrated")  # fmt: skip
    assert rated == {"review": SESSION, "subject": "E1", "value": "moderate"}
    before = event_count(url)
    for wrong in (("E2@VP-SALES",), ("E2@VP-SALES", "--potential", "high"), ()):
        refused = run(url, "review", "propose", SESSION, *wrong, "--reason", "r")
        assert (refused.exit_code, refused.stderr) == (
            2,
            "error: give CANDIDATE --readiness R, or --employee E --potential P\n",
        )
    assert event_count(url) == before
    closed = run(url, "review", "close", SESSION)
    assert (closed.exit_code, closed.stdout) == (0, f"review {SESSION} closed: 2 moves applied\n")
    assert run_json(url, "status", "E2@VP-SALES")["readiness"] == "ready-now"
