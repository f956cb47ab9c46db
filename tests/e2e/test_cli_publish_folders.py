"""`rules publish` and `workflows publish` say which folder they read, and the shipped defaults
(no folder given, none here) never replace what HR published; on SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from succession_flow.data import SHIPPED_RULES, SHIPPED_WORKFLOWS
from succession_flow.formats.rulebook.book import version_of
from tests.e2e.cli_helpers import event_count, run, run_json
from tests.e2e.rules_setup import edit


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory without ./rules or ./workflows, and no folder in the environment."""
    here = tmp_path / "elsewhere"
    here.mkdir()
    monkeypatch.chdir(here)
    monkeypatch.delenv("SUCCESSION_FLOW_RULES", raising=False)
    monkeypatch.delenv("SUCCESSION_FLOW_WORKFLOWS", raising=False)
    return here


def hr_rules(tmp_path: Path) -> Path:
    """HR's own rules: the shipped ones with a stricter evaluation."""
    folder = tmp_path / "hr-rules"
    shutil.copytree(SHIPPED_RULES, folder)
    edit(folder / "evaluation.yaml", "      job_match: 78\n", "      job_match: 85\n")
    return folder


def hr_workflows(tmp_path: Path) -> Path:
    folder = tmp_path / "hr-workflows"
    shutil.copytree(SHIPPED_WORKFLOWS, folder)
    edit(folder / "talent-reserve.yaml", "reserve_need: 5", "reserve_need: 6")
    return folder


def test_the_first_publish_of_the_shipped_rules_into_an_empty_store_says_so(
    store_url: str, elsewhere: Path
) -> None:
    result = run(store_url, "rules", "publish", "--note", "the defaults")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        f"rules read from {SHIPPED_RULES.resolve()} (the shipped defaults: no ./rules here)"
    )


def test_publishing_the_shipped_rules_over_hr_rules_is_refused_and_writes_nothing(
    store_url: str, elsewhere: Path, tmp_path: Path
) -> None:
    rules = hr_rules(tmp_path)
    published = run(store_url, "rules", "publish", "--rules", str(rules))
    assert published.stdout.splitlines()[0] == f"rules read from {rules}"
    before = event_count(store_url)
    refused = run(store_url, "rules", "publish", "--note", "oops")
    version = version_of((rules / "evaluation.yaml").read_text())[:12]
    assert (refused.exit_code, refused.stdout, refused.stderr) == (
        2,
        "",
        "error: no --rules given and no ./rules here: publishing the shipped rules "
        f"would replace the published evaluation {version}; "
        "name the folder: --rules PATH (or $SUCCESSION_FLOW_RULES)\n",
    )
    assert event_count(store_url) == before


def test_the_rules_folder_comes_from_the_environment_when_no_option_names_it(
    store_url: str, elsewhere: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rules = hr_rules(tmp_path)
    monkeypatch.setenv("SUCCESSION_FLOW_RULES", str(rules))
    value = run_json(store_url, "rules", "publish")
    assert (value["folder"], value["shipped_defaults"]) == (str(rules), False)
    assert [p["name"] for p in value["published"]][:1] == ["evaluation"]


def test_rules_publish_names_the_local_rules_folder_by_its_absolute_path(
    store_url: str, elsewhere: Path
) -> None:
    shutil.copytree(SHIPPED_RULES, elsewhere / "rules")
    result = run(store_url, "rules", "publish")
    assert result.stdout.splitlines()[0] == f"rules read from {elsewhere / 'rules'}"


def test_publishing_the_shipped_workflows_over_hr_workflows_is_refused_and_writes_nothing(
    store_url: str, elsewhere: Path, tmp_path: Path
) -> None:
    workflows = hr_workflows(tmp_path)
    first = run(store_url, "workflows", "publish", "--folder", str(workflows), "--note", "HR's")
    assert first.stdout.splitlines()[0] == f"workflows read from {workflows}"
    version = next(
        r["version"] for r in run_json(store_url, "workflows", "show") if r["echelon"] == "reserve"
    )
    before = event_count(store_url)
    refused = run(store_url, "workflows", "publish", "--note", "oops")
    assert (refused.exit_code, refused.stdout, refused.stderr) == (
        2,
        "",
        "error: no --folder given and no ./workflows here: publishing the shipped "
        f"workflows would replace the published reserve {version[:12]}; "
        "name the folder: --folder PATH (or $SUCCESSION_FLOW_WORKFLOWS)\n",
    )
    assert event_count(store_url) == before


def test_the_first_publish_of_the_shipped_workflows_says_it_used_the_defaults(
    store_url: str, elsewhere: Path
) -> None:
    result = run(store_url, "workflows", "publish", "--note", "the defaults")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        f"workflows read from {SHIPPED_WORKFLOWS.resolve()} (the shipped defaults: no ./workflows here)"
    )
