"""`run STEP --workers K / --partition I/K`: refused clearly when malformed, writing nothing."""

from __future__ import annotations

import pytest

from succession_flow.application.batch.workers import MAX_WORKERS
from tests.e2e.cli_helpers import event_count, run, run_json

PER_CORE = "(four per CPU core of this machine)"
VP = ["position", "add", "VP-SALES", "--title", "VP Sales", "--echelon", "key-position"]


pytestmark = pytest.mark.backends("sqlite")  # PostgreSQL workers: test_on_postgresql_* below


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--partition", "2/2"], "error: partition 2/2: need 0 <= index < count\n"),
        (["--partition", "half"], "error: --partition 'half': write INDEX/COUNT, e.g. 0/2\n"),
        (["--workers", "0"], f"error: --workers 0: need 1..{MAX_WORKERS} {PER_CORE}\n"),
        (["--workers", "1000"], f"error: --workers 1000: need 1..{MAX_WORKERS} {PER_CORE}\n"),
        (
            ["--workers", "1000", "--dry-run"],
            f"error: --workers 1000: need 1..{MAX_WORKERS} {PER_CORE}\n",
        ),
        (
            ["--workers", "2", "--partition", "0/2"],
            "error: --workers and --partition do not combine; use one or the other\n",
        ),
    ],
)
def test_a_malformed_split_of_the_work_is_bad_input_and_writes_nothing(
    url: str, args: list[str], message: str
) -> None:
    assert run(url, *VP, "--unit", "Sales").exit_code == 0
    before = event_count(url)
    result = run(url, "run", "evaluate", *args)
    assert (result.exit_code, result.stderr) == (2, message)
    assert event_count(url) == before


def test_one_partition_of_an_empty_store_steps_nobody(url: str) -> None:
    result = run(url, "--format", "json", "run", "evaluate", "--partition", "1/2")
    assert result.exit_code == 0, result.stderr
    assert '"applied": 0' in result.stdout


@pytest.mark.postgres
def test_two_workers_on_postgresql_evaluate_every_candidate_once_with_the_published_rules(
    pg_schema_url: str,
) -> None:
    from succession_flow.bootstrap import bootstrap
    from tests.e2e.rules_setup import SHIPPED
    from tests.integration.scale_helpers import POSITIONS, nominated_company

    services = bootstrap(pg_schema_url)
    keys = nominated_company(services, 3, publish=False)
    services.close()
    assert run(pg_schema_url, "rules", "publish", "--rules", str(SHIPPED)).exit_code == 0
    report = run_json(pg_schema_url, "run", "evaluate", "--workers", "2")
    again = run_json(pg_schema_url, "run", "evaluate", "--partition", "0/2")
    assert (report["applied"], report["events"], report["errors"]) == (len(keys), len(keys), [])
    assert again["applied"] == 0
    for key in keys:
        events = [e["event"] for e in run_json(pg_schema_url, "history", str(key))]
        assert events == ["Nominated", "Evaluated"], key
    assert len(keys) == 3 * len(POSITIONS)
