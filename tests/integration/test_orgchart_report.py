"""The succession org chart and the one-page HTML report, on the hand-checked world company
with reporting lines added: CEO (vacant, high criticality) over VP-SALES (held by E5, who
leaves in 100 days; E1 ready now) and CFO (held by E8; only E4, ready in 3-5 years); HEAD-HR
held by E3 with E7 ready now; CTO held by E6, promoted from its pool, which is now empty.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from succession_flow.application.people import staffing
from succession_flow.application.queries.read_model import source
from succession_flow.application.services import Services
from succession_flow.domain.errors import InvalidInput, NotFound
from succession_flow.reports.export import write_output
from succession_flow.reports.orgchart import orgchart
from succession_flow.reports.overview import write_html_report
from tests.integration.builders import ACTOR, position_spec
from tests.integration.world import build_world

LEAVES = timedelta(days=100)


def organised_world(services: Services) -> None:
    build_world(services)
    ceo = position_spec("CEO", title="Chief Executive", unit="Board", criticality="high")
    staffing.define_position(services, ceo, ACTOR)
    leaving = (services.today() + LEAVES).isoformat()
    changes = {
        "VP-SALES": {"reports_to": "CEO", "incumbent": "E5", "planned_departure": leaving},
        "CFO": {"reports_to": "CEO", "incumbent": "E8"},
        "HEAD-HR": {"incumbent": "E3"},
    }
    for position_id, change in changes.items():
        staffing.revise_position(services, position_id, change, ACTOR, "org chart")


pytestmark = pytest.mark.company(build=organised_world)


def test_each_post_gets_the_vacancy_risk_its_incumbent_and_bench_give_it(
    module_services: Services,
) -> None:
    with source(module_services) as db:
        report = orgchart(db, module_services.today())
    leaving = (module_services.today() + LEAVES).isoformat()
    rows = {r["position"].strip(): r for r in report.tables[0][1]}
    assert {p: (r["vacancy_risk"], r["incumbent"], r["leaves"]) for p, r in rows.items()} == {
        "CEO": ("high", "(vacant)", ""),
        "VP-SALES": ("medium", "Eli Cohen", leaving),
        "CFO": ("medium", "Hana Sato", ""),
        "CTO": ("medium", "Farah Khan", ""),
        "HEAD-HR": ("low", "Chen Wei", ""),
    }
    assert [r["position"] for r in report.tables[0][1]] == [
        "CEO", "  CFO", "  VP-SALES", "CTO", "HEAD-HR"
    ]  # fmt: skip
    ceo = report.value["positions"][0]
    assert [p["position"] for p in ceo["reports"]] == ["CFO", "VP-SALES"]
    assert ceo["why"] == ["vacant", "no ready-now successor"]
    assert ceo["reports"][1]["why"] == [f"incumbent leaves {leaving}"]
    assert report.value["vacancy_risk"] == {"high": 1, "medium": 3, "low": 1}
    assert report.notes == ["vacancy risk: high 1, medium 3, low 1 (of 5 posts)"]


def test_coverage_by_unit_counts_posts_with_a_ready_now_successor(
    module_services: Services,
) -> None:
    with source(module_services) as db:
        units = orgchart(db, module_services.today()).value["units"]
    assert [(u["unit"], u["posts"], u["covered"], u["coverage"], u["high_risk"]) for u in units] == [
        ("Board", 1, 0, 0.0, 1),
        ("Finance", 1, 0, 0.0, 0),
        ("HR", 1, 1, 1.0, 0),
        ("Sales", 1, 1, 1.0, 0),
        ("Technology", 1, 0, 0.0, 0),
    ]  # fmt: skip


def test_one_unit_is_its_own_tree_and_an_unknown_unit_names_the_known_ones(
    module_services: Services,
) -> None:
    with source(module_services) as db:
        finance = orgchart(db, module_services.today(), unit="Finance", redact=True)
        with pytest.raises(NotFound) as unknown:
            orgchart(db, module_services.today(), unit="Legal")
    assert finance.title == "Succession org chart: Finance"
    assert [p["position"] for p in finance.value["positions"]] == ["CFO"]
    assert finance.value["positions"][0]["incumbent"] == {"employee": "E8"}
    assert finance.tables[0][1][0]["incumbent"] == "E8"
    assert str(unknown.value) == (
        "unit 'Legal' has no positions (units: Board, Finance, HR, Sales, Technology)"
    )


def test_the_html_report_draws_every_post_of_the_org_chart_coloured_by_risk(
    module_services: Services, tmp_path: Path
) -> None:
    page = write_html_report(module_services, tmp_path / "report.html").read_text(encoding="utf-8")
    assert '<section id="orgchart">' in page
    for position, risk in [("CEO", "high"), ("VP-SALES", "medium"), ("HEAD-HR", "low")]:
        assert f'<g class="post risk-{risk}" data-position="{position}">' in page
    assert "<title>HEAD-HR: low risk; covered</title>" in page
    assert ">Eli Cohen</text>" in page
    redacted = write_html_report(module_services, tmp_path / "r.htm", redact=True).read_text(
        "utf-8"
    )
    assert "Eli Cohen" not in redacted
    assert "names redacted" in redacted


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("report.pdf", "report.pdf: the HTML report needs a file ending in .html"),
        ("missing/report.html", "missing/report.html: cannot write: No such file or directory"),
    ],
)
def test_the_html_report_refuses_a_path_it_cannot_write_and_writes_nothing(
    module_services: Services, tmp_path: Path, name: str, message: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(InvalidInput) as refused:
        write_html_report(module_services, out / name)
    assert str(refused.value) == f"{out}/{message}"
    assert list(out.iterdir()) == []


def test_one_report_is_written_as_csv_html_or_json_by_its_suffix(
    module_services: Services, tmp_path: Path
) -> None:
    with source(module_services) as db:
        report = orgchart(db, module_services.today(), unit="HR")
    csv_text = write_output(report, tmp_path / "o.CSV", "s").read_text(encoding="utf-8")
    assert csv_text.splitlines()[0].startswith("position,incumbent,risk_of_loss,leaves,")
    assert "HEAD-HR,Chen Wei," in csv_text
    html = write_output(report, tmp_path / "o.html", "as of today").read_text(encoding="utf-8")
    assert "<title>Succession org chart: HR</title>" in html
    assert "as of today" in html
    json_text = write_output(report, tmp_path / "o.json", "s").read_text(encoding="utf-8")
    assert '"vacancy_risk": {\n    "high": 0,\n    "medium": 0,\n    "low": 1\n  }' in json_text
    for bad, message in [
        ("o.txt", "use a file ending in .csv, .html, .json"),
        ("no/o.json", "cannot write: No such file or directory"),
    ]:
        with pytest.raises(InvalidInput) as refused:
            write_output(report, tmp_path / bad, "s")
        assert str(refused.value) == f"--output {tmp_path / bad}: {message}"
