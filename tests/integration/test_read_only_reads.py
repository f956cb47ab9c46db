"""A connection that may only read (a SQLite file opened `?mode=ro`) cannot create or catch up
the read model; it still answers from every event, folded in a scratch database, and the
server's kept read model remembers that it is read-only instead of failing each request."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from succession_flow.application.people import staffing
from succession_flow.application.queries.read_model import source
from succession_flow.application.services import Services
from succession_flow.bootstrap import bootstrap, compose_kept
from succession_flow.config import Config
from tests.integration.builders import ACTOR, company, employee_record

pytestmark = pytest.mark.backends("sqlite")  # mode=ro is a SQLite file's; PG needs a role


def employees(services: Services) -> list[str]:
    with source(services) as db:
        return [row[0] for row in db.query("SELECT employee_id FROM rm_employees ORDER BY 1")]


def one_more_employee(url: str, employee_id: str = "E2001") -> None:
    writer = bootstrap(url)
    try:
        staffing.record_employee(writer, employee_record(employee_id, writer.today()), ACTOR)
    finally:
        writer.close()


@pytest.mark.parametrize("read_before", [False, True], ids=["no-read-model", "read-model-behind"])
def test_a_read_only_connection_answers_from_every_event_without_writing_the_read_model(
    store_url: str, read_before: bool
) -> None:
    writer = bootstrap(store_url)
    try:
        company(writer)
        if read_before:
            assert employees(writer) == ["E1001", "E1002", "E1003"]
    finally:
        writer.close()
    one_more_employee(store_url)
    path = Path(store_url.removeprefix("sqlite:///"))
    size = path.stat().st_size
    reader = bootstrap(f"{store_url}?mode=ro")
    try:
        assert employees(reader) == ["E1001", "E1002", "E1003", "E2001"]
    finally:
        reader.close()
    assert path.stat().st_size == size


def test_the_servers_kept_read_model_on_a_read_only_file_folds_each_read_afresh(
    store_url: str,
) -> None:
    writer = bootstrap(store_url)
    try:
        company(writer, employees=1)
        employees(writer)
    finally:
        writer.close()
    kept = compose_kept(Config.resolve(f"{store_url}?mode=ro"), threading.Lock())
    try:
        assert employees(kept) == ["E1001"]  # the read model is up to date: nothing to write
        one_more_employee(store_url)
        assert employees(kept) == ["E1001", "E2001"]  # catching up would write: refused
        one_more_employee(store_url, "E2002")
        assert employees(kept) == ["E1001", "E2001", "E2002"]  # known read-only: folded
    finally:
        kept.close()
