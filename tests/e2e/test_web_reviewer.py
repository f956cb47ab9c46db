"""The reviewer's question, answered with clicks on the demo company: who was in the VP-SALES pool
on a past day, at what readiness, and why was a candidate exited. Chromium drives `serve` on the
store `succession-flow demo` builds (its year is last calendar year, each chapter on its own
date: demo/story_clock.py), signed in as a reviewer."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from playwright.sync_api import Browser, Page

from succession_flow.cli.main import cli
from tests.e2e.web_identity import add_user_with_role
from tests.e2e.web_server import (
    WIDTHS,
    Visit,
    artefacts,
    chromium,
    fits,
    follow,
    screenshot,
    serving,
)
from tests.e2e.web_server import visiting as guarded

REVIEWER = "rita-reviewer"
"""The reviewer who signs in: the role that only reads, and sees no demographics."""
YEAR = date.today().year - 1
"""The demo's story year."""
POOLED_BEFORE_SELECTION = f"{YEAR}-10-18"
"""A day when the pools stood as training left them, the day before the selection (10-19)."""
EXITED = f"{YEAR}-09-07T09:00:00+00:00"
"""When training was completed, and E1007 failed it and left the CFO pool."""


@pytest.fixture(scope="module")
def address(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('reviewer')}/demo.sqlite"
    built = CliRunner().invoke(cli, ["demo", "--store", url])
    assert built.exit_code == 0, built.output
    add_user_with_role(url, "reviewer", name=REVIEWER)
    with serving(url) as found:
        yield found


@pytest.fixture(scope="module")
def browser(address: str) -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture(params=list(WIDTHS.values()), ids=list(WIDTHS))
def visit(request: pytest.FixtureRequest, browser: Browser, address: str) -> Iterator[Visit]:
    with guarded(browser, address, int(request.param), REVIEWER) as found:
        found.page.goto(address)
        yield found


def rows(page: Page, table: str) -> list[list[str]]:
    found = page.locator(f"#{table} tr:has(td)")
    return [r.locator("td").all_inner_texts() for r in found.all()]


def test_a_reviewer_finds_who_was_in_the_pool_then_and_why_someone_was_exited(
    visit: Visit, tmp_path: Path
) -> None:
    page, kept = visit.page, artefacts(tmp_path)
    assert page.locator("#orgchart [data-position='VP-SALES']").count() == 1  # reporting lines
    assert fits(page)
    screenshot(visit, kept, "reviewer-positions")
    follow(page, page.get_by_role("link", name="VP-SALES", exact=True))
    assert rows(page, "pool") == [["ready-now", "E1002", "Bruno Costa", "no"]]  # year-end review

    page.fill("#as_of", POOLED_BEFORE_SELECTION)
    follow(page, page.get_by_role("button", name="Show"))
    assert (
        page.get_by_role("status")
        .inner_text()
        .startswith(
            f"Past view: the record as it stood at {POOLED_BEFORE_SELECTION}T23:59:59+00:00"
        )
    )
    assert rows(page, "pool") == [
        ["ready-now", "E1001", "Ana Lima", "yes"],
        ["ready-1-2-years", "E1002", "Bruno Costa", "no"],
    ]
    assert fits(page)
    screenshot(visit, kept, "reviewer-pool-then")

    follow(page, page.get_by_role("link", name="back to now"))
    follow(page, page.get_by_role("link", name="Positions"))
    follow(page, page.get_by_role("link", name="CFO", exact=True))
    exited = page.locator("#candidates tr", has_text="exited")
    assert exited.locator("td").nth(1).inner_text() == "E1007"
    follow(page, exited.get_by_role("link", name="E1007"))

    assert page.locator("h1").inner_text() == "Candidate E1007@CFO"
    decision = page.locator("#decisions .decision", has_text="Exited (exit)")
    assert decision.locator("h3").inner_text() == (f"v9 {EXITED} Exited (exit) → failed, by demo")
    said = decision.inner_text()
    assert "rules said failed: failed a required examination" in said
    assert "matched failed-examination" in said
    assert decision.locator("ul.conditions li").all_inner_texts() == ["yes courses_failed 1 >= 1"]
    assert rows(page, "timeline")[-1] == ["9", EXITED, "Exited", "demo"]
    assert fits(page)
    screenshot(visit, kept, "reviewer-why-exited")


def test_the_talent_card_shows_that_demographics_were_declared_not_what(
    visit: Visit, address: str
) -> None:
    page = visit.page
    page.goto(f"{address}/employees/E1002")
    declared = page.locator("#changes tr", has_text="DemographicsDeclared")
    assert declared.locator("td").last.inner_text() == ("sex=[withheld], race_ethnicity=[withheld]")
