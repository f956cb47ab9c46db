"""One nomination path: `nominate E@P` is `run nominate` for a batch of one.

For generated companies, with and without nomination approval, nominating by the batch on one
store and by one command per candidate (in the batch's order, with the batch's reasons) on a
copy of it writes the same events, aggregate by aggregate; on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import tempfile
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from succession_flow.application.batch.runner import Scope
from succession_flow.application.batch.steps import run_step_batch
from succession_flow.application.hr_files.workflows import publish_workflows, rule_steps
from succession_flow.application.pipeline import steps
from succession_flow.application.services import Services
from succession_flow.bootstrap import bootstrap
from tests.conftest import fresh_pg_schema
from tests.e2e.rules_setup import SHIPPED, approval_workflows
from tests.integration.builders import ACTOR, company
from tests.integration.one_path import (
    Company,
    build,
    companies,
    copy_sqlite,
    outcomes,
    publish_shipped,
    taken,
    written,
)

TODAY = datetime.now(UTC).date()


def require_approval(services: Services, folder: Path) -> None:
    publish_workflows(services, folder, rule_steps(SHIPPED), ACTOR, "approval")


def nominate_both_ways(batch: Services, one: Services) -> dict[str, list[str]]:
    """`run nominate` on one store, then each of its nominees by hand on the other."""
    report = run_step_batch(batch, "nominate", Scope(), ACTOR)
    for key, reason in taken(batch, outcomes(report)):
        steps.nominate(one, key, ACTOR, reason)
    return outcomes(report)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('one-nomination')}/template.sqlite"
    services = bootstrap(url)
    try:
        publish_shipped(services)
    finally:
        services.close()
    return url


@pytest.mark.slow
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(company=companies(TODAY), approval=st.booleans())
def test_run_nominate_and_one_nominate_per_candidate_write_the_same_events(
    template: str, company: Company, approval: bool
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        batch_url, one_url = f"sqlite:///{folder}/batch.sqlite", f"sqlite:///{folder}/one.sqlite"
        copy_sqlite(template, batch_url)
        batch = bootstrap(batch_url)
        try:
            if approval:
                require_approval(batch, approval_workflows(Path(folder)))
            build(batch, company)
            copy_sqlite(batch_url, one_url)
            one = bootstrap(one_url)
            try:
                nominate_both_ways(batch, one)
                assert written(one) == written(batch)
            finally:
                one.close()
        finally:
            batch.close()


def test_with_approval_both_ways_propose_the_same_candidates(
    store_url: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """The store_url fixture's store takes the batch; a second file or schema the hand."""
    with ExitStack() as stack:
        if store_url.startswith("sqlite"):
            one_url = f"sqlite:///{tmp_path}/one.sqlite"
        else:
            one_url = stack.enter_context(
                fresh_pg_schema(request.getfixturevalue("postgres_server"))
            )
        batch, one = bootstrap(store_url), bootstrap(one_url)
        stack.callback(one.close)
        stack.callback(batch.close)
        folder = approval_workflows(tmp_path)
        for services in (batch, one):
            publish_shipped(services)
            require_approval(services, folder)
            company(services, 4)
        named = nominate_both_ways(batch, one)
        assert named == {"proposed": [f"E100{n}@VP-SALES" for n in (1, 2, 3, 4)], "(skipped)": []}
        assert written(one) == written(batch)
