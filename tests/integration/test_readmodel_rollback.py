"""A catch-up that fails part-way keeps every page it committed and nothing of the page it was
on: the rows and the tracking row roll back together, so the next catch-up resumes exactly
there and the tables equal a rebuild (on SQLite's BEGIN IMMEDIATE ... ROLLBACK as on
PostgreSQL's transaction)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from succession_flow.application.services import Services
from succession_flow.bootstrap import open_read_model
from succession_flow.readmodel import schema, tracking
from succession_flow.readmodel.tracking import ReadModel
from tests.integration.world import PATHS, build_company, walk

pytestmark = pytest.mark.company(build=build_company)
PAGE = 4


class Interrupted(Exception):
    """Stands for whatever stops a catch-up inside its transaction (a driver error, Ctrl-C)."""


@pytest.fixture
def model(services: Services, monkeypatch: pytest.MonkeyPatch) -> Iterator[ReadModel]:
    monkeypatch.setattr(tracking, "BATCH", PAGE)
    opened = open_read_model(services.store)
    opened.catch_up()
    yield opened
    opened.close()


def fail_on_page(model: ReadModel, monkeypatch: pytest.MonkeyPatch, page: int) -> None:
    """The catch-up's `page`-th transaction raises after its rows and tracking row are written."""
    pages = iter(range(1, 10_000))
    checkpoint = model._checkpoint

    def then_fail(first_id: int, last_id: int, events: list[tuple[int, Any]]) -> None:
        checkpoint(first_id, last_id, events)
        if next(pages) == page:
            raise Interrupted(f"stopped on page {page}")

    monkeypatch.setattr(model, "_checkpoint", then_fail)


def notification_ids_after(services: Services, start: int) -> list[int]:
    recorder = services.store.app.recorder
    return [n.id for n in recorder.select_notifications(start=start + 1, limit=100_000)]


def rebuilt(services: Services) -> dict[str, list[tuple[object, ...]]]:
    other = open_read_model(services.store)
    try:
        other.rebuild()
        return schema.dump(other.db)
    finally:
        other.close()


def test_a_failed_page_rolls_back_whole_and_the_next_catch_up_resumes_there(
    services: Services, model: ReadModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    start = model.last_id()
    for key, path in PATHS.items():
        walk(services, key, path)
    ids = notification_ids_after(services, start)
    assert len(ids) > 2 * PAGE  # the catch-up below needs more than two pages
    fail_on_page(model, monkeypatch, page=2)
    with pytest.raises(Interrupted):
        model.catch_up()
    assert model.last_id() == ids[PAGE - 1]  # the first page stays, the second left no trace
    halfway = schema.dump(model.db)
    monkeypatch.undo()  # the fault is gone (and BATCH is back to its default)
    monkeypatch.setattr(tracking, "BATCH", PAGE)
    done = model.catch_up()
    assert (done.events, model.last_id()) == (len(ids) - PAGE, ids[-1])
    assert schema.dump(model.db) == rebuilt(services) != halfway


def test_a_catch_up_that_fails_on_its_first_page_changes_nothing(
    services: Services, model: ReadModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    before, start = schema.dump(model.db), model.last_id()
    walk(services, "E1@VP-SALES", PATHS["E1@VP-SALES"])
    fail_on_page(model, monkeypatch, page=1)
    with pytest.raises(Interrupted):
        model.catch_up()
    assert (schema.dump(model.db), model.last_id()) == (before, start)
