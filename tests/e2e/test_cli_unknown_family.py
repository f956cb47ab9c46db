"""A family no published workflow names is refused in one line (it would silently take the
default courses): on `position add`, `position update` and `position import`, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.cli_helpers import event_count, run, run_json

ROOT = Path(__file__).parents[2]
KNOWN = "engineering, finance, general, operations, sales, talent"
REFUSED = (
    f"family 'salez' is not one of {KNOWN} (the families the published workflows name courses"
    " for; general takes each workflow's default courses)"
)
ADD = ["position", "add", "VP-X", "--title", "VP X", "--echelon", "key-position", "--unit", "U"]


@pytest.fixture
def published(store_url: str) -> str:
    rules, workflows = str(ROOT / "rules"), str(ROOT / "workflows")
    assert run(store_url, "rules", "publish", "--rules", rules, "--note", "r").exit_code == 0
    flow = ["workflows", "publish", "--folder", workflows, "--rules", rules, "--note", "w"]
    assert run(store_url, *flow).exit_code == 0, run(store_url, *flow).stderr
    return store_url


def test_position_add_with_an_unknown_family_is_refused_and_writes_nothing(published: str) -> None:
    before = event_count(published)
    result = run(published, *ADD, "--family", "salez")
    assert (result.exit_code, result.stderr) == (2, f"error: {REFUSED}\n")
    assert event_count(published) == before


def test_a_named_family_and_general_are_accepted(published: str) -> None:
    assert run(published, *ADD, "--family", "sales").exit_code == 0
    assert run(published, *ADD[:2], "VP-Y", *ADD[3:]).exit_code == 0  # general, the default


def test_position_update_to_an_unknown_family_is_refused(published: str) -> None:
    assert run(published, *ADD, "--family", "sales").exit_code == 0
    before = event_count(published)
    result = run(published, "position", "update", "VP-X", "--family", "salez", "--reason", "r")
    assert (result.exit_code, result.stderr) == (2, f"error: {REFUSED}\n")
    assert event_count(published) == before


def test_a_positions_file_with_an_unknown_family_names_its_row_and_column(
    published: str, tmp_path: Path
) -> None:
    path = tmp_path / "positions.csv"
    path.write_text("position_id,title,echelon,unit,family\nVP-X,VP X,key-position,U,salez\n")
    result = run(published, "position", "import", str(path))
    assert (result.exit_code, result.stderr) == (2, f"error: {path}:row 2:family: {REFUSED}\n")


def test_without_published_workflows_any_family_is_taken(store_url: str) -> None:
    assert run_json(store_url, *ADD, "--family", "salez")["position"] == "VP-X"
