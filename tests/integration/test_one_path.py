"""A dry run is the real run unsaved, and one candidate's command is a batch of one.

For generated companies and every batch step: `--dry-run` with any chunk size and worker count
names the same candidates under the same outcomes as the real run that follows it, and stepping
each of those candidates by its own command (on a copy of the store) writes the same events,
aggregate by aggregate, as the batch did.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from succession_flow.application.batch.runner import Scope
from succession_flow.application.batch.steps import run_step_batch
from succession_flow.application.services import Services
from succession_flow.bootstrap import bootstrap
from succession_flow.domain.keys import CandidateKey
from tests.conftest import fresh_pg_schema
from tests.e2e.cli_helpers import run, run_json
from tests.integration.builders import ACTOR, employee_record, position_spec
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
    skipped,
    taken,
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


def check_one_path(
    batch_url: str, single_url: str, company: Company, draw: Callable[..., Any]
) -> None:
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
            predicted = outcomes(dry_run(batch_url, step, chunk_size, workers))
            report = run_step_batch(batch, step, Scope(), ACTOR)
            assert predicted == outcomes(report), step
            assert one_by_one(one, batch, step, report) == outcomes(report), step
        assert written(one) == written(batch)
        chunk_size, workers = draw(st.integers(1, 3)), draw(st.integers(1, 2))
        predicted = outcomes(dry_run(batch_url, "select", chunk_size, workers))
        assert predicted == outcomes(run_step_batch(batch, "select", Scope(), ACTOR)), "select"
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


FIXED = Company(
    positions=[
        position_spec("P1", target_bench=1, min_years=0, certifications=[]),
        position_spec("P2", echelon="management", target_bench=2, family="finance", min_years=0),
    ],
    people=[
        employee_record(f"E{1001 + n}", TODAY, strength, years_experience=years)
        for n, (strength, years) in enumerate(
            [(4.8, 12), (4.5, 3), (4.3, 9), (4.1, 2), (3.9, 10), (3.6, 1), (4.6, 15), (3.2, 6)]
        )
    ],
    scores={"E1001": 95.0, "E1002": 50.0, "E1003": None, "E1004": 80.0, "E1005": 65.0},
    budget=30_000,
)
"""A company whose pools overflow (one bench of 1, one of 2), whose training budget runs out,
and whose trainings end both ways."""


def cli_single(url: str, step: str, key: CandidateKey, reason: str) -> tuple[str, str]:
    """The step's own command for one candidate, through the CLI: (outcome, "") or ("", why)."""
    extra = ["--reason", reason] if step == "nominate" else []
    result = run(url, "--format", "json", step, str(key), *extra)
    if result.exit_code:
        return "", skipped(key, result.stderr.removeprefix("error: ").strip())
    return str(json.loads(result.stdout)["outcome"]), ""


def named(report: dict[str, Any]) -> dict[str, list[str]]:
    return {**report["names"], "(skipped)": sorted(report["errors"])}


def cli_one_by_one(url: str, batch: Services, real: dict[str, Any]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {"(skipped)": []}
    for key, reason in taken(batch, named(real)):
        outcome, error = cli_single(url, real["step"], key, reason)
        if error:
            found["(skipped)"].append(error)
        else:
            found.setdefault(outcome, []).append(str(key))
    return {outcome: sorted(names) for outcome, names in found.items()}


@pytest.mark.postgres
def test_on_postgresql_a_dry_run_with_two_workers_and_the_single_commands_agree_with_run(
    postgres_server: str,
) -> None:
    with fresh_pg_schema(postgres_server) as batch_url, fresh_pg_schema(postgres_server) as one_url:
        for url in (batch_url, one_url):
            opened = bootstrap(url)
            publish_shipped(opened)
            build(opened, FIXED)
            opened.close()
        batch, one = bootstrap(batch_url), bootstrap(one_url)
        try:
            seen = set()
            for step in STEPS:
                if step == "complete-training":
                    record_results(batch, FIXED)
                    record_results(one, FIXED)
                dry = run_json(
                    batch_url, "run", step, "--dry-run", "--chunk-size", "1", "--workers", "2"
                )
                real = run_json(batch_url, "run", step)
                assert named(dry) == named(real), step
                assert cli_one_by_one(one_url, batch, real) == named(real), step
                seen |= {(step, outcome) for outcome in real["names"]}
                seen |= {(step, "refused") for error in real["errors"] if "budget" in error}
            assert written(one) == written(batch)
            assert seen >= EXPECTED_OUTCOMES
        finally:
            batch.close()
            one.close()


EXPECTED_OUTCOMES = {
    ("pool", "not-pooled"),
    ("train", "refused"),
    ("complete-training", "passed"),
    ("complete-training", "failed"),
}
"""The fixed company reaches a full bench and both ends of training, so the check has teeth."""
