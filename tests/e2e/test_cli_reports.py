"""The report, plan and readmodel commands through the CLI: output, files, exit codes."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from succession_flow.application.queries import finding as queries
from succession_flow.application.queries.views import candidate_row
from succession_flow.bootstrap import bootstrap
from succession_flow.cli.main import cli
from tests.e2e.cli_helpers import event_count, run, run_json
from tests.integration.world import build_world

SAMPLE = Path(__file__).parents[2] / "plans" / "talent-plan.yaml"


pytestmark = [
    pytest.mark.backends("sqlite"),  # the reports' queries on PostgreSQL: tests/integration
    pytest.mark.company(build=build_world),
]


def test_report_bench_prints_coverage_and_the_successors_table(url: str) -> None:
    result = run(url, "report", "bench")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "Bench strength (key-position)",
        "coverage: 1 of 3 positions have a ready-now successor (33%)",
        "at or above target bench: 0 of 3",
        "",
        "Successors by readiness:",
        "POSITION  TITLE                     READY-NOW  READY-1-2-YEARS  READY-3-5-YEARS  SUCCESSORS  TARGET  GAP  EMERGENCY",
        "CFO       Chief Financial Officer   0          0                1                1           2       1",
        "CTO       Chief Technology Officer  0          0                0                0           2       2",
        "VP-SALES  Vice President Sales      1          1                0                2           3       1    Ada Lovelace",
    ]


@pytest.mark.parametrize(
    ("args", "first_line"),
    [
        (["report", "pipeline"], "Pipeline by stage and echelon"),
        (["report", "ninebox"], "Nine-box grid (performance x potential)"),
        (["report", "position", "VP-SALES"], "Position VP-SALES: Vice President Sales"),
    ],
)
def test_every_report_prints_its_title_first(url: str, args: list[str], first_line: str) -> None:
    result = run(url, *args)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == first_line


def test_output_writes_the_main_table_as_csv(url: str, tmp_path: Path) -> None:
    out = tmp_path / "bench.csv"
    result = run(url, "report", "bench", "--redact", "--output", str(out))
    assert (result.exit_code, result.stdout) == (0, f"wrote {out}\n")
    assert out.read_text().splitlines() == [
        "position,title,ready-now,ready-1-2-years,ready-3-5-years,successors,target,gap,emergency",
        "CFO,Chief Financial Officer,0,0,1,1,2,1,",
        "CTO,Chief Technology Officer,0,0,0,0,2,2,",
        "VP-SALES,Vice President Sales,1,1,0,2,3,1,E1",
    ]


def test_output_writes_json_and_html_by_suffix(url: str, tmp_path: Path) -> None:
    assert run(url, "report", "pipeline", "--output", str(tmp_path / "p.json")).exit_code == 0
    assert json.loads((tmp_path / "p.json").read_text())["total"] == 8
    assert run(url, "report", "ninebox", "--output", str(tmp_path / "n.html")).exit_code == 0
    page = (tmp_path / "n.html").read_text()
    assert 'data-chart="ninebox"' in page and "Farah Khan" in page and "<script" not in page


def test_a_written_report_names_when_it_was_taken_and_whether_names_were_left_out(
    url: str, tmp_path: Path
) -> None:
    """A file outlives the moment it was written, so "as of now" would mean nothing later: a
    written report of the present names the clock's time, as the HTML overview does."""
    before = datetime.now(UTC).replace(second=0, microsecond=0)
    assert run(url, "report", "ninebox", "--output", str(tmp_path / "now.html")).exit_code == 0
    after = datetime.now(UTC)
    args = ("--redact", "--as-of", "2000-01-01", "--output", str(tmp_path / "then.html"))
    assert run(url, "report", "bench", *args).exit_code == 0

    now_page, then_page = (tmp_path / "now.html").read_text(), (tmp_path / "then.html").read_text()
    assert "as of now" not in now_page and "names redacted" not in now_page
    stamp = re.search(r" - as of (\d{4}-\d\d-\d\dT\d\d:\d\d\+00:00)", now_page)
    assert stamp is not None and before <= datetime.fromisoformat(stamp[1]) <= after
    assert " - as of 2000-01-01T23:59+00:00 - names redacted" in then_page


def test_an_output_file_with_an_unknown_suffix_is_bad_input(url: str, tmp_path: Path) -> None:
    result = run(url, "report", "bench", "--output", str(tmp_path / "bench.xlsx"))
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"error: --output {tmp_path}/bench.xlsx: use a file ending in .csv, .html, .json\n"
    )


def test_redact_leaves_every_name_out(url: str) -> None:
    text = run(url, "report", "ninebox", "--redact").stdout
    value = run_json(url, "report", "ninebox", "--redact")
    assert "Ada" not in text and "Ada" not in json.dumps(value)
    assert value["boxes"][2]["people"] == [{"employee": "E1"}, {"employee": "E6"}]


def test_as_of_a_moment_before_any_event_shows_an_empty_bench(url: str) -> None:
    value = run_json(url, "report", "bench", "--as-of", "2000-01-01")
    assert value["summary"] == {"positions": 0, "with_ready_now": 0, "coverage": 0.0,
                                "meeting_target": 0, "without_successor": 0}  # fmt: skip
    assert run_json(url, "report", "bench", "--as-of", "2999-01-01") == run_json(
        url, "report", "bench"
    )


def test_a_report_as_of_a_past_moment_names_the_moment_and_not_now(url: str) -> None:
    then = run(url, "report", "pipeline", "--as-of", "2000-01-01").stdout.splitlines()
    now = run(url, "report", "pipeline").stdout.splitlines()
    # a bare date is the end of that day
    assert then[0].startswith("Pipeline by stage and echelon - as of 2000-01-01T23:59")
    assert now[0] == "Pipeline by stage and echelon"
    assert "Candidates by stage:" in then and "Candidates by stage:" in now
    assert not any("(now)" in line for line in then)


