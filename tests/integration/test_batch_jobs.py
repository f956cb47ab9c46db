"""Jobs on the one writer, on SQLite and PostgreSQL: every write on one thread in the order
asked, a job's progress and report are `run_step_batch`'s, and a refused job records nothing."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from functools import partial

import pytest

from succession_flow.application.batch.jobs import Jobs, JobState
from succession_flow.application.batch.runner import Scope
from succession_flow.application.batch.serial import OneWriter
from succession_flow.application.people.access import grant
from succession_flow.application.pipeline import steps
from succession_flow.application.services import Services
from succession_flow.bootstrap import bootstrap
from succession_flow.domain.errors import (
    IllegalTransition,
    NotFound,
    PermissionDenied,
    StoreUnavailable,
)
from succession_flow.domain.keys import CandidateKey
from tests.e2e.rules_setup import SHIPPED
from tests.integration.builders import ACTOR, company

NOMINEES = [CandidateKey.parse(f"E{n}@VP-SALES") for n in (1001, 1002, 1003)]


@pytest.fixture
def writer(store_url: str) -> Iterator[OneWriter]:
    from succession_flow.application.hr_files.rule_publishing import publish

    services = bootstrap(store_url)
    try:
        company(services)
        publish(services, SHIPPED, ACTOR, "go")
        for key in NOMINEES:
            steps.nominate(services, key, ACTOR, "review")
    finally:
        services.close()
    one = OneWriter(partial(bootstrap, store_url))
    yield one
    one.close()


def drained(writer: OneWriter) -> None:
    """Returns once everything queued before has run (the writer keeps the order)."""
    writer.submit(lambda services: None).result()


def test_every_write_runs_on_the_one_writer_thread_in_the_order_asked(writer: OneWriter) -> None:
    def note(n: int, services: Services) -> tuple[int, int]:
        return n, threading.get_ident()

    done = [writer.submit(partial(note, n)).result() for n in range(12)]
    assert [n for n, _ in done] == list(range(12))
    assert len({thread for _, thread in done}) == 1
    assert done[0][1] != threading.get_ident()


def test_a_job_counts_who_waits_and_reports_the_batch(writer: OneWriter, store_url: str) -> None:
    jobs = Jobs(writer)
    job = jobs.start("evaluate", Scope(position_id="VP-SALES"), False, "api-user")
    drained(writer)
    assert jobs.get(job.id) is job
    assert (job.state, job.total, job.done, job.error) == (JobState.DONE, 3, 3, None)
    assert job.report is not None and job.report.applied == 3
    assert sum(job.report.outcomes.values()) == 3
    assert job.started is not None and job.finished is not None


def test_a_job_the_role_table_refuses_fails_with_the_refusal_and_records_nothing(
    writer: OneWriter, store_url: str
) -> None:
    services = bootstrap(store_url)
    try:
        grant(services, "boss", "boss", "hr-owner")
        before = services.store.event_count()
    finally:
        services.close()
    jobs = Jobs(writer)
    job = jobs.start("evaluate", Scope(), False, "nobody")
    drained(writer)
    assert job.state == JobState.FAILED
    assert isinstance(job.error, PermissionDenied)
    assert str(job.error) == "actor 'nobody' needs role operator to operate (has no role)"
    services = bootstrap(store_url)
    try:
        assert services.store.event_count() == before
    finally:
        services.close()


def test_a_job_that_was_never_started_is_not_found(writer: OneWriter) -> None:
    with pytest.raises(NotFound, match="job nope not found"):
        Jobs(writer).get("nope")


def test_the_writer_keeps_its_store_open_until_the_store_fails(store_url: str) -> None:
    opened: list[Services] = []

    def opening() -> Services:
        opened.append(bootstrap(store_url))
        return opened[-1]

    def fails(error: Exception) -> Callable[[Services], None]:
        def work(services: Services) -> None:
            raise error

        return work

    writer = OneWriter(opening)
    try:
        writer.submit(lambda s: None).result()
        with pytest.raises(IllegalTransition):
            writer.submit(fails(IllegalTransition("refused"))).result()
        writer.submit(lambda s: None).result()
        assert len(opened) == 1
        with pytest.raises(StoreUnavailable):
            writer.submit(fails(StoreUnavailable("gone"))).result()
        used = writer.submit(lambda s: s).result()
        assert (len(opened), used) == (2, opened[1])
    finally:
        writer.close()
