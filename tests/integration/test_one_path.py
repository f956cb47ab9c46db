"""A dry run is the real run unsaved, and one candidate's command is a batch of one.

For generated companies and every batch step: `--dry-run` with any chunk size and worker count
names the same candidates under the same outcomes as the real run that follows it, and stepping
each of those candidates by its own command (on a copy of the store) writes the same events,
aggregate by aggregate, as the batch did.
"""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from succession_flow.application.batch import Scope
from succession_flow.application.batch_steps import run_step_batch
from succession_flow.bootstrap import bootstrap
from tests.integration.builders import ACTOR
from tests.integration.one_path import (
    STEPS,
    Company,
    build,
    companies,
    copy_sqlite,
    dry_run,
    one_by_one,
    outcomes,
    publish_shipped,
    record_results,
    written,
)

TODAY = datetime.now(UTC).date()


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite store with the shipped rules and workflows published, copied by each example."""
    url = f"sqlite:///{tmp_path_factory.mktemp('one-path')}/template.sqlite"
    services = bootstrap(url)
    try:
        publish_shipped(services)
    finally:
        services.close()
    return url


def check_one_path(batch_url: str, single_url: str, company: Company, draw: st.DrawFn) -> None:
    batch = bootstrap(batch_url)
    build(batch, company)
    copy_sqlite(batch_url, single_url)
    one = bootstrap(single_url)
    try:
        for step in STEPS:
            if step == "complete-training":
                record_results(batch, company)
                record_results(one, company)
            sizes = st.integers(1, 3) | st.integers(1, len(company.people))  # often several chunks
            chunk_size = draw(sizes, label=f"{step} chunk size")
            workers = draw(st.integers(1, 2), label=f"{step} workers")
            predicted = outcomes(dry_run(batch, step, chunk_size, workers))
            report = run_step_batch(batch, step, Scope(), ACTOR)
            assert predicted == outcomes(report), step
            assert one_by_one(one, batch, step, report) == outcomes(report), step
        assert written(one) == written(batch)
    finally:
        batch.close()
        one.close()


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(company=companies(TODAY), data=st.data())
def test_a_dry_run_and_one_command_per_candidate_agree_with_the_batch(
    template: str, company: Company, data: st.DataObject
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        copy_sqlite(template, f"sqlite:///{folder}/batch.sqlite")
        check_one_path(
            f"sqlite:///{folder}/batch.sqlite", f"sqlite:///{folder}/one.sqlite", company, data.draw
        )
