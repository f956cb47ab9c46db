"""HR's rule commands through the CLI: check a folder (and refuse a broken file by FILE:LINE),
run its examples (exit 8 when one fails), explain facts against the file or a published
version, and publish. The rule engine is the real one."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.cli_helpers import event_count, run, run_json
from tests.e2e.rules_setup import SHIPPED, edit, rules_copy

FACTS = """\
echelon: key-position
criticality: critical
competency_score: 4.2
latest_performance: exceeds
potential: high
years_experience: 12
bench_size: 0
target_bench: 3
ready_now_in_pool: 0
"""


def test_a_folder_of_good_rules_checks_ok_and_writes_no_store(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/none.sqlite"
    checked = run(url, "rules", "check", "--rules", str(SHIPPED))
    assert checked.exit_code == 0
    assert checked.stdout.startswith(f"ok: 6 rule sets in {SHIPPED} (evaluation, exit, pool")
    assert sorted(run_json(url, "rules", "check", "--rules", str(SHIPPED))["rulesets"]) == [
        "evaluation", "exit", "pool", "promotion", "training", "training-budget"]  # fmt: skip
    assert not (tmp_path / "none.sqlite").exists()


def test_a_broken_rule_file_is_named_by_file_and_line_with_exit_2(tmp_path: Path) -> None:
    folder = rules_copy(tmp_path)
    edit(folder / "pool.yaml", "examples:", "examples: [")
    result = run(f"sqlite:///{tmp_path}/s.sqlite", "rules", "check", "--rules", str(folder))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"{folder / 'pool.yaml'}:")


def test_every_example_passes_and_a_changed_threshold_fails_its_example_with_exit_8(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path}/s.sqlite"
    passed = run(url, "rules", "test", "--rules", str(SHIPPED))
    assert passed.exit_code == 0, passed.stderr
    assert passed.stdout.rstrip().endswith(" failed") and ", 0 failed" in passed.stdout
    folder = rules_copy(tmp_path)
    edit(folder / "pool.yaml", "competency_score: 4.2", "competency_score: 1.0")
    failed = run(url, "rules", "test", "--rules", str(folder))
    assert failed.exit_code == 8
    assert "\nFAIL pool: " in failed.stdout and "\n     expected " in failed.stdout
    assert failed.stdout.rstrip().endswith(" failed") and ", 0 failed" not in failed.stdout
    assert failed.stderr.startswith("error: ") and "examples failed" in failed.stderr


def test_facts_are_explained_against_the_file_and_the_published_version(
    store_url: str, tmp_path: Path
) -> None:
    facts = tmp_path / "facts.yaml"
    facts.write_text(FACTS)
    on_disk = run(store_url, "rules", "explain", "pool", "--facts", str(facts), "--file",
                  "--rules", str(SHIPPED))  # fmt: skip
    assert on_disk.exit_code == 0, on_disk.stderr
    assert "decision: ready-now by [emergency-successor]" in on_disk.stdout
    assert f"(file in {SHIPPED}; hit policy" in on_disk.stdout
    unpublished = run(store_url, "rules", "explain", "pool", "--facts", str(facts))
    assert unpublished.exit_code == 3
    published = run(store_url, "rules", "publish", "--rules", str(SHIPPED), "--note", "go")
    assert published.exit_code == 0, published.stderr
    assert "pool" in published.stdout
    explained = run_json(store_url, "rules", "explain", "pool", "--facts", str(facts))
    assert explained["decision"]["outcome"] == "ready-now"
    events = event_count(store_url)
    again = run(store_url, "rules", "publish", "--rules", str(SHIPPED), "--note", "again")
    assert again.exit_code == 0 and event_count(store_url) == events  # nothing changed


def test_a_facts_file_that_is_not_there_is_refused_in_one_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/s.sqlite"
    result = run(url, "rules", "explain", "pool", "--facts", str(tmp_path / "nope.yaml"),
                 "--file", "--rules", str(SHIPPED))  # fmt: skip
    assert (result.exit_code, result.stdout) == (2, "")
    assert len(result.stderr.splitlines()) == 1 and "nope.yaml" in result.stderr
