"""Importing HR rows on each store: a row that names what is not there, or holds a value no
HR system writes, is refused at its file, row and column and nothing is saved; with skip_bad
the good rows are saved and the bad ones reported; a course result imported again is no event.
"""

from __future__ import annotations

from typing import Any

import pytest

from succession_flow.application.people.hr_import import ImportRejected, import_rows
from succession_flow.application.services import Services
from succession_flow.domain.candidate import Candidate
from succession_flow.domain.keys import CandidateKey
from succession_flow.formats.hr_exports import Row
from tests.integration.builders import ACTOR, company
from tests.integration.world import walk

TRAINING = CandidateKey("E1001", "VP-SALES")


def training_company(services: Services) -> None:
    """E1001 in training for VP-SALES (LEAD-301); E1002 and E1003 on record only."""
    company(services)
    walk(services, str(TRAINING), ["evaluate:pass", "pool:ready-now", "train:LEAD-301"])


pytestmark = pytest.mark.company(build=training_company)


def course(score: str, passed: str = "", employee: str = "E1001") -> Row:
    values = {"employee_id": employee, "position_id": "VP-SALES", "course": "LEAD-301"}
    return Row("courses.csv", 2, "courses", {**values, "score": score, "passed": passed})


def record(**values: Any) -> Row:
    return Row("records.json", 1, "record", {"employee_id": "E1001", **values})


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        (Row("ratings.csv", 2, "ratings", {"employee_id": "E9", "year": "2025", "rating": "meets"}), "ratings.csv:row 2:employee_id: employee E9 not found (import employees first)"),
        (course("80", employee="E1002"), "courses.csv:row 2:position_id: candidate E1002@VP-SALES not found"),
        (course("80", passed="maybe"), "courses.csv:row 2:passed: 'maybe' is not yes or no"),
        (course("101"), "courses.csv:row 2:score: 101 is outside 0..100"),
        (record(ratings=["meets"]), "records.json:record 1:ratings: must be an object"),
        (record(ratings={"20x5": "meets"}), "records.json:record 1:ratings.20x5: '20x5' is not a year"),
        (record(ratings={"1949": "meets"}), "records.json:record 1:ratings.1949: '1949' is not a year"),
        (record(ratings={"2025": "great"}), "records.json:record 1:ratings.2025: 'great' is not one of does-not-meet, partially-meets, meets, exceeds, outstanding"),
        (record(competencies=[1, 2]), "records.json:record 1:competencies: must be an object"),
        (Row("talent.csv", 3, "talent", {"employee_id": "E1001", "potential": "huge", "risk_of_loss": "low", "impact_of_loss": "low"}), "talent.csv:row 3:potential: 'huge' is not one of low, moderate, high"),
    ],
    ids=["unknown-employee", "not-a-candidate", "passed-maybe", "score-too-high", "ratings-list",
         "year-not-digits", "year-too-early", "unknown-rating", "competencies-list", "unknown-potential"],
)  # fmt: skip
def test_a_bad_row_is_refused_at_its_column_and_nothing_is_saved(
    module_services: Services, row: Row, problem: str
) -> None:
    before = module_services.store.event_count()
    with pytest.raises(ImportRejected) as refused:
        import_rows(module_services, [row], ACTOR)
    assert refused.value.problems == [problem]
    assert module_services.store.event_count() == before


def test_with_skip_bad_the_good_rows_are_saved_and_the_bad_ones_reported(
    services: Services,
) -> None:
    good = Row("ratings.csv", 2, "ratings", {"employee_id": "E1002", "year": "2020", "rating": "exceeds"})  # fmt: skip
    bad = course("80", passed="maybe")
    before = services.store.event_count()
    report = import_rows(services, [bad, good], ACTOR, skip_bad=True)
    assert (report.rows, report.applied, report.events) == (2, 1, 1)
    assert [message for _, message in report.rejected] == [
        "courses.csv:row 2:passed: 'maybe' is not yes or no"
    ]
    assert services.store.event_count() == before + 1


@pytest.mark.parametrize(
    ("score", "passed", "result"),
    [("70", "", True), ("69.5", "", False), ("50", "yes", True), ("95", "false", False)],
)
def test_a_course_passes_by_the_pass_mark_unless_the_export_says_and_again_is_no_event(
    services: Services, score: str, passed: str, result: bool
) -> None:
    import_rows(services, [course(score, passed)], ACTOR)
    candidate = services.store.get(TRAINING.uuid, Candidate, str(TRAINING))
    assert candidate.course_results["LEAD-301"] == {"score": float(score), "passed": result}
    before = services.store.event_count()
    again = import_rows(services, [course(score, passed)], ACTOR)
    assert (again.applied, again.events, services.store.event_count()) == (1, 0, before)
