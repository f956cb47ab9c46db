"""The console's pages as HTML, through a real client on a real SQLite store: each shows the
figures its API read returns, every page offers the as-of picker, and refusals are pages too."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from succession_flow.config import Config
from succession_flow.web.app import create_app
from tests.e2e.web_identity import signed_in, token_headers
from tests.e2e.web_store import RULE_DECIDED, build_web_store


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    scratch = tmp_path_factory.mktemp("pages")
    url = f"sqlite:///{scratch}/pages.sqlite"
    build_web_store(url, scratch)
    return signed_in(TestClient(create_app(Config.resolve(url))), url, "hr-owner")


def page(client: TestClient, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    return response.text


def text_of(html: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}"[^>]*>(.*?)</', html, re.S)
    assert found is not None, element_id
    return found.group(1)


PAGES = [
    "/positions", "/positions?echelon=management&unit=HR", "/positions/VP-SALES",
    f"/candidates/{RULE_DECIDED}", "/employees/E1", "/reports", "/reports/bench",
    "/reports/pipeline", "/reports/ninebox", "/reports/ninebox?unit=Sales&position=VP-SALES",
    "/reports/orgchart", "/reports/plan", "/reports/adverse-impact", "/rules", "/rules/simulate",
    "/audit",
]  # fmt: skip


@pytest.mark.parametrize("path", PAGES)
def test_every_page_offers_the_as_of_picker_and_runs_no_script(
    client: TestClient, path: str
) -> None:
    html = page(client, path)
    assert '<input type="date" id="as_of" name="as_of" value="">' in html
    assert "<script" not in html
    assert "Past view" not in html


def test_a_past_view_says_so_and_keeps_the_filters(client: TestClient) -> None:
    html = page(client, "/positions?echelon=management&as_of=2020-06-30")
    assert '<input type="date" id="as_of" name="as_of" value="2020-06-30">' in html
    assert '<input type="hidden" name="echelon" value="management">' in html
    assert "Past view: the record as it stood at 2020-06-30T23:59:59+00:00 (UTC)" in html


def test_a_report_page_is_the_report_s_own_html_section(client: TestClient) -> None:
    html = page(client, "/reports/bench")
    notes = client.get("/api/v1/reports/bench").json()["notes"]
    assert '<section id="bench">' in html
    assert all(f"<li>{note}</li>" in html for note in notes)
    assert "<svg" in html


def test_the_talent_card_places_the_employee_in_the_nine_box(client: TestClient) -> None:
    html = page(client, "/employees/E1")
    assert text_of(html, "ninebox") == "nine-box: star (performance high, potential high)"
    assert '<a href="/candidates/E1@VP-SALES">E1@VP-SALES</a>' in html


def test_the_talent_card_says_what_each_change_of_the_record_recorded(
    client: TestClient,
) -> None:
    changes = client.get("/api/v1/employees/E1").json()["changes"]
    rating = next(c for c in changes if c["event"] == "RatingRecorded")
    html = page(client, "/employees/E1")
    shown = f"year={rating['details']['year']}, rating={rating['details']['rating']}"
    assert f"<td>RatingRecorded</td><td>{rating['actor']}</td><td>{shown}</td>" in html


def test_the_diff_form_offers_every_published_version_on_both_sides(client: TestClient) -> None:
    rulesets = client.get("/api/v1/rulesets").json()["rulesets"]
    versions = [v["version"][:12] for r in rulesets for v in r["versions"]]
    old, new = (v["version"][:12] for v in rulesets[0]["versions"][:2])
    html = page(client, f"/rules?from={old}&to={new}")
    assert html.count("<option value=") == 2 * (1 + len(versions))  # and "(choose)"
    assert (html.count(f'<option value="{old}" selected>'), html.count(f'<option value="{new}" selected>')) == (1, 1)  # fmt: skip


def test_the_rules_page_diffs_a_version_with_the_one_before(client: TestClient) -> None:
    versions = client.get("/api/v1/rulesets").json()["rulesets"][0]["versions"]
    old, new = versions[0]["version"][:12], versions[1]["version"][:12]
    html = page(client, "/rules")
    assert f'href="/rules?from={old}&amp;to={new}#diff"' in html
    diffed = page(client, f"/rules?from={old}&to={new}")
    assert "<li>parameter min_core_competence[key-position]: 4 &rarr; 4.1</li>" in diffed


def test_positions_show_the_unit_s_org_chart_once_a_post_is_held(client: TestClient) -> None:
    held = page(client, "/positions?unit=Technology")
    assert '<section id="orgchart"><h2>Org chart: Technology</h2>' in held
    assert '<g class="post risk-medium" data-position="CTO">' in held
    assert 'id="orgchart"' not in page(client, "/positions?unit=Sales")


def test_a_position_names_the_revision_of_its_requirements(client: TestClient) -> None:
    html = page(client, "/positions/VP-SALES")
    assert text_of(html, "revision") == "position VP-SALES v1"
    assert '<a href="/reports/ninebox?position=VP-SALES">the nine-box of its candidates</a>' in html


def test_the_nine_box_page_keeps_its_filters_and_names_the_people(client: TestClient) -> None:
    html = page(client, "/reports/ninebox?position=VP-SALES")
    assert '<input name="position" value="VP-SALES" size="12">' in html
    assert "<h2>Nine-box grid (performance x potential, position VP-SALES)</h2>" in html
    boxes = client.get("/api/v1/reports/ninebox?position=VP-SALES").json()["value"]["boxes"]
    star = next(b for b in boxes if b["box"] == "star")
    assert [p["employee"] for p in star["people"]] == ["E1"]
    assert (
        '<div class="box" data-box="star"><h3>star <small>(1)</small></h3>\n'
        f'<ul><li><a href="/employees/E1">{star["people"][0]["name"]}</a></li></ul></div>'
    ) in html
    assert html.count('<div class="box" data-box=') == 9


def test_the_plan_page_is_the_plan_report_with_its_progress_bars(client: TestClient) -> None:
    html = page(client, "/reports/plan")
    notes = client.get("/api/v1/reports/plan").json()["notes"]
    assert '<section id="plan">' in html
    assert all(f"<li>{note}</li>" in html for note in notes)


@pytest.mark.parametrize(
    "path, status, message",
    [
        ("/positions/NOPE", 404, "position NOPE not found"),
        ("/positions?echelon=board", 400,
         "echelon: 'board' is not one of key-position, management, reserve"),
        ("/reports/plan?plan=nope", 404, "plan nope not found"),
        ("/candidates/E1@VP-SALES?as_of=yesterday", 400,
         "as_of: 'yesterday' is not a date or date-time like 2026-06-30 or 2026-06-30T17:00"),
    ],
)  # fmt: skip
def test_a_refused_page_is_a_page_naming_the_problem(
    client: TestClient, path: str, status: int, message: str
) -> None:
    response = client.get(path)
    assert response.status_code == status
    assert f"<p>{message}</p>" in response.text.replace("&#39;", "'")


def test_a_store_removed_while_serving_is_not_found_and_not_recreated(tmp_path: Path) -> None:
    store = tmp_path / "gone.sqlite"
    build_web_store(f"sqlite:///{store}", tmp_path)
    client = TestClient(
        create_app(Config.resolve(f"sqlite:///{store}")),
        headers=token_headers(f"sqlite:///{store}", "reviewer"),
    )
    store.unlink()
    response = client.get("/api/v1/positions")
    assert response.status_code == 404
    assert response.json()["error"]["message"] == (
        f"no store at {store}: run a writing command or `init` first"
    )
    assert not store.exists()
