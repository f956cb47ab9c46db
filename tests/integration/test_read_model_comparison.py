"""The read model held against the events (`audit verify`'s last check): a row changed, added
or removed in the database is named by table and key, on both stores; an untouched or
never-built read model has nothing to report."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from succession_flow.application.services import Services
from succession_flow.bootstrap import open_read_model
from succession_flow.domain.keys import employee_uuid
from succession_flow.readmodel.comparison import read_model_differences
from succession_flow.readmodel.tracking import ReadModel
from tests.integration.world import PATHS, build_company, walk


def walked_company(services: Services) -> None:
    build_company(services)
    for key, path in PATHS.items():
        walk(services, key, path)


pytestmark = pytest.mark.company(build=walked_company)
E1 = str(employee_uuid("E1"))


@pytest.fixture
def model(services: Services) -> Iterator[ReadModel]:
    opened = open_read_model(services.store)
    opened.catch_up()
    yield opened
    opened.close()


def test_a_caught_up_read_model_agrees_with_the_events(
    services: Services, model: ReadModel
) -> None:
    assert read_model_differences(services.store) == []


def test_a_store_whose_read_model_was_never_built_has_nothing_to_compare(
    services: Services,
) -> None:
    assert read_model_differences(services.store) == []


def test_a_changed_column_is_named_with_what_it_reads_and_what_the_events_say(
    services: Services, model: ReadModel
) -> None:
    model.db.execute("UPDATE rm_employees SET name = ? WHERE employee_id = ?", ("Forged", "E1"))
    [(where, what)] = read_model_differences(services.store)
    assert where == f"rm_employees id={E1}"
    assert what.startswith("name reads 'Forged', the events say ")


def test_a_forged_row_and_a_deleted_row_are_both_named(
    services: Services, model: ReadModel
) -> None:
    model.db.execute(
        "INSERT INTO rm_pool_members (position_id, employee_id, readiness, emergency) "
        "VALUES (?, ?, ?, ?)",
        ("CFO", "E99", "ready-now", 1),
    )
    [(position, employee)] = model.db.query(
        "SELECT position_id, employee_id FROM rm_pool_members WHERE employee_id = ?", ("E1",)
    )
    model.db.execute(
        "DELETE FROM rm_pool_members WHERE position_id = ? AND employee_id = ?",
        (position, employee),
    )
    assert sorted(read_model_differences(services.store)) == [
        (
            "rm_pool_members position_id=CFO, employee_id=E99",
            "row is in the read model but no event makes it (forged or left over)",
        ),
        (
            f"rm_pool_members position_id={position}, employee_id=E1",
            "row is missing from the read model (the events make it)",
        ),
    ]


def test_a_changed_or_deleted_version_in_the_history_is_named_as_a_current_row_would_be(
    services: Services, model: ReadModel
) -> None:
    model.db.execute(
        "UPDATE rm_hist_employees SET name = ? WHERE employee_id = ?", ("Forged", "E1")
    )
    [(valid_from,)] = model.db.query(
        "SELECT MIN(valid_from) FROM rm_hist_pool_members WHERE employee_id = ?", ("E1",)
    )
    model.db.execute(
        "DELETE FROM rm_hist_pool_members WHERE employee_id = ? AND valid_from = ?",
        ("E1", valid_from),
    )
    found = read_model_differences(services.store)
    assert [what.split(",")[0] for where, what in found if "employees" in where] == [
        "name reads 'Forged'"
    ]
    [(where, what)] = [f for f in found if "pool_members" in f[0]]
    assert where.startswith("rm_hist_pool_members position_id=")
    assert where.endswith(f"employee_id=E1, valid_from={valid_from}")
    assert what == "row is missing from the read model (the events make it)"
