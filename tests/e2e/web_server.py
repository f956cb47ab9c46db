"""What the browser tests share: `succession-flow serve` run as an operator starts it, Debian's
Chromium, a page signed in as a user (tests/e2e/web_identity.py makes them) whose every request
outside the server is refused and recorded, and the folder the screenshots are kept in.

Screenshots go to `$SUCCESSION_FLOW_ARTEFACTS` when it is set (CI keeps that folder), else to
the test's own temporary folder; they are never committed.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, Route, sync_playwright

from tests.e2e.chromium import chromium_path
from tests.e2e.web_identity import PASSWORD

WIDTHS = {"1400px": 1400, "700px": 700}
"""The widths every page must read well at: a desktop and a narrow window or tablet."""


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


@contextmanager
def serving(url: str) -> Iterator[str]:
    """`succession-flow serve --store URL` in its own process; yields its address."""
    port = free_port()
    command = [sys.executable, "-c", "from succession_flow.cli.main import main; main()",
               "serve", "--store", url, "--port", str(port)]  # fmt: skip
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    address = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(address, server)
        yield address
    finally:
        server.terminate()
        server.communicate(timeout=30)


@contextmanager
def chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=["--no-sandbox"]
        )
        try:
            yield launched
        finally:
            launched.close()


@dataclass
class Visit:
    page: Page
    width: int
    served: list[str] = field(default_factory=list)
    """Every request the pages made to the console (the guard saw them all)."""
    foreign: list[str] = field(default_factory=list)
    """Every request the pages made to anywhere but the console: must stay empty."""


@contextmanager
def visiting(browser: Browser, address: str, width: int, user: str) -> Iterator[Visit]:
    """A fresh browser context at the width, signed in as `user` (made with web_identity's
    PASSWORD), whose requests may reach only the console; on leaving, it checks that pages were
    served and that nothing was asked of anywhere else."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    found = Visit(context.new_page(), width)

    def guard(route: Route) -> None:
        if route.request.url.startswith(address + "/"):
            found.served.append(route.request.url)
            route.continue_()
        else:
            found.foreign.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    try:
        sign_in(found.page, address, user)
        yield found
    finally:
        context.close()
    assert found.served != []
    assert found.foreign == []


def follow(page: Page, target: Locator) -> None:
    """Click a link or a form's button and return once the page it opens has loaded. A click
    only starts the navigation, so a read straight after it may see the page being left: CI once
    read VP-SALES's pool table as empty because the rows were looked for on the positions page."""
    with page.expect_navigation():
        target.click()


def sign_in(page: Page, address: str, user: str) -> None:
    """As a person does: the first page sends to the login form, which sends back."""
    page.goto(f"{address}/positions")
    assert page.url == f"{address}/login?next=/positions"
    page.fill("#name", user)
    page.fill("#password", PASSWORD)
    follow(page, page.get_by_role("button", name="Sign in"))
    assert page.url == f"{address}/positions"
    assert page.locator("#signed-in-as").inner_text() == user


def fits(page: Page) -> bool:
    """Readable at the width: the page itself never scrolls sideways (wide tables and charts
    scroll inside their own box)."""
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def artefacts(tmp_path: Path) -> Path:
    """Where screenshots are kept: `$SUCCESSION_FLOW_ARTEFACTS/screenshots`, else tmp_path."""
    kept = os.environ.get("SUCCESSION_FLOW_ARTEFACTS")
    folder = Path(kept) / "screenshots" if kept else tmp_path / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def screenshot(visit: Visit, folder: Path, name: str) -> Path:
    path = folder / f"{name}-{visit.width}px.png"
    visit.page.screenshot(path=str(path), full_page=True)
    return path