def test_the_report_of_an_unknown_position_is_not_found(url: str) -> None:
    result = run(url, "report", "position", "NOPE")
    assert (result.exit_code, result.stderr) == (3, "error: position NOPE not found\n")


def test_list_reads_the_read_model_and_shows_what_the_aggregates_hold(url: str) -> None:
    services = bootstrap(url)
    try:
        expected = [candidate_row(c) for c in queries.candidates(services)]
    finally:
        services.close()
    assert run_json(url, "list") == expected
    assert [r["candidate"] for r in run_json(url, "list", "--state", "pooled")] == [
        "E1@VP-SALES", "E4@CFO", "E7@HEAD-HR",
    ]  # fmt: skip


def test_plan_adopt_records_the_plan_and_the_training_already_started_in_its_period(
    url: str,
) -> None:
    before = event_count(url)
    result = run(url, "plan", "adopt", str(SAMPLE))
    assert (result.exit_code, result.stdout) == (0, "plan talent-plan adopted (revision 1)\n")
    assert event_count(url) == before + 2  # Adopted, PriorTrainingCounted
    value = run_json(url, "plan", "status")
    assert [g["goal"] for g in value["goals"]] == [
        "key-bench", "finance-bench", "sales-bench", "management-bench",
    ]  # fmt: skip
    assert value["budget"]["committed"] == 1800 * 2  # LEAD-101 twice
    assert value["budget"]["unpriced_courses"] == {"FIN-201": 1}
    assert run_json(url, "plan", "list")[0]["plan"] == "talent-plan"
    assert run(url, "report", "plan").stdout == run(url, "plan", "status").stdout


def test_a_bad_plan_file_is_refused_with_file_and_line_and_writes_nothing(
    url: str, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(SAMPLE.read_text().replace("training_budget: 250000", "training_budget: -5"))
    before = event_count(url)
    result = run(url, "plan", "adopt", str(bad))
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {bad}:82: safeguards.training_budget: Input should be greater than or equal to 0\n"
    )
    assert event_count(url) == before


def test_readmodel_rebuild_folds_every_event_again(url: str) -> None:
    value = run_json(url, "readmodel", "rebuild")
    assert value["events"] == event_count(url)
    assert run_json(url, "report", "bench")["summary"]["with_ready_now"] == 1


@pytest.mark.parametrize(
    "command",
    [
        ["report", "bench"], ["report", "pipeline"], ["report", "ninebox"],
        ["report", "position"], ["report", "plan"], ["report", "html"],
        ["plan", "check"], ["plan", "adopt"], ["plan", "task-done"], ["plan", "status"],
        ["plan", "list"], ["readmodel", "rebuild"],
    ],
)  # fmt: skip
def test_every_new_command_has_an_example_in_its_help(command: list[str]) -> None:
    result = CliRunner().invoke(cli, [*command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout


def test_the_plan_as_of_a_moment_before_its_adoption_did_not_exist(url: str) -> None:
    assert run(url, "plan", "adopt", str(SAMPLE)).exit_code == 0
    result = run(url, "report", "plan", "--as-of", "2000-01-01")
    assert result.exit_code == 3
    assert result.stderr == "error: plan talent-plan did not exist at 2000-01-01T23:59:59+00:00\n"


def test_the_html_report_as_of_a_moment_before_the_plan_leaves_the_plan_out(
    url: str, tmp_path: Path
) -> None:
    assert run(url, "plan", "adopt", str(SAMPLE)).exit_code == 0
    page = tmp_path / "then.html"
    assert run(url, "report", "html", str(page), "--as-of", "2000-01-01").exit_code == 0
    assert 'data-chart="plan"' not in page.read_text()
    assert run(url, "report", "html", str(page)).stdout == f"wrote {page}\n"
    assert 'data-chart="plan"' in page.read_text()


def test_plan_task_done_records_the_task_and_an_unknown_plan_is_not_found(url: str) -> None:
    assert run(url, "plan", "adopt", str(SAMPLE)).exit_code == 0
    done = run(url, "plan", "task-done", "talent-plan", "ratings-loaded", "--note", "HR export")
    assert (done.exit_code, done.stdout) == (0, "talent-plan: ratings-loaded done\n")
    tasks = run_json(url, "plan", "status")["stages"][0]["tasks"]
    assert tasks[0]["done"] != "" and tasks[1]["done"] == ""
    before = event_count(url)
    missing = run(url, "plan", "task-done", "no-such-plan", "ratings-loaded")
    assert (missing.exit_code, missing.stderr) == (3, "error: plan no-such-plan not found\n")
    assert event_count(url) == before


def test_training_beyond_the_plan_budget_is_refused_with_exit_4_and_writes_nothing(
    url: str, tmp_path: Path
) -> None:
    tight = tmp_path / "tight.yaml"
    tight.write_text(
        SAMPLE.read_text()
        .replace("training_budget: 250000", "training_budget: 1000")
        .replace("start: +0d", "start: 2000-01-01")
        .replace("end: +24m", "end: 2999-12-31")
    )
    assert run(url, "plan", "adopt", str(tight)).exit_code == 0
    before = event_count(url)
    result = run(url, "train", "E1@VP-SALES", "--course", "LEAD-301", "--deadline", "2199-01-01")
    assert result.exit_code == 4
    assert result.stderr == (
        "error: E1@VP-SALES: training refused by the talent-plan budget: the courses cost "
        "more than the training budget left (courses cost 6500, -2600 left)\n"
    )
    assert event_count(url) == before
