"""`demo` writes one year of a company into a fresh store on each backend, and what it prints
is what the reports over that store say; the read commands then answer from the same store.
The demo runs once per backend (a few seconds); every test after it only reads."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from succession_flow.demo.run import REPORT_FILE
from tests.e2e.cli_helpers import event_count, run, run_json


@pytest.fixture(scope="module")
def demo(module_store_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The demo's JSON summary; its HTML report goes next to a SQLite file, else here (cwd)."""
    here = tmp_path_factory.mktemp("demo-cwd")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(here)
        summary = run_json(module_store_url, "demo")
        yield summary


def test_the_demo_tells_its_year_in_every_echelon(demo: Any, module_store_url: str) -> None:
    assert (demo["store"], demo["positions"], demo["employees"]) == (module_store_url, 9, 30)
    assert set(demo["steps"]) >= {"nominate", "evaluate", "pool", "train", "select"}
    assert [row["echelon"] for row in demo["stages"]] == ["key-position", "management", "reserve"]
    assert (
        sum(sum(v for k, v in row.items() if k != "echelon") for row in demo["stages"])
        == (demo["candidates"])
    )
    assert Path(demo["report"]).name == REPORT_FILE and Path(demo["report"]).exists()


def test_the_summary_counts_the_pipeline_as_list_does(demo: Any, module_store_url: str) -> None:
    listed = run_json(module_store_url, "list")
    promoted = sorted(c["candidate"] for c in listed if c["state"] == "promoted")
    assert promoted == sorted(p["candidate"] for p in demo["promoted"])
    assert len(listed) == demo["candidates"]


def test_the_summary_benches_are_report_bench(demo: Any, module_store_url: str) -> None:
    bench = run_json(module_store_url, "report", "bench", "--echelon", "key-position")
    ready_now = {r["position"]: r["ready-now"] for r in bench["positions"]}
    shown = {r["position"]: r["ready-now"] for r in demo["benches"]}
    assert {p: shown[p] for p in ready_now} == ready_now


def test_the_plan_the_session_and_the_approvals_are_in_the_summary(demo: Any) -> None:
    assert demo["plan"]["plan"] == "talent-plan"
    assert set(demo["plan"]["budget"]) == {"currency", "budget", "committed", "remaining"}
    assert demo["review"]["applied"] == len(demo["review"]["moves"]) > 0
    assert sorted(a["decided"] for a in demo["approvals"]) == ["approved", "rejected"]
    assert demo["fairness"]["step"] and demo["organisation"]["vacancy_risk"]["high"] >= 1


def test_the_demo_refuses_a_store_that_already_holds_events(
    demo: Any, module_store_url: str
) -> None:
    before = event_count(module_store_url)
    result = run(module_store_url, "demo")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and "already" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert event_count(module_store_url) == before


def test_the_demos_text_names_each_part_of_its_year(tmp_path: Path) -> None:
    result = run(f"sqlite:///{tmp_path}/text.sqlite", "demo")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    for heading in (
        "Demo company: 9 positions, 30 employees",
        "Steps (decided by the published rules, per echelon workflow):",
        "Candidates by stage:",
        "Benches (pool members by readiness):",
        "Pools replenished after selection:",
        "Talent plan talent-plan",
        "Succession org chart (report orgchart): vacancy risk high",
        "Talent review session",
        "Nominations under approval (key positions, from December):",
        "Fairness audit of the",
        f"HTML report: {tmp_path / REPORT_FILE}",
    ):
        assert heading in text


