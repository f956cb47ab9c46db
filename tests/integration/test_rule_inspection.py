"""Inspecting published rules: a version diffed against the files or against another version,
a version picked by an unambiguous prefix, and why the published rules decide given facts.

The store holds the shipped rules, then `exit` published again with a third failed evaluation
allowed (failed_evaluations_to_exit 2 -> 3): two versions of `exit`, one of everything else.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from tempfile import TemporaryDirectory

import pytest

from succession_flow.application.hr_files import rule_inspection as ri
from succession_flow.application.hr_files.rule_publishing import publish, published_rulesets
from succession_flow.application.services import Services
from succession_flow.domain.errors import InvalidInput, NotFound
from tests.integration.builders import ACTOR

SHIPPED = Path(__file__).parents[2] / "rules"
EXIT_FACTS = {"requested_reason": "none", "failed_evaluations": 2}


def third_chance(folder: Path) -> None:
    path = folder / "exit.yaml"
    text = path.read_text().replace("    default: 2\n", "    default: 3\n")
    path.write_text(text.replace("failed_evaluations: 2}", "failed_evaluations: 3}"))


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("rules")
    edited = shutil.copytree(SHIPPED, base / "edited")
    third_chance(edited)
    fewer = shutil.copytree(SHIPPED, base / "fewer")
    (fewer / "promotion.yaml").unlink()
    return {"edited": edited, "fewer": fewer}


def two_exit_versions(services: Services) -> None:
    publish(services, SHIPPED, ACTOR, "first rules")
    with TemporaryDirectory() as scratch:
        edited = shutil.copytree(SHIPPED, Path(scratch) / "rules")
        third_chance(edited)
        publish(services, edited, ACTOR, "a third chance")


pytestmark = pytest.mark.company(build=two_exit_versions)


def exit_versions(services: Services) -> list[str]:
    return list(published_rulesets(services, ["exit"])["exit"].sources)


def test_the_files_differ_from_the_store_only_where_a_version_differs(
    module_services: Services, folders: dict[str, Path]
) -> None:
    assert [d.name for d in ri.diff_files(module_services, folders["edited"])] == []
    (diff,) = ri.diff_files(module_services, SHIPPED)
    old, new = exit_versions(module_services)
    assert (diff.name, diff.old, diff.new) == ("exit", new, old)
    assert diff.parameters == {"failed_evaluations_to_exit": (3, 2)}
    assert (diff.added, diff.removed, diff.changed, diff.other) == ([], [], {}, {})


def test_a_rule_set_missing_from_the_files_shows_every_rule_removed(
    module_services: Services, folders: dict[str, Path]
) -> None:
    diffs = {d.name: d for d in ri.diff_files(module_services, folders["fewer"])}
    assert sorted(diffs) == ["exit", "promotion"]
    gone = diffs["promotion"].to_dict()
    assert gone["new"] == ""
    assert gone["removed"] == [r.id for r in ri.published_book(module_services, "promotion").rules]
    assert gone["added"] == []
    assert gone["other"]["hit_policy"]["new"] is None


def test_two_published_versions_are_diffed_by_unambiguous_prefixes(
    module_services: Services,
) -> None:
    old, new = exit_versions(module_services)
    diff = ri.diff_versions(module_services, old[:8], new[:10])
    assert diff.to_dict() == {
        "ruleset": "exit", "old": old, "new": new, "added": [], "removed": [], "changed": {},
        "parameters": {"failed_evaluations_to_exit": {"old": 2, "new": 3}}, "other": {},
    }  # fmt: skip
    assert ri.published_book(module_services, "exit", old[:8]).version == old
    assert ri.published_book(module_services, "exit").version == new


def test_a_version_no_single_rule_set_has_or_versions_of_two_rule_sets_are_refused(
    module_services: Services,
) -> None:
    old, _ = exit_versions(module_services)
    with pytest.raises(NotFound) as unknown:
        ri.diff_versions(module_services, "ffffffffff", old)
    assert str(unknown.value) == "--from ffffffffff: no single published version starts so"
    with pytest.raises(NotFound, match=r"^--to : no single published version starts so$"):
        ri.diff_versions(module_services, old, "")
    pool = published_rulesets(module_services, ["pool"])["pool"].current
    with pytest.raises(InvalidInput) as mixed:
        ri.diff_versions(module_services, old, pool)
    assert str(mixed.value) == "--from is a version of exit, --to of pool"


@pytest.mark.parametrize(("version", "outcome"), [(0, "exit"), (1, "stay")])
def test_explain_traces_each_rule_and_takes_the_decision_from_the_engine(
    module_services: Services, version: int, outcome: str
) -> None:
    """Two failed evaluations exit under the first version and not under the third chance."""
    book = ri.published_book(module_services, "exit", exit_versions(module_services)[version])
    explained = ri.explain(module_services.engine, book, EXIT_FACTS)
    assert explained.decision.outcome == outcome
    matched = [r.id for r in explained.rules if r.matched]
    assert matched == (["failed-evaluation-again"] if outcome == "exit" else [])
    value = explained.to_dict()
    assert (value["ruleset"], value["version"]) == ("exit", book.version)
    again = next(r for r in value["rules"] if r["id"] == "failed-evaluation-again")
    assert again["matched"] is (outcome == "exit")
    assert again["why"]["result"] is (outcome == "exit")
    assert value["decision"]["outcome"] == outcome


def test_a_rule_set_not_in_the_folder_is_not_found_there(folders: dict[str, Path]) -> None:
    assert ri.file_book(folders["edited"], "exit").name == "exit"
    with pytest.raises(NotFound) as missing:
        ri.file_book(folders["fewer"], "promotion")
    assert str(missing.value) == f"rule set 'promotion' not found in {folders['fewer']}"
