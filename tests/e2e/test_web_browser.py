"""The console in a real browser: Debian's Chromium driven by Playwright against `serve` run as
a subprocess, at a desktop and a narrow width, with every request outside the server refused;
each main page is kept as a screenshot (tests/e2e/web_server.py says where).

With CI=true a missing Chromium fails the run instead of skipping these tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.e2e.test_web_files import EXIT_AFTER_ONE_FAILURE
from tests.e2e.web_identity import add_user_with_role, user_of
from tests.e2e.web_server import (
    WIDTHS,
    Visit,
    artefacts,
    chromium,
    fits,
    follow,
    screenshot,
    serving,
    visiting,
)
from tests.e2e.web_store import RULE_DECIDED, build_web_store

READER = user_of("auditor")
"""Who visits the main pages: an auditor reads every page, the adverse-impact report and the
simulation of a rule file (whose impact ratios are that report's) among them."""


@pytest.fixture(scope="module")
def address(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`succession-flow serve` on a built store, as an operator starts it."""
    scratch = tmp_path_factory.mktemp("browser")
    url = f"sqlite:///{scratch}/web.sqlite"
    build_web_store(url, scratch)
    add_user_with_role(url, "auditor")
    add_user_with_role(url, "reviewer")
    with serving(url) as found:
        yield found


@pytest.fixture(scope="module")
def browser(address: str) -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture(params=list(WIDTHS.values()), ids=list(WIDTHS))
def visit(request: pytest.FixtureRequest, browser: Browser, address: str) -> Iterator[Visit]:
    with visiting(browser, address, int(request.param), READER) as found:
        yield found


@pytest.fixture
def reviewer(browser: Browser, address: str) -> Iterator[Visit]:
    """A reviewer reads, but sees no demographic groups."""
    with visiting(browser, address, WIDTHS["1400px"], user_of("reviewer")) as found:
        yield found


def test_positions_show_their_benches_and_open_a_position(visit: Visit) -> None:
    page = visit.page
    rows = page.locator("table tr td:first-child a")
    assert rows.all_inner_texts() == ["CFO", "CTO", "VP-SALES"]
    assert fits(page)
    follow(page, page.get_by_role("link", name="VP-SALES"))
    assert page.locator("h1").inner_text() == "Position VP-SALES"
    pool = page.locator("#pool tr td:first-child").all_inner_texts()
    assert pool == ["ready-now", "ready-1-2-years"]
    assert page.locator("#replenishment").inner_text().startswith("replenishment need: 1 ")
    assert fits(page)


def test_a_candidate_explains_the_rule_decision_condition_by_condition(
    visit: Visit, address: str
) -> None:
    page = visit.page
    page.goto(f"{address}/candidates/{RULE_DECIDED}")
    decision = page.locator("#decisions .decision").first
    assert "Evaluated (evaluate) → fail, by tester" in decision.locator("h3").inner_text()
    assert "rule set evaluation@" in decision.inner_text()
    assert "matched performance-below-standard" in decision.inner_text()
    assert decision.locator("ul.conditions li").count() == 2
    assert page.locator("#timeline tr").count() == 3  # the header, Nominated, Evaluated
    assert fits(page)


def test_changing_the_as_of_date_shows_a_past_view(visit: Visit) -> None:
    page = visit.page
    page.fill("#as_of", "2020-01-01")
    follow(page, page.get_by_role("button", name="Show"))
    assert page.url.endswith("/positions?as_of=2020-01-01")
    assert page.get_by_role("status").inner_text() == (
        "Past view: the record as it stood at 2020-01-01T23:59:59+00:00 (UTC), "
        "rebuilt from the events."
    )
    assert page.locator("table td").first.inner_text() == "(none)"


def test_running_verify_shows_that_the_record_checks_out(visit: Visit, address: str) -> None:
    page = visit.page
    follow(page, page.get_by_role("link", name="Audit"))
    follow(page, page.get_by_role("button", name="Run verify"))
    assert page.locator("#verify-result p").first.inner_text().endswith("no problems found")


MAIN_PAGES = {
    "positions": "/positions",
    "positions-management": "/positions?echelon=management",
    "position": "/positions/VP-SALES",
    "candidate": f"/candidates/{RULE_DECIDED}",
    "talent-card": "/employees/E1",
    "reports": "/reports",
    "bench": "/reports/bench",
    "pipeline": "/reports/pipeline",
    "ninebox": "/reports/ninebox?position=VP-SALES",
    "orgchart": "/reports/orgchart",
    "plan": "/reports/plan",
    "adverse-impact": "/reports/adverse-impact",
    "rules": "/rules",
    "simulate": "/rules/simulate",
    "audit": "/audit",
}
NOW_ONLY = {"simulate", "audit"}
"""Pages that work on the record as it stands now (they say so when given a date)."""


@pytest.mark.parametrize("name", list(MAIN_PAGES))
def test_each_main_page_reads_at_the_width_is_kept_and_takes_a_date_from_its_picker(
    visit: Visit, address: str, name: str, tmp_path: Path
) -> None:
    page = visit.page
    response = page.goto(address + MAIN_PAGES[name])
    assert response is not None and response.status == 200
    assert page.locator("main section").count() >= 1
    assert fits(page)
    assert screenshot(visit, artefacts(tmp_path), name).stat().st_size > 0
    if name in NOW_ONLY:
        return
    page.fill("#as_of", "2026-01-01")
    follow(page, page.get_by_role("button", name="Show"))
    assert page.url.startswith(address + MAIN_PAGES[name].split("?")[0] + "?")
    assert page.url.endswith("as_of=2026-01-01")
    assert page.locator("#as_of").input_value() == "2026-01-01"
    if page.locator("section.error").count():  # it did not exist yet: the page says so
        assert page.locator("section.error h2").inner_text() == "404 · not-found"
    else:
        assert (
            page.get_by_role("status")
            .inner_text()
            .startswith("Past view: the record as it stood at 2026-01-01T23:59:59+00:00")
        )
    assert fits(page)


def test_a_page_that_works_now_says_so_when_a_date_is_picked(visit: Visit, address: str) -> None:
    page = visit.page
    page.goto(f"{address}/audit")
    page.fill("#as_of", "2026-01-01")
    follow(page, page.get_by_role("button", name="Show"))
    assert page.get_by_role("status").inner_text().startswith("This page works on the record")


def test_a_rule_file_uploaded_in_the_browser_shows_whose_outcome_would_change(
    visit: Visit, address: str, tmp_path: Path
) -> None:
    page = visit.page
    follow(page, page.get_by_role("link", name="Rule sets"))
    follow(page, page.get_by_role("link", name="Simulate a rule-set file"))
    revised = tmp_path / "exit.yaml"
    revised.write_text(EXIT_AFTER_ONE_FAILURE)
    page.set_input_files("#file", str(revised))
    follow(page, page.get_by_role("button", name="Simulate"))
    assert page.locator("#changed").inner_text() == (
        "1 outcome(s) would change; nothing was written"
    )
    assert page.locator("#changes tr td").all_inner_texts()[:4] == [
        "E5@CFO",
        "exit",
        "stay",
        "exit",
    ]
    assert fits(page)
    screenshot(visit, artefacts(tmp_path), "simulated")


def test_the_digest_downloads_and_verify_proves_the_store_extends_it(
    visit: Visit, address: str, tmp_path: Path
) -> None:
    page = visit.page
    page.goto(f"{address}/audit")
    with page.expect_download() as download:
        page.click("#digest-download")
    kept = tmp_path / download.value.suggested_filename
    download.value.save_as(kept)
    page.set_input_files("#digest", str(kept))
    follow(page, page.get_by_role("button", name="Run verify"))
    result = page.locator("#verify-result p").first.inner_text()
    assert "extends the digest of" in result and result.endswith("no problems found")


def test_a_wrong_password_gives_the_one_message_and_no_session(
    browser: Browser, address: str
) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{address}/login")
    page.fill("#name", user_of("reviewer"))
    page.fill("#password", "not the password")
    follow(page, page.get_by_role("button", name="Sign in"))
    assert page.get_by_role("alert").inner_text().startswith("Sign-in refused:")
    page.goto(f"{address}/positions")
    assert page.url.startswith(f"{address}/login")
    context.close()


@pytest.mark.parametrize("path", ["/reports/adverse-impact", "/rules/simulate"])
def test_a_page_without_the_role_is_refused_403_and_signing_out_ends_the_session(
    reviewer: Visit, address: str, path: str
) -> None:
    page = reviewer.page
    refused = page.goto(address + path)
    assert refused is not None and refused.status == 403
    assert "needs a role that may see demographics" in page.locator("main").inner_text()
    follow(page, page.get_by_role("button", name="Sign out"))
    assert page.url == f"{address}/login"
    page.goto(f"{address}/positions")
    assert page.url == f"{address}/login?next=/positions"
