"""How rule results read for HR (cli/render_rules.py): example runs, an explanation condition
by condition, a diff between versions, a simulation and its impact lines. Pure functions, so
each text is checked exactly here rather than through a command."""

from __future__ import annotations

from collections import Counter

from succession_flow.application.hr_files.rule_inspection import (
    Explanation,
    RuleSetDiff,
    RuleTrace,
)
from succession_flow.application.hr_files.rule_simulation import Change, Simulation
from succession_flow.cli.render_rules import (
    diff_text,
    examples_text,
    explanation_text,
    impact_lines,
    short,
    simulation_text,
)
from succession_flow.domain.decision import Decision
from succession_flow.formats.rulebook.evaluator import Step
from succession_flow.formats.rulebook.examples import ExampleResult

VERSION = "0123456789abcdef0123"


def test_a_version_is_shown_by_its_first_twelve_characters_and_none_as_a_dash() -> None:
    assert (short(VERSION), short("")) == ("0123456789ab", "-")


def test_examples_name_each_failure_with_what_was_expected_and_count_them() -> None:
    results = [
        ExampleResult("evaluation", "strong candidate", True, "pass", "pass"),
        ExampleResult("evaluation", "weak candidate", False, "fail", "pass"),
    ]
    assert examples_text(results) == (
        "PASS evaluation: strong candidate\n"
        "FAIL evaluation: weak candidate\n"
        "     expected fail, got pass\n"
        "2 examples, 1 failed"
    )


def test_an_explanation_indents_each_condition_under_its_rule() -> None:
    steps = Step(0, "all of", True, (Step(1, "core 4.2 >= 4.0", True), Step(1, "x", False)))
    explanation = Explanation(
        ruleset="evaluation",
        version=VERSION,
        hit_policy="first",
        rules=[RuleTrace("strong", 10, True, steps)],
        decision=Decision(
            "pass",
            "strong core",
            "evaluation",
            VERSION,
            ("strong",),
            attributes={"readiness": "ready-now"},
        ),
    )
    assert explanation_text(explanation, "published") == (
        "evaluation@0123456789ab (published; hit policy first)\n"
        "decision: pass by [strong]: strong core\n"
        "set: readiness=ready-now\n"
        "rule strong (priority 10): matches\n"
        "    yes all of\n"
        "        yes core 4.2 >= 4.0\n"
        "        no  x"
    )


def test_an_explanation_by_the_default_says_so_and_sets_nothing() -> None:
    explanation = Explanation(
        "evaluation",
        VERSION,
        "first",
        [RuleTrace("strong", 1, False, Step(0, "core >= 4", False))],
        Decision("fail", "no rule matched", "evaluation", VERSION),
    )
    assert explanation_text(explanation, "file").splitlines() == [
        "evaluation@0123456789ab (file; hit policy first)",
        "decision: fail by [default]: no rule matched",
        "rule strong (priority 1): does not match",
        "    no  core >= 4",
    ]


def test_no_diff_says_so() -> None:
    assert diff_text([]) == "no differences"


def test_a_diff_names_every_kind_of_change_with_old_and_new_values() -> None:
    diff = RuleSetDiff(
        name="evaluation",
        old=VERSION,
        new="",
        added=["new-rule"],
        removed=["old-rule"],
        changed={"strong": {"when": ({"core": 4.0}, {"core": 4.1})}},
        parameters={"bar": (None, 3)},
        other={"hit_policy": ("first", "priority")},
    )
    assert diff_text([diff]).splitlines() == [
        "evaluation: 0123456789ab -> -",
        "  rule added: new-rule",
        "  rule removed: old-rule",
        "  rule strong when: {core: 4.0} -> {core: 4.1}",
        "  parameter bar: (none) -> 3",
        "  hit_policy: first -> priority",
    ]


def test_a_simulation_lists_each_change_and_says_that_nothing_was_written() -> None:
    simulation = Simulation(
        considered=Counter({"evaluate": 3, "pool": 1}),
        changes=[Change("E1@CFO", "evaluate", "evaluation", "pass", "fail", "ok", "too low")],
        unpublished=["selection"],
        errors=["E2@CFO: no ratings"],
    )
    assert simulation_text(simulation).splitlines() == [
        "considered: evaluate 3, pool 1",
        "not published yet: selection",
        "E1@CFO evaluate: pass -> fail (too low)",
        "skipped E2@CFO: no ratings",
        "1 outcome(s) would change; nothing was written",
    ]


def test_a_simulation_of_nobody_says_nobody() -> None:
    assert simulation_text(Simulation()).splitlines() == [
        "considered: nobody",
        "0 outcome(s) would change; nothing was written",
    ]


def test_impact_lines_flag_ratios_below_four_fifths_and_are_empty_without_groups() -> None:
    rows = [
        {"group": "a", "published": 1.0, "file": 0.7, "flagged": True},
        {"group": "b", "published": 1.0, "file": 0.9, "flagged": False},
    ]
    assert impact_lines([]) == []
    heading, shown = impact_lines(rows)
    assert heading == "adverse impact (impact ratio: published -> file):"
    assert shown.splitlines() == [
        "GROUP  PUBLISHED  FILE  FLAGGED",
        "a      1          0.7   below 0.8",
        "b      1          0.9",
    ]
