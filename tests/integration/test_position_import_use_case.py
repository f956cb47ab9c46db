"""`position import` as a use case: a file of posts defined and revised all or nothing, parents
before the posts reporting to them, only what changed recorded, each bad cell named by file,
row and column."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from succession_flow.application.people import staffing
from succession_flow.application.people.hr_import import ImportRejected
from succession_flow.application.people.position_import import import_positions
from succession_flow.application.services import Services
from succession_flow.formats.positions_file import read_positions
from tests.integration.builders import ACTOR

HEADER = ["position_id", "title", "echelon", "unit", "reports_to", "vacancies", "min_years",
          "certifications", "weights", "criticality", "reason"]  # fmt: skip

pytestmark = pytest.mark.company()  # an empty store on each backend


def positions_file(folder: Path, rows: list[dict[str, str]], name: str = "posts.csv") -> Path:
    path = folder / name
    with path.open("w", newline="") as out:
        writer = csv.DictWriter(out, HEADER)
        writer.writeheader()
        writer.writerows({c: row.get(c, "") for c in HEADER} for row in rows)
    return path


CHART = [
    {"position_id": "HEAD-SALES", "title": "Head of Sales", "echelon": "management", "unit": "Sales", "reports_to": "VP-SALES", "vacancies": "1", "certifications": "PMP;Sales Leadership"},
    {"position_id": "VP-SALES", "title": "VP Sales", "echelon": "key-position", "unit": "Sales", "reports_to": "CEO", "min_years": "10"},
    {"position_id": "CEO", "title": "Chief Executive", "echelon": "key-position", "unit": "Board", "criticality": "critical"},
]  # fmt: skip


def test_a_file_defines_every_post_parents_first_and_again_changes_nothing(
    services: Services, tmp_path: Path
) -> None:
    rows = read_positions(positions_file(tmp_path, CHART))
    report = import_positions(services, rows, ACTOR)
    assert (report.rows, report.applied, report.events) == (3, 3, 3)
    head = staffing.get_position(services, "HEAD-SALES")
    assert (head.reports_to, head.vacancies, head.certifications) == (
        "VP-SALES",
        1,
        ["PMP", "Sales Leadership"],
    )
    assert staffing.get_position(services, "CEO").criticality == "critical"
    again = import_positions(services, rows, ACTOR)
    assert (again.applied, again.events) == (3, 0)


def test_a_revised_row_records_what_changed_with_its_reason(
    services: Services, tmp_path: Path
) -> None:
    import_positions(services, read_positions(positions_file(tmp_path, CHART)), ACTOR)
    revised = [{**CHART[1], "min_years": "12", "vacancies": "2", "reason": "board 03-01"}]
    report = import_positions(
        services, read_positions(positions_file(tmp_path, revised, "r.csv")), ACTOR
    )
    assert report.events == 2  # the revision, then the demand
    vp = staffing.get_position(services, "VP-SALES")
    assert (vp.min_years, vp.vacancies) == (12, 2)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"echelon": "board"}, "row 2:echelon: 'board' is not one of key-position, management, reserve"),
        ({"vacancies": "two"}, "row 2:vacancies: "),
        ({"weights": "core_competence"}, "row 2:weights: 'core_competence' is not NAME=NUMBER"),
        ({"reports_to": "NOWHERE"}, "row 2: position NOWHERE not found (reports_to of CEO)"),
        ({"title": ""}, "row 2:title: is empty"),
    ],
    ids=["echelon", "vacancies", "weights", "reports-to", "empty-title"],
)  # fmt: skip
def test_a_bad_cell_rejects_the_whole_file_naming_row_and_column(
    services: Services, tmp_path: Path, row: dict[str, str], message: str
) -> None:
    path = positions_file(tmp_path, [{**CHART[2], **row}])
    before = services.store.event_count()
    with pytest.raises(ImportRejected) as refused:
        import_positions(services, read_positions(path), ACTOR)
    [problem] = refused.value.problems
    assert problem.startswith(f"{path}:{message}"), problem
    assert services.store.event_count() == before


def test_the_echelon_of_a_defined_post_cannot_change(services: Services, tmp_path: Path) -> None:
    import_positions(services, read_positions(positions_file(tmp_path, CHART)), ACTOR)
    path = positions_file(tmp_path, [{**CHART[2], "echelon": "management"}], "e.csv")
    with pytest.raises(ImportRejected) as refused:
        import_positions(services, read_positions(path), ACTOR)
    assert refused.value.problems == [
        f"{path}:row 2:echelon: position CEO is key-position; the echelon cannot change "
        "(retire the position and define a new one)"
    ]


def test_skip_bad_saves_the_good_rows_and_reports_the_rest(
    services: Services, tmp_path: Path
) -> None:
    rows = [CHART[2], {**CHART[1], "echelon": "board"}]
    report = import_positions(services, read_positions(positions_file(tmp_path, rows)), ACTOR, True)
    assert (report.applied, len(report.rejected)) == (1, 1)
    assert staffing.get_position(services, "CEO").title == "Chief Executive"
