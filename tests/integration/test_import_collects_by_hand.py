"""An import applies and saves its rows with the automatic collector paused, collecting the
young generation every `COLLECT_EVERY` rows.

An import keeps everything it builds until its one save, so a running collector walked all of
it each time it grew by a quarter (bench/README, "Import"). These tests hold what makes that
cheap and still safe: paused while the rows are applied, a cycle a row makes freed at the next
boundary, no older generation walked, and the collector resumed however the import ends.
"""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from typing import Any

import pytest

from succession_flow.application.people import hr_import
from succession_flow.application.pipeline.unit_of_work import UnitOfWork
from succession_flow.bootstrap import bootstrap
from succession_flow.formats.hr_exports import Row
from tests.harness.cycles import Node, cycle, older_collections
from tests.integration.builders import ACTOR


@pytest.fixture
def services(store_url: str) -> Iterator[Any]:
    services = bootstrap(store_url)
    try:
        yield services
    finally:
        services.close()


@pytest.fixture(autouse=True)
def collector_on(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test starts with the collector running, a boundary every 10 rows."""
    monkeypatch.setattr(hr_import, "COLLECT_EVERY", 10)
    gc.enable()
    yield
    gc.enable()


def rows(count: int) -> list[Row]:
    return [Row("x.csv", n, "employees", {"employee_id": f"E{n:06d}"}) for n in range(1, count + 1)]


def test_rows_are_applied_paused_and_a_cycle_one_makes_is_freed_at_the_next_boundary(
    services: Any,
) -> None:
    made: list[weakref.ref[Node]] = []
    enabled: list[bool] = []
    alive: dict[int, bool] = {}
    older: list[int] = []

    def apply(uow: UnitOfWork, row: Row) -> None:
        enabled.append(gc.isenabled())
        if row.number == 1:
            made.append(cycle())
            older.append(older_collections())
        if row.number in (10, 11):  # row 10 runs before its boundary, row 11 after it
            alive[row.number] = made[0]() is not None
        if row.number == 30:
            older.append(older_collections())

    report = hr_import.apply_rows(services, rows(30), apply, skip_bad=False)
    assert (report.applied, report.rejected) == (30, [])
    assert enabled == [False] * 30
    assert alive == {10: True, 11: False}
    assert older[0] == older[1]
    assert gc.isenabled()


def test_an_import_refused_for_a_bad_row_resumes_the_collector(services: Any) -> None:
    def apply(uow: UnitOfWork, row: Row) -> None:
        if row.number == 5:
            raise hr_import.ColumnError("employee_id", "is not an id")

    with pytest.raises(hr_import.ImportRejected, match=r"x\.csv:row 5:employee_id"):
        hr_import.apply_rows(services, rows(12), apply, skip_bad=False)
    assert gc.isenabled()


def test_a_real_import_leaves_the_collector_running(services: Any) -> None:
    row = Row(
        "employees.csv",
        2,
        "employees",
        {
            "employee_id": "E000001",
            "name": "Ada",
            "department": "Ops",
            "hire_date": "2019-04-01",
            "education": "master",
            "years_experience": "6",
        },
    )
    assert hr_import.import_rows(services, [row], ACTOR).events == 1
    assert gc.isenabled()
