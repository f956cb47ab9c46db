"""The succession org chart: posts under the post they report to, with incumbent, risk of loss,
successors by readiness and vacancy risk; refusals of a broken reporting line in one line."""

from __future__ import annotations

from datetime import timedelta

import pytest

from succession_flow.application.people import staffing
from succession_flow.application.services import Services
from tests.e2e.cli_helpers import event_count, run, run_json
from tests.integration.builders import ACTOR, employee_record, position_spec
from tests.integration.world import PATHS, build_company, walk


def with_a_ceo(services: Services) -> None:
    """The hand-checked company of tests/integration/world.py, with a CEO over it."""
    build_company(services)
    for key, path in PATHS.items():
        walk(services, key, path)
    risky = employee_record("E3", services.today(), name="Chen Wei", risk_of_loss="high")
    staffing.record_employee(services, risky, ACTOR)
    leaves = (services.today() + timedelta(days=100)).isoformat()
    ceo = position_spec("CEO", title="Chief Executive", unit="Board", incumbent="E5")
    staffing.define_position(services, {**ceo, "planned_departure": leaves}, ACTOR)
    for post, parent, holder in (
        ("VP-SALES", "CEO", "E3"),
        ("CFO", "CEO", None),
        ("CTO", "CEO", "E6"),
        ("HEAD-HR", "CFO", "E2"),
    ):
        staffing.revise_position(
            services, post, {"reports_to": parent, "incumbent": holder}, ACTOR, "org chart"
        )


pytestmark = pytest.mark.company(build=with_a_ceo)


def test_each_post_sits_under_the_post_it_reports_to_with_its_vacancy_risk(url: str) -> None:
    chart = run_json(url, "report", "orgchart")
    [ceo] = chart["positions"]
    assert ceo["position"] == "CEO" and ceo["vacancy_risk"] == "high"
    below = {p["position"]: p for p in ceo["reports"]}
    assert sorted(below) == ["CFO", "CTO", "VP-SALES"]
    assert [p["position"] for p in below["CFO"]["reports"]] == ["HEAD-HR"]
    risks = {
        p["position"]: (p["vacancy_risk"], p["why"])
        for p in [ceo, *below.values(), *below["CFO"]["reports"]]
    }
    assert risks == {
        "CEO": ("high", [f"incumbent leaves {ceo['planned_departure']}", "no ready-now successor"]),
        "VP-SALES": ("medium", ["incumbent at high risk of loss"]),
        "CFO": ("high", ["vacant", "no ready-now successor"]),
        "CTO": ("medium", ["no ready-now successor"]),
        "HEAD-HR": ("low", []),
    }
    assert below["VP-SALES"]["incumbent"] == {"employee": "E3", "name": "Chen Wei"}
    assert below["VP-SALES"]["risk_of_loss"] == "high"
    assert [s["employee"] for s in below["VP-SALES"]["successors"]["ready-now"]] == ["E1"]
    assert chart["vacancy_risk"] == {"high": 2, "medium": 2, "low": 1}


def test_the_text_chart_indents_each_post_under_its_parent_and_counts_the_risks(url: str) -> None:
    text = run(url, "report", "orgchart").stdout
    assert "vacancy risk: high 2, medium 2, low 1 (of 5 posts)" in text
    lines = [line for line in text.splitlines() if "CEO" in line or "HEAD-HR" in line]
    assert lines[0].split()[0] == "CEO" and "    HEAD-HR" in lines[-1]


def test_a_unit_shows_only_its_posts_and_redact_leaves_names_out(url: str) -> None:
    chart = run_json(url, "report", "orgchart", "--unit", "Sales", "--redact")
    assert [p["position"] for p in chart["positions"]] == ["VP-SALES"]
    assert chart["positions"][0]["incumbent"] == {"employee": "E3"}
    assert chart["units"] == [
        {"unit": "Sales", "posts": 1, "covered": 1, "coverage": 1.0, "high_risk": 0}
    ]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["CEO", "--reports-to", "HEAD-HR"], 2, "reports_to: CEO -> HEAD-HR -> CFO -> CEO would be a reporting loop"),
        (["CEO", "--reports-to", "CEO"], 2, "position CEO cannot report to itself"),
        (["CEO", "--reports-to", "COO"], 3, "position COO not found (reports_to of CEO)"),
        (["CFO", "--incumbent", "E99"], 3, "employee E99 not found (incumbent of CFO)"),
        (["CFO", "--planned-departure", "2027-01-01"], 2,
         "planned_departure: the position has no incumbent to leave"),
        (["CEO", "--planned-departure", "soon"], 2,
         "planned_departure: 'soon' is not a date like 2015-04-01"),
        (["CEO", "--no-incumbent", "--incumbent", "E1"], 2, "--no-incumbent: not with --incumbent"),
    ],
)  # fmt: skip
def test_a_broken_reporting_line_or_incumbent_is_refused_and_nothing_is_written(
    url: str, args: list[str], code: int, message: str
) -> None:
    before = event_count(url)
    result = run(url, "position", "update", *args, "--reason", "r")
    assert (result.exit_code, result.stderr) == (code, f"error: {message}\n")
    assert event_count(url) == before


def test_a_post_made_vacant_loses_its_incumbent_and_departure(url: str) -> None:
    assert (
        run(url, "position", "update", "CEO", "--no-incumbent", "--reason", "left").exit_code == 0
    )
    shown = run_json(url, "position", "show", "CEO")
    assert (shown["incumbent"], shown["planned_departure"]) == (None, None)
    [ceo] = run_json(url, "report", "orgchart")["positions"]
    assert ceo["why"] == ["vacant", "no ready-now successor"]


def test_an_unknown_unit_is_named_with_the_units_there_are(url: str) -> None:
    result = run(url, "report", "orgchart", "--unit", "Nowhere")
    assert (result.exit_code, result.stderr) == (
        3,
        "error: unit 'Nowhere' has no positions (units: Board, Finance, HR, Sales, Technology)\n",
    )


def test_overdue_for_an_unknown_position_names_it(url: str) -> None:
    result = run(url, "overdue", "--position", "NOPE")
    assert (result.exit_code, result.stderr) == (3, "error: position NOPE not found\n")


def test_a_promotion_makes_the_promoted_the_incumbent_of_the_post(url: str) -> None:
    revised = run_json(url, "history", "position:CTO", "--type", "Revised")
    assert (revised[0]["details"]["changes"], revised[0]["details"]["reason"]) == (
        {"incumbent": "E6"},
        "filled by E6@CTO",
    )
    assert run_json(url, "position", "show", "CTO")["incumbent"] == "E6"
