"""A rule set's versions: each published once, found by an unambiguous prefix, and an accepted
adverse impact recorded only for the current version and only with a justification."""

from __future__ import annotations

import pytest

from succession_flow.domain.errors import IllegalTransition, InvalidInput, NotFound
from succession_flow.domain.ruleset import RuleSet

OLD, NEW = "abc123" + "0" * 58, "abd456" + "1" * 58


def published() -> RuleSet:
    ruleset = RuleSet(name="exit", actor="hr")
    ruleset.publish("exit", OLD, "old source", "hr", "first")
    ruleset.publish("exit", NEW, "new source", "hr", "a third chance")
    return ruleset


def test_versions_are_found_by_an_unambiguous_prefix_only() -> None:
    ruleset = published()
    assert (ruleset.source_of("abc"), ruleset.source_of(NEW), ruleset.current_source) == (
        "old source", "new source", "new source"
    )  # fmt: skip
    for version in ("ab", "", "ffff"):
        with pytest.raises(NotFound) as refused:
            ruleset.source_of(version)
        assert str(refused.value) == f"rule set exit: no single version {version!r}"
    assert ruleset.history == [OLD, NEW]


def test_the_current_version_is_not_published_again_and_an_empty_set_has_no_source() -> None:
    ruleset = published()
    with pytest.raises(
        IllegalTransition, match=r"^rule set exit: version abd456111111 is already published$"
    ):
        ruleset.publish("exit", NEW, "new source", "hr", "again")
    ruleset.publish("exit", OLD, "old source", "hr", "rolled back")
    assert (ruleset.current, ruleset.history) == (OLD, [OLD, NEW, OLD])
    with pytest.raises(NotFound, match=r"^rule set draft: nothing published$"):
        _ = RuleSet(name="draft", actor="hr").current_source


def test_an_impact_is_accepted_for_the_current_version_with_a_reason_and_is_an_event() -> None:
    ruleset = published()
    with pytest.raises(InvalidInput, match=r"^--justification is required"):
        ruleset.accept_impact(NEW, ["evaluate sex: female"], "  ", "hr")
    with pytest.raises(IllegalTransition) as old:
        ruleset.accept_impact(OLD, ["evaluate sex: female"], "reviewed", "hr")
    assert str(old.value) == "rule set exit: abc123000000 is not the current one"
    before = len(ruleset.collect_events())
    ruleset.accept_impact(NEW, ["evaluate sex: female"], "reviewed with the council", "hr")
    (accepted,) = ruleset.collect_events()
    assert before == 3
    assert type(accepted).__name__ == "ImpactAccepted"
    assert (accepted.flagged, accepted.justification) == (  # type: ignore[attr-defined]
        ["evaluate sex: female"], "reviewed with the council"
    )  # fmt: skip