def test_replace_then_serve_starts_over_and_hands_the_console_its_demo_users(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`listen` (uvicorn, until Ctrl-C) is the one part replaced: it records what it was given."""
    from succession_flow.cli import commands_serve

    served: list[tuple[str, str, int]] = []
    monkeypatch.setattr(
        commands_serve,
        "listen",
        lambda config, host, port: served.append((config.store_url, host, port)),
    )
    url = f"sqlite:///{tmp_path}/served.sqlite"
    assert run(url, "demo").exit_code == 0
    first = event_count(url)
    value = run_json(url, "demo", "--replace", "--serve", "--port", "8123")
    assert served == [(url, "127.0.0.1", 8123)]
    assert value["console"] == "http://127.0.0.1:8123/"
    assert [u["user"] for u in value["users"]] == [
        "demo-reviewer",
        "demo-operator",
        "demo-hr-owner",
        "demo-auditor",
    ]
    assert all(len(u["password"]) >= 16 for u in value["users"])
    assert event_count(url) > first  # the same year again, plus the users and their roles
    roles = {r["actor"]: r["roles"] for r in run_json(url, "role", "list")}
    assert roles["demo-auditor"] == ["auditor"]


def test_replace_removes_only_a_store_the_demo_wrote(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/mine.sqlite"
    assert run(url, "init").exit_code == 0
    result = run(url, "demo", "--replace")
    assert (result.exit_code, result.stderr) == (
        2,
        f"error: {tmp_path}/mine.sqlite is not a demo store; --replace removes only demo stores\n",
    )
    assert event_count(url) == 0


READS = [
    (("position", "show", "CFO"), "title               Chief Financial Officer"),
    (("position", "pool", "CTO"), "CTO pool as of now: ready-now 2"),
    (("position", "list"), "VP-SALES      Vice President Sales"),
    (("employee", "show", "E1001"), "name              Ana Lima"),
    (("employee", "demographics", "E1001"), "declared        yes"),
    (("status", "E1001@VP-SALES"), "name                 Ana Lima"),
    (("history", "E1001@VP-SALES"), "Nominated"),
    (("explain", "E1001@VP-SALES"), "rules said pass:"),
    (("review", "list"), "key-positions-year-end  echelon=key-position  closed"),
    (("review", "show", "key-positions-year-end"), "(closed): echelon key-position"),
    (("report", "position", "CFO"), "Position CFO: Chief Financial Officer"),
    (("report", "pipeline"), "candidates: 33"),
    (("report", "ninebox"), "placed: 30"),
    (("report", "orgchart"), "vacancy risk: high 1"),
    (("report", "adverse-impact"), "the four-fifths rule"),
    (("report", "plan"), "Talent plan talent-plan"),
    (("plan", "status", "talent-plan"), "training budget:"),
    (("plan", "list"), "talent-plan  Succession readiness"),
    (("overdue", "--echelon", "reserve"), "E1026@RESERVE-TECH  reserve  evaluated"),
    (("rules", "status"), "evaluation       same"),
    (("rules", "diff"), "no differences"),
    (("rules", "simulate"), "0 outcome(s) would change; nothing was written"),
    (("workflows", "show", "reserve"), "reserve: talent-reserve"),
    (("audit", "verify"), "no problems found"),
    (("token", "list"), "no tokens"),
]


@pytest.mark.parametrize(("args", "shown"), READS, ids=[" ".join(a) for a, _ in READS])
def test_each_read_answers_from_the_demo_store_in_text_and_json(
    demo: Any, module_store_url: str, args: tuple[str, ...], shown: str
) -> None:
    text = run(module_store_url, *args)
    assert (text.exit_code, text.stderr) == (0, "")
    assert shown in text.stdout
    assert isinstance(run_json(module_store_url, *args), (list, dict))


@pytest.mark.parametrize(
    "args", [("run", "evaluate"), ("run", "exit"), ("select", "CTO")], ids=" ".join
)
def test_a_dry_batch_names_whom_the_real_run_would_in_text_and_csv_and_writes_nothing(
    demo: Any, module_store_url: str, tmp_path: Path, args: tuple[str, ...]
) -> None:
    before = event_count(module_store_url)
    names = tmp_path / "names.csv"
    text = run(module_store_url, *args, "--dry-run", "--names-csv", str(names))
    assert text.exit_code == 0, text.stderr
    assert "(dry run: nothing written)" in text.stdout
    with names.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    for row in rows:
        assert row["candidate"].partition("@")[0] in text.stdout
    assert run_json(module_store_url, *args, "--dry-run")["dry_run"] is True
    assert event_count(module_store_url) == before


def test_a_kept_digest_and_an_export_verify_the_demos_record(
    demo: Any, module_store_url: str, tmp_path: Path
) -> None:
    digest, record = tmp_path / "digest.json", tmp_path / "record.jsonl"
    assert run(module_store_url, "audit", "digest", "--output", str(digest)).exit_code == 0
    since = run_json(module_store_url, "audit", "verify", "--since-digest", str(digest))
    assert (since["ok"], "without_digest" in since) == (True, False)
    exported = run(module_store_url, "audit", "export", str(record), "--redact")
    events = event_count(module_store_url)
    assert exported.stdout == f"exported {events} events to {record}\n"
    offline = run_json(module_store_url, "audit", "verify", "--export", str(record),
                       "--since-digest", str(digest))  # fmt: skip
    assert (offline["ok"], offline["events"], offline["findings"]) == (True, events, [])


def test_an_export_or_a_file_to_verify_that_cannot_be_opened_is_one_line_exit_2(
    demo: Any, module_store_url: str, tmp_path: Path
) -> None:
    nowhere = tmp_path / "nowhere" / "record.jsonl"
    written = run(module_store_url, "audit", "export", str(nowhere))
    assert (written.exit_code, written.stderr) == (
        2,
        f"error: {nowhere}: No such file or directory\n",
    )
    read = run(module_store_url, "audit", "verify", "--export", str(tmp_path / "none.jsonl"))
    assert (read.exit_code, read.stdout) == (2, "")
    assert len(read.stderr.splitlines()) == 1 and "none.jsonl" in read.stderr
