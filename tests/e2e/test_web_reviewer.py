"""The reviewer's question, answered with clicks on the demo company: who was in the VP-SALES pool
on a past day, at what readiness, and why was a candidate exited. Chromium drives `serve` on a
store built by the demo's own run (tests/e2e/dated_demo.py gives each step its day)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.e2e.dated_demo import POOLED_BEFORE_SELECTION, build_dated_demo
from tests.e2e.web_server import WIDTHS, Visit, artefacts, chromium, fits, screenshot, serving
from tests.e2e.web_server import visiting as guarded


@pytest.fixture(scope="module")
def address(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('reviewer')}/demo.sqlite"
    build_dated_demo(url)
    with serving(url) as found:
        yield found


@pytest.fixture(scope="module")
def browser(address: str) -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture(params=list(WIDTHS.values()), ids=list(WIDTHS))
def visit(request: pytest.FixtureRequest, browser: Browser, address: str) -> Iterator[Visit]:
    with guarded(browser, address, int(request.param)) as found:
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
    page.get_by_role("link", name="VP-SALES", exact=True).click()
    assert rows(page, "pool") == [["ready-1-2-years", "E1002", "Bruno Costa", "no"]]

    page.fill("#as_of", POOLED_BEFORE_SELECTION)
    page.get_by_role("button", name="Show").click()
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

    page.get_by_role("link", name="back to now").click()
    page.get_by_role("link", name="Positions").click()
    page.get_by_role("link", name="CFO", exact=True).click()
    exited = page.locator("#candidates tr", has_text="exited")
    assert exited.locator("td").nth(1).inner_text() == "E1007"
    exited.get_by_role("link", name="E1007").click()

    assert page.locator("h1").inner_text() == "Candidate E1007@CFO"
    decision = page.locator("#decisions .decision", has_text="Exited (exit)")
    assert decision.locator("h3").inner_text() == (
        "v9 2026-06-01T09:00:00+00:00 Exited (exit) → failed, by demo"
    )
    said = decision.inner_text()
    assert "rules said failed: failed a required examination" in said
    assert "matched failed-examination" in said
    assert decision.locator("ul.conditions li").all_inner_texts() == ["yes courses_failed 1 >= 1"]
    assert rows(page, "timeline")[-1] == ["9", "2026-06-01T09:00:00+00:00", "Exited", "demo"]
    assert fits(page)
    screenshot(visit, kept, "reviewer-why-exited")


def test_the_talent_card_shows_that_demographics_were_declared_not_what(
    visit: Visit, address: str
) -> None:
    page = visit.page
    page.goto(f"{address}/employees/E1002")
    declared = page.locator("#changes tr", has_text="DemographicsDeclared")
    assert declared.locator("td").last.inner_text() == ("sex=[withheld], race_ethnicity=[withheld]")
