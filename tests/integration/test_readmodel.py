"""The read model follows the event log: incremental catch-up equals a full rebuild, always."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from succession_flow.adapters.sql_database import memory_database
from succession_flow.application.people import staffing
from succession_flow.application.services import Services
from succession_flow.bootstrap import open_read_model
from succession_flow.domain.errors import StoreUnavailable
from succession_flow.domain.keys import CandidateKey
from succession_flow.readmodel import schema, tracking
from succession_flow.readmodel.tracking import ReadModel, fold_as_of
from tests.integration.world import PATHS, apply_step, build_company, walk

ROUNDS = [
    ["E1@VP-SALES", "E2@VP-SALES", "E3@VP-SALES"],
    ["E4@CFO", "E5@CFO", "E6@CTO"],
    ["E7@HEAD-HR", "E8@HEAD-HR"],
]


pytestmark = pytest.mark.company(build=build_company)


@pytest.fixture
def model(services: Services) -> Iterator[ReadModel]:
    opened = open_read_model(services.store)
    yield opened
    opened.close()


def rebuilt(services: Services) -> dict[str, list[tuple[object, ...]]]:
    other = open_read_model(services.store)
    try:
        other.rebuild()
        return schema.dump(other.db)
    finally:
        other.close()


def test_catching_up_round_by_round_gives_the_same_rows_as_a_rebuild(
    services: Services, model: ReadModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tracking, "BATCH", 7)  # many small transactions, pages end mid-aggregate
    model.catch_up()
    for keys in ROUNDS:
        for key in keys:
            walk(services, key, PATHS[key])
        model.catch_up()
        assert schema.dump(model.db) == rebuilt(services)
    apply_step(services, CandidateKey("E1", "VP-SALES"), "readiness:ready-1-2-years")
    model.catch_up()
    assert schema.dump(model.db) == rebuilt(services)


def test_a_revised_position_shows_its_new_title_target_and_requirements(
    services: Services, model: ReadModel
) -> None:
    model.catch_up()
    changes = {"title": "VP Global Sales", "target_bench": 4, "min_years": 15}
    staffing.revise_position(services, "VP-SALES", changes, "hr", "board decision")
    model.catch_up()
    query = "SELECT title, target_bench, requirements FROM rm_positions WHERE position_id = ?"
    [(title, target, requirements)] = model.db.query(query, ["VP-SALES"])
    assert (title, target, json.loads(requirements)["min_years"]) == ("VP Global Sales", 4, 15)
    assert schema.dump(model.db) == rebuilt(services)


def test_a_catch_up_applies_only_the_notifications_recorded_since_the_last_one(
    services: Services, model: ReadModel
) -> None:
    first = model.catch_up()
    assert (first.events, first.last_id) == (services.store.event_count(), first.last_id)
    assert model.catch_up().events == 0
    walk(services, "E5@CFO", [])
    second = model.catch_up()
    assert second.events == 1
    assert model.last_id() == second.last_id > first.last_id


def test_the_tracking_position_is_kept_in_the_database_with_the_rows(
    services: Services, model: ReadModel
) -> None:
    model.catch_up()
    before = services.store.event_count()
    walk(services, "E1@VP-SALES", PATHS["E1@VP-SALES"])
    again = open_read_model(services.store)
    try:
        assert again.catch_up().events == services.store.event_count() - before == 5
    finally:
        again.close()


def test_the_state_as_of_a_moment_is_the_same_fold_over_the_events_until_then(
    services: Services, model: ReadModel
) -> None:
    for key in ROUNDS[0]:
        walk(services, key, PATHS[key])
    model.catch_up()
    then = schema.dump(model.db)
    moment = datetime.now(UTC)
    for key in ROUNDS[1]:
        walk(services, key, PATHS[key])
    scratch = memory_database()
    try:
        fold_as_of(services.store, scratch, moment)
        assert schema.dump(scratch) == then
    finally:
        scratch.close()


def test_a_read_model_with_an_older_schema_is_rebuilt_on_opening_its_copies_dropped(
    services: Services, model: ReadModel
) -> None:
    walk(services, "E5@CFO", [])
    model.catch_up()
    model.db.execute("UPDATE rm_tracking SET version = 3")
    model.db.execute("DELETE FROM rm_candidates")
    model.db.execute("CREATE TABLE rm_kept_candidates (checkpoint BIGINT, id TEXT)")
    model.db.execute("DROP TABLE rm_hist_candidates")
    reopened = open_read_model(services.store)
    try:
        assert reopened.last_id() == 0
        reopened.catch_up()
        assert schema.dump(reopened.db) == rebuilt(services)
        assert len(schema.dump(reopened.db)["rm_candidates"]) == 1
        assert reopened.db.query("SELECT COUNT(*) FROM rm_hist_candidates") == [(1,)]
        with pytest.raises(StoreUnavailable, match="rm_kept_candidates"):
            reopened.db.query("SELECT COUNT(*) FROM rm_kept_candidates")
    finally:
        reopened.close()


def planner_rows(model: ReadModel, table: str) -> float:
    """What PostgreSQL's planner believes a table holds (-1: never analysed)."""
    [(rows,)] = model.db.query(
        "SELECT reltuples FROM pg_class WHERE oid = to_regclass(?)", (table,)
    )
    return float(rows)


@pytest.mark.backends("postgres")
def test_a_rebuild_refreshes_the_planners_statistics_and_a_small_catch_up_does_not(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without statistics the planner sorted 100,000 nine-box rows on disk instead of reading
    them in order by index: a catch-up that at least doubles what the tables hold refreshes
    them (a tiny company here, so the floor of events is lowered)."""
    monkeypatch.setattr(tracking, "STATISTICS_AFTER", 0)
    model = open_read_model(services.store)
    try:
        model.rebuild()
        [(employees,)] = model.db.query("SELECT count(*) FROM rm_employees")
        assert employees > 0 and planner_rows(model, "rm_employees") == employees
        staffing.record_employee(
            services,
            {"employee_id": "E-STATS", "name": "Stat Istic", "department": "Finance",
             "hire_date": "2020-01-01", "education": "master", "years_experience": 5,
             "certifications": [], "prior_posts": []},
            "hr",
        )  # fmt: skip
        assert model.catch_up().events > 0
        assert planner_rows(model, "rm_employees") == employees  # one more row: not worth it
    finally:
        model.close()
