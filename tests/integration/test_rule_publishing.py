"""Publishing rule sets: versions in the store, refusal writes nothing, old decisions replay."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from succession_flow.application.hr_files import rule_publishing as rp
from succession_flow.application.pipeline.deciding import decide
from succession_flow.application.services import Services
from succession_flow.domain.ruleset import RuleSet, ruleset_uuid
from succession_flow.formats.yaml_source import YamlProblems

SHIPPED = Path(__file__).parents[2] / "rules"
NAMES = ["evaluation", "exit", "pool", "promotion", "training", "training-budget"]
EXIT_FACTS: dict[str, Any] = {
    "echelon": "management",
    "position_id": "HEAD-HR",
    "criticality": "high",
    "state": "evaluated",
    "requested_reason": "none",
    "failed_evaluations": 2,
    "last_evaluation": "fail",
    "latest_performance": "meets",
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "rules"
    shutil.copytree(SHIPPED, copy)
    return copy


def raise_exit_threshold(folder: Path) -> None:
    """HR allows a third evaluation: the parameter and the example that shows it change."""
    path = folder / "exit.yaml"
    text = path.read_text().replace("    default: 2\n", "    default: 3\n")
    path.write_text(text.replace("failed_evaluations: 2}", "failed_evaluations: 3}"))


def states(services: Services, folder: Path) -> dict[str, str]:
    return {row.name: row.state for row in rp.status(services, folder)}


def test_publishing_records_every_changed_rule_set_once(services: Services, folder: Path) -> None:
    assert states(services, folder) == dict.fromkeys(NAMES, "new")
    report = rp.publish(services, folder, "hr-owner", "first rules")
    assert [p.name for p in report.published] == NAMES
    assert states(services, folder) == dict.fromkeys(NAMES, "same")
    events = services.store.event_count()
    again = rp.publish(services, folder, "hr-owner")
    assert (again.published, again.unchanged, services.store.event_count()) == ([], NAMES, events)
    ruleset = services.store.get(ruleset_uuid("exit"), RuleSet, "exit")
    assert ruleset.current_source == (folder / "exit.yaml").read_text()


def test_a_changed_threshold_is_a_new_version_and_old_decisions_replay_under_the_old_one(
    services: Services, folder: Path
) -> None:
    rp.publish(services, folder, "hr-owner")
    before = decide(services, "exit", EXIT_FACTS)
    assert (before.outcome, before.matched) == ("exit", ("failed-evaluation-again",))
    raise_exit_threshold(folder)
    assert states(services, folder)["exit"] == "changed"
    report = rp.publish(services, folder, "hr-owner", "a third chance")
    assert [(p.name, p.previous) for p in report.published] == [("exit", before.version)]
    after = decide(services, "exit", EXIT_FACTS)
    assert (after.outcome, after.matched) == ("stay", ())
    assert after.version == report.published[0].version != before.version
    (folder / "exit.yaml").unlink()
    assert states(services, folder)["exit"] == "deleted"
    assert rp.replay_decision(services, before.to_dict()) == before
    assert rp.replay_decision(services, after.to_dict()) == after


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("priority: 100", "priority: high", "rules.0.priority: Input should be a valid integer"),
        ("    expect: stay\n", "    expect: exit\n", "exit: example 'one failed evaluation stays"),
    ],
)
def test_a_refused_publish_writes_nothing(
    services: Services, folder: Path, old: str, new: str, message: str
) -> None:
    rp.publish(services, folder, "hr-owner")
    raise_exit_threshold(folder)
    path = folder / "exit.yaml"
    path.write_text(path.read_text().replace(old, new, 1))
    events = services.store.event_count()
    with pytest.raises((YamlProblems, rp.ExamplesFailed)) as raised:
        rp.publish(services, folder, "hr-owner")
    assert message in str(raised.value)
    assert services.store.event_count() == events


def test_status_compares_files_even_while_one_is_invalid(services: Services, folder: Path) -> None:
    rp.publish(services, folder, "hr-owner")
    (folder / "training.yaml").write_text("name: training\nrules: [half written\n")
    (folder / "succession.yaml").write_text("name: succession\n")
    assert states(services, folder) == {
        "evaluation": "same",
        "exit": "same",
        "pool": "same",
        "promotion": "same",
        "succession": "new",
        "training": "changed",
        "training-budget": "same",
    }
