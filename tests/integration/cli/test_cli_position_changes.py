"""`position update` and `select` checked by the CLI before a use case runs: options
that contradict each other, an update naming nothing, a selection both dry and nominating,
each refused as bad input (exit 2) with nothing written; then the updates that are allowed,
and the names a batch writes to --names-csv."""

from __future__ import annotations

import pytest

from tests.e2e.cli_helpers import event_count, run, run_json
from tests.integration.world import build_world

pytestmark = pytest.mark.company(build=build_world)
UPDATE = ("position", "update", "CFO", "--reason", "board decision")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (("--cert", "CPA", "--no-certs"), "--certifications: give a new list or clear it, not both"),
        (("--prior-post", "CTRL", "--no-prior-posts"), "--prior-posts: give a new list or clear it, not both"),
        (("--incumbent", "E1", "--no-incumbent"), "--no-incumbent: not with --incumbent"),
        (("--reports-to", "CTO", "--no-reports-to"), "--no-reports-to: not with --reports-to"),
        ((), "position update: name at least one attribute to change"),
    ],
)  # fmt: skip
def test_contradicting_or_missing_changes_are_refused_and_write_nothing(
    url: str, options: tuple[str, ...], message: str
) -> None:
    before = event_count(url)
    result = run(url, *UPDATE, *options)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"error: {message}\n")
    assert event_count(url) == before


def test_clearing_lists_the_incumbent_and_the_line_is_one_update(url: str) -> None:
    assert run(url, *UPDATE, "--incumbent", "E1", "--reports-to", "CTO").exit_code == 0
    cleared = run_json(url, *UPDATE, "--no-certs", "--no-prior-posts", "--no-incumbent",
                       "--no-reports-to", "--weights",
                       "core_competence=0.4,professional_quality=0.2,psychological_quality=0.2,knowledge_quality=0.2")  # fmt: skip
    assert cleared is not None
    shown = run_json(url, "position", "show", "CFO")
    assert (shown["certifications"], shown["prior_posts"]) == ([], [])
    assert (shown["incumbent"], shown["reports_to"]) == (None, None)


def test_a_selection_cannot_both_be_dry_and_nominate(url: str) -> None:
    before = event_count(url)
    result = run(url, "select", "VP-SALES", "--dry-run", "--nominate")
    assert (result.exit_code, result.stderr) == (
        2,
        "error: --nominate cannot go with --dry-run\n",
    )
    assert event_count(url) == before
