"""`run STEP`, `select` and `overdue` through the CLI on the demo company, with the real rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e import demo_company
from tests.e2e.cli_helpers import event_count, run, run_json

pytestmark = [
    pytest.mark.backends("sqlite"),  # batches on PostgreSQL: test_cli_exit_sweep, integration
    pytest.mark.company(build=demo_company.build),
]


def steps(url: str, *names: str) -> None:
    for name in names:
        run_json(url, "run", name)


def test_run_nominate_puts_forward_who_the_workflows_name(url: str) -> None:
    result = run(url, "run", "nominate")
    assert result.exit_code == 0
    head, nominated = result.stdout.splitlines()[:3], result.stdout.splitlines()[3:]
    assert head == [
        "nominate: 27 of 27 candidates (27 events)",
        "OUTCOME    CANDIDATES",
        "nominated  27",
    ]
    assert nominated[0].startswith("nominated: E1001@VP-SALES, E1002@VP-SALES, ")
    assert nominated[0].endswith(", E1027@RESERVE-MGMT, E1029@RESERVE-TECH")
    assert (len(nominated), nominated[0].count("@")) == (1, 27)
    assert [c["candidate"] for c in run_json(url, "list", "--position", "CFO")] == [
        "E1005@CFO",
        "E1007@CFO",
        "E1006@CFO",
    ]


def test_a_dry_run_decides_everything_and_writes_nothing(url: str) -> None:
    steps(url, "nominate")
    before = event_count(url)
    report = run_json(url, "run", "evaluate", "--dry-run")
    assert (report["outcomes"], report["events"], report["dry_run"]) == (
        {"fail": 7, "pass": 20},
        0,
        True,
    )
    assert event_count(url) == before


@pytest.mark.parametrize("chunk_size", ["1", "10", "500"])
def test_a_dry_run_of_pool_names_whom_the_real_run_pools_whatever_the_chunk_size(
    url: str, chunk_size: str
) -> None:
    steps(url, "nominate", "evaluate")
    dry = run_json(url, "run", "pool", "--dry-run", "--chunk-size", chunk_size)
    real = run_json(url, "run", "pool")
    assert (dry["outcomes"], dry["names"]) == (real["outcomes"], real["names"])
    assert sum(real["outcomes"].values()) == sum(len(n) for n in real["names"].values()) > 0


def test_a_step_run_twice_does_its_work_once(url: str) -> None:
    steps(url, "nominate")
    first = run_json(url, "run", "evaluate", "--chunk-size", "4")
    after_first = event_count(url)
    again = run_json(url, "run", "evaluate")
    assert (first["applied"], first["events"]) == (27, 27)
    assert (again["considered"], again["applied"], again["outcomes"]) == (0, 0, {})
    assert event_count(url) == after_first


@pytest.mark.parametrize(
    ("scope", "applied"),
    [
        (("--position", "VP-SALES"), 4),
        (("--echelon", "management"), 7),
        (("--echelon", "reserve"), 9),
    ],
)
def test_a_batch_covers_one_position_one_echelon_or_all(
    url: str, scope: tuple[str, str], applied: int
) -> None:
    steps(url, "nominate")
    assert run_json(url, "run", "evaluate", *scope)["applied"] == applied


def test_train_gives_each_pooled_candidate_the_workflow_plan(url: str) -> None:
    steps(url, "nominate", "evaluate", "pool")
    report = run_json(url, "run", "train", "--echelon", "key-position")
    assert report["outcomes"] == {"in_training": 7}
    status = run_json(url, "status", "E1007@CFO")
    assert status["training_plan"]["courses"] == ["LEAD-301", "STRAT-310", "FIN-330"]
    assert status["training_plan"]["goals"] == [
        "prepare to take up the post of Chief Financial Officer",
        "raise psychological quality from 4.1 to at least 4.6",
        "work on temperament (job match 76/100)",
    ]
    reserve = run_json(url, "status", "E1023@RESERVE-TECH")
    assert reserve["state"] == "pooled"


def test_select_promotes_into_new_demand_and_reports_the_replenishment(url: str) -> None:
    steps(url, "nominate", "evaluate", "pool", "train")
    courses = Path(__file__).parents[2] / "samples" / "hr" / "courses.csv"
    rows = [line for line in courses.read_text().splitlines() if ",CTO," in line]
    cto = Path(url.removeprefix("sqlite:///")).parent / "cto.csv"
    cto.write_text("employee_id,position_id,course,score,passed\n" + "\n".join(rows) + "\n")
    run_json(url, "import", str(cto))
    steps(url, "complete-training")
    run_json(url, "position", "demand", "CTO", "1", "--reason", "the CTO retires")
    before = event_count(url)
    dry = run_json(url, "select", "CTO", "--dry-run")
    assert (dry["outcomes"], dry["events"]) == ({"promote": 1, "retain": 1}, 0)
    assert dry["replenishment"] == {
        "position_id": "CTO",
        "target": 2,
        "remaining": 1,
        "need": 1,
        "source": "the talent reserve",
        "proposals": [],
        "nominated": [],
    }  # as the real selection leaves the pool, below
    assert event_count(url) == before
    done = run(url, "select", "CTO")
    assert done.exit_code == 0
    assert done.stdout.splitlines()[-2:] == [
        "CTO pool: 1 remaining of a target bench of 2; needs 1",
        "proposed from the talent reserve: (nobody fits)",
    ]
    assert run_json(url, "status", "E1008@CTO")["state"] == "promoted"
    assert run_json(url, "position", "show", "CTO")["vacancies"] == 0


def test_nothing_is_overdue_on_the_day_of_the_steps(url: str) -> None:
    steps(url, "nominate", "evaluate")
    result = run(url, "overdue")
    assert (result.exit_code, result.stdout) == (0, "(none)\n")


def test_an_unknown_step_is_refused_with_exit_2(url: str) -> None:
    result = run(url, "run", "promote")
    assert result.exit_code == 2
    assert "'promote' is not one of 'nominate', 'approve', 'evaluate', 'pool'" in result.stderr


def test_an_unknown_position_is_not_found_and_nothing_is_written(url: str) -> None:
    before = event_count(url)
    result = run(url, "run", "nominate", "--position", "VP-SALSE")
    assert (result.exit_code, result.stderr) == (3, "error: position VP-SALSE not found\n")
    assert event_count(url) == before


def test_a_declined_pool_entry_is_not_decided_again_by_a_batch(url: str) -> None:
    steps(url, "nominate", "evaluate")
    first = run_json(url, "run", "pool")
    assert first["outcomes"]["not-pooled"] == 1
    before = event_count(url)
    again = run_json(url, "run", "pool")
    assert (again["considered"], again["applied"]) == (0, 0)
    assert event_count(url) == before
    single = run_json(url, "pool", "E1016@HEAD-HR")
    assert single["outcome"] == "not-pooled"  # an operator may ask again; the bench is full


def test_selecting_again_records_nothing_until_the_demand_changes(url: str) -> None:
    steps(url, "nominate", "evaluate", "pool", "train")
    courses = Path(__file__).parents[2] / "samples" / "hr" / "courses.csv"
    results = Path(url.removeprefix("sqlite:///")).parent / "results.csv"
    results.write_text(courses.read_text())
    run_json(url, "import", "--skip-bad", "--rejects", str(results) + ".bad", str(results))
    steps(url, "complete-training")
    first = run_json(url, "run", "select")
    assert first["outcomes"] == {"promote": 7, "retain": 8}
    before = event_count(url)
    again = run_json(url, "run", "select")
    assert (again["applied"], again["outcomes"]) == (0, {})
    assert event_count(url) == before
    run_json(url, "position", "demand", "CTO", "1", "--reason", "the CTO retires")
    after_demand = run_json(url, "run", "select")
    # E1009, retained before, is decided again (the demand changed) and stays: no vacancy left
    assert after_demand["outcomes"] == {"promote": 1, "retain": 1}
    assert run_json(url, "status", "E1008@CTO")["state"] == "promoted"
