"""Reading every employee an import touches in bulk, up front, records exactly what reading each
one when its first row came did: the same events, with the same content, in the same log order,
for a first import, a re-import that changes and adds people, and bad rows skipped among them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bench.hr_exports import write_hr_exports

from succession_flow.application.people import hr_import
from succession_flow.application.services import Services
from succession_flow.bootstrap import bootstrap
from succession_flow.formats.hr_exports import Row, read_export
from tests.harness.backends import NewStore
from tests.integration.builders import ACTOR
from tests.integration.one_path import written


def rounds(folder: Path) -> Iterator[tuple[list[Row], bool]]:
    """A first import of 12 employees, then 20 with new values and bad rows, skipped."""
    for part in ("first", "again"):
        (folder / part).mkdir(parents=True)
    first = [row for p in write_hr_exports(folder / "first", 12, seed=1) for row in read_export(p)]
    yield first, False
    second = [row for p in write_hr_exports(folder / "again", 20, seed=2) for row in read_export(p)]
    bad = [  # an unknown employee, a bad value, a bad profile of someone whose ratings still go
        Row("bad.csv", 2, "ratings", {"employee_id": "E999999", "year": "2024", "rating": "meets"}),
        Row("bad.csv", 3, "talent", {"employee_id": "E000015", "potential": "huge"}),
        Row("bad.csv", 4, "employees", {"employee_id": "E000003", "name": "X", "hire_date": "x"}),
    ]
    replaced = {(row.kind, row.values.get("employee_id")) for row in bad}
    yield bad + [r for r in second if (r.kind, r.values["employee_id"]) not in replaced], True


def imported(services: Services, folder: Path) -> tuple[list[Any], dict[Any, Any]]:
    """The log order (aggregate, version) and every aggregate's events after both rounds."""
    for rows, skip_bad in rounds(folder):
        report = hr_import.import_rows(services, rows, ACTOR, skip_bad=skip_bad)
        assert len(report.rejected) == (3 if skip_bad else 0)
    order = [(n.originator_id, n.originator_version) for n in services.store.notifications()]
    return order, written(services)


def test_an_import_read_ahead_in_bulk_records_what_one_read_per_employee_recorded(
    backend: str, new_store: NewStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bulk = bootstrap(new_store(backend, "bulk"))
    one_by_one = bootstrap(new_store(backend, "one_by_one"))
    try:
        expected = imported(bulk, tmp_path / "bulk")
        monkeypatch.setattr(hr_import, "touched", lambda row: None)  # nothing read ahead
        assert imported(one_by_one, tmp_path / "one") == expected
        assert len(expected[0]) > 12 * 7
    finally:
        bulk.close()
        one_by_one.close()
