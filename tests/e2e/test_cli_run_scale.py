"""`run STEP --workers K / --partition I/K`: refused clearly when malformed, writing nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.cli_helpers import event_count, run

VP = ["position", "add", "VP-SALES", "--title", "VP Sales", "--echelon", "key-position"]


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path}/cli.sqlite"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--partition", "2/2"], "error: partition 2/2: need 0 <= index < count\n"),
        (["--partition", "half"], "error: --partition 'half': write INDEX/COUNT, e.g. 0/2\n"),
        (["--workers", "0"], "error: --workers 0: need at least 1\n"),
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
