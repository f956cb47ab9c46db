"""The HTML report as a browser sees it: headless Chromium renders the page offline.

With CI=true a missing Chromium fails the run instead of skipping these tests.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from succession_flow.application.hr_files import plans
from succession_flow.application.people import staffing
from succession_flow.application.services import Services
from succession_flow.formats.planbook.loader import load_plan
from succession_flow.reports.overview import write_html_report
from tests.e2e.chromium import chromium_path
from tests.integration.builders import ACTOR
from tests.integration.world import build_world

SAMPLE = Path(__file__).parents[2] / "plans" / "talent-plan.yaml"


@pytest.fixture(scope="module")
def chromium() -> str:
    return chromium_path()


def world_with_the_sample_plan(services: Services) -> None:
    build_world(services)
    spec, text = load_plan(SAMPLE)
    plans.adopt_plan(services, spec.id, spec.to_data(), text, ACTOR)


pytestmark = [
    pytest.mark.backends("sqlite"),  # a page of what the reports read; they are store-blind
    pytest.mark.company(build=world_with_the_sample_plan),
]


def browse(chromium: str, page: Path, *args: str) -> str:
    """Run headless Chromium on the file with networking pointed nowhere."""
    result = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--proxy-server=127.0.0.1:9", *args, page.as_uri()],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    return result.stdout


def test_the_page_shows_every_chart_with_its_names_and_figures(
    chromium: str, services: Services, tmp_path: Path
) -> None:
    page = write_html_report(services, tmp_path / "report.html")
    dom = browse(chromium, page, "--dump-dom")
    charts = re.findall(r'<svg [^>]*data-chart="([a-z]+)"', dom)
    assert charts == ["coverage", "bench", "funnel", "ninebox", "orgchart", "plan", "impact"]
    assert len(re.findall(r'class="funnel-stage"', dom)) == 6
    assert len(re.findall(r'class="nine-box-cell"', dom)) == 9
    assert len(re.findall(r'class="bench-target"', dom)) == 3
    for seen in ("Ada Lovelace", "Farah Khan", "33%", "1 of 3 key positions", "88% of previous",
                 "Succession readiness for the two-year strategy", "246,400 EUR"):  # fmt: skip
        assert seen in dom


def test_the_page_needs_nothing_from_the_network(services: Services, tmp_path: Path) -> None:
    text = write_html_report(services, tmp_path / "report.html").read_text()
    assert "<script" not in text
    assert not re.search(r"\b(src|href)=", text)
    assert re.findall(r"https?://[^\"' ]+", text) == ["http://www.w3.org/2000/svg"] * 7


def test_a_redacted_page_names_nobody(chromium: str, services: Services, tmp_path: Path) -> None:
    page = write_html_report(services, tmp_path / "report.html", redact=True)
    dom = browse(chromium, page, "--dump-dom")
    assert "Ada Lovelace" not in dom and "names redacted" in dom
    assert "E1" in dom


def test_the_page_renders_to_a_screenshot(
    chromium: str, services: Services, tmp_path: Path
) -> None:
    page = write_html_report(services, tmp_path / "report.html")
    shot = tmp_path / "report.png"
    browse(chromium, page, f"--screenshot={shot}", "--window-size=1200,3200")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 50_000  # a blank page is a few kilobytes


def test_the_org_chart_follows_incumbents_reporting_lines_and_promotions(
    chromium: str, services: Services, tmp_path: Path
) -> None:
    staffing.revise_position(services, "CFO", {"incumbent": "E5"}, ACTOR, "org")
    staffing.revise_position(services, "CTO", {"reports_to": "CFO"}, ACTOR, "org")
    dom = browse(chromium, write_html_report(services, tmp_path / "org.html"), "--dump-dom")
    assert "orgchart" in re.findall(r'<svg [^>]*data-chart="([a-z]+)"', dom)
    found = re.findall(r'<g class="post risk-([a-z]+)" data-position="([A-Z-]+)"', dom)
    assert {post: risk for risk, post in found} == {
        "CFO": "medium",
        "CTO": "medium",
        "HEAD-HR": "medium",
        "VP-SALES": "medium",
    }
