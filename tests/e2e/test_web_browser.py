"""The console in a real browser: Debian's Chromium driven by Playwright against `serve` run as
a subprocess, at a desktop and a narrow width, with every request outside the server refused.

With CI=true a missing Chromium fails the run instead of skipping these tests.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import Browser, Page, Route, sync_playwright

from tests.e2e.chromium import chromium_path
from tests.e2e.web_identity import PASSWORD, add_user_with_role, user_of
from tests.e2e.web_store import RULE_DECIDED, build_web_store


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(address: str, server: subprocess.Popen[str]) -> None:
    """Polls until the server answers, or fails when it died: readiness, not a timing check."""
    for _ in range(600):
        if server.poll() is not None:
            pytest.fail(f"serve exited {server.returncode}: {server.communicate()[1]}")
        try:
            with urllib.request.urlopen(f"{address}/api/v1/openapi.json", timeout=2):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail("serve never answered")


@pytest.fixture(scope="module")
def address(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`succession-flow serve` on a built store, as an operator starts it."""
    scratch = tmp_path_factory.mktemp("browser")
    url = f"sqlite:///{scratch}/web.sqlite"
    build_web_store(url, scratch)
    add_user_with_role(url, "reviewer")
    port = free_port()
    command = [sys.executable, "-c", "from succession_flow.cli.main import main; main()",
               "serve", "--store", url, "--port", str(port)]  # fmt: skip
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    found = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(found, server)
        yield found
    finally:
        server.terminate()
        server.communicate(timeout=30)


@pytest.fixture(scope="module")
def browser(address: str) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=["--no-sandbox"]
        )
        yield launched
        launched.close()


@dataclass
class Visit:
    page: Page
    served: list[str] = field(default_factory=list)
    """Every request the pages made to the console (the guard saw them all)."""
    foreign: list[str] = field(default_factory=list)
    """Every request the pages made to anywhere but the console: must stay empty."""


@pytest.fixture(params=[1400, 700], ids=["1400px", "700px"])
def visit(request: pytest.FixtureRequest, browser: Browser, address: str) -> Iterator[Visit]:
    width = int(request.param)
    context = browser.new_context(viewport={"width": width, "height": 900})
    found = Visit(context.new_page())

    def guard(route: Route) -> None:
        if route.request.url.startswith(address + "/"):
            found.served.append(route.request.url)
            route.continue_()
        else:
            found.foreign.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    sign_in(found.page, address)
    yield found
    context.close()
    assert found.served != []
    assert found.foreign == []


def sign_in(page: Page, address: str) -> None:
    """As a reviewer does: the first page sends to the login form, which sends back."""
    page.goto(f"{address}/positions")
    assert page.url == f"{address}/login?next=/positions"
    page.fill("#name", user_of("reviewer"))
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    assert page.url == f"{address}/positions"
    assert page.locator("#signed-in-as").inner_text() == user_of("reviewer")


def fits(page: Page) -> bool:
    """Readable at the width: the page itself never scrolls sideways (wide tables scroll
    inside their own box)."""
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_positions_show_their_benches_and_open_a_position(visit: Visit) -> None:
    page = visit.page
    rows = page.locator("table tr td:first-child a")
    assert rows.all_inner_texts() == ["CFO", "CTO", "VP-SALES"]
    assert fits(page)
    page.get_by_role("link", name="VP-SALES").click()
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
    page.get_by_role("button", name="Show").click()
    assert page.url.endswith("/positions?as_of=2020-01-01")
    assert page.get_by_role("status").inner_text() == (
        "Past view: the record as it stood at 2020-01-01T23:59:59+00:00 (UTC), "
        "rebuilt from the events."
    )
    assert page.locator("table td").first.inner_text() == "(none)"


def test_running_verify_shows_that_the_record_checks_out(visit: Visit, address: str) -> None:
    page = visit.page
    page.get_by_role("link", name="Audit").click()
    page.get_by_role("button", name="Run verify").click()
    assert page.locator("#verify-result p").first.inner_text().endswith("no problems found")


def test_a_wrong_password_gives_the_one_message_and_no_session(
    browser: Browser, address: str
) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{address}/login")
    page.fill("#name", user_of("reviewer"))
    page.fill("#password", "not the password")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("alert").inner_text().startswith("Sign-in refused:")
    page.goto(f"{address}/positions")
    assert page.url.startswith(f"{address}/login")
    context.close()


def test_a_page_without_the_role_is_refused_403_and_signing_out_ends_the_session(
    visit: Visit, address: str
) -> None:
    page = visit.page
    refused = page.goto(f"{address}/reports/adverse-impact")
    assert refused is not None and refused.status == 403
    assert "needs a role that may see demographics" in page.locator("main").inner_text()
    page.get_by_role("button", name="Sign out").click()
    assert page.url == f"{address}/login"
    page.goto(f"{address}/positions")
    assert page.url == f"{address}/login?next=/positions"
