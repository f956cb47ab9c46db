"""How `explain` reads (cli/explaining.py): one block per decision, manual or by the rules,
with what it read, set, saw, rounded and whether it was overridden."""

from __future__ import annotations

from typing import Any

from succession_flow.cli.explaining import explanation_text, facts_text

BASE: dict[str, Any] = {
    "version": 3,
    "time": "2026-02-23T09:00:00+00:00",
    "event": "Evaluated",
    "step": "evaluate",
    "outcome": "pass",
    "actor": "hr",
    "attributes": {},
    "facts": {},
    "override": None,
}


def test_no_decisions_say_so() -> None:
    assert explanation_text([]) == "(no decisions recorded)"


def test_a_manual_decision_names_its_reason_and_the_os_user_who_typed_it() -> None:
    entry = {**BASE, "decided_by": "manual", "reason": "by hand", "os_user": "alice"}
    assert explanation_text([entry]) == (
        "v3 2026-02-23T09:00:00+00:00 Evaluated (evaluate) -> pass, by hr (OS user alice)\n"
        "  decided manually: by hand"
    )


def test_a_rule_decision_shows_its_rule_set_conditions_reads_facts_and_override() -> None:
    entry = {
        **BASE,
        "decided_by": "rules",
        "ruleset": "evaluation",
        "rule_version": "0123456789abcdef",
        "published": {"time": "2026-01-19", "by": "hr-owner", "note": "bar raised"},
        "rules_outcome": "fail",
        "reason": "core too low",
        "matched": [
            {
                "rule": "weak",
                "conditions": [
                    {"text": "any of", "result": True},
                    {"text": "core < 4", "result": False, "depth": 1},
                ],
            }
        ],
        "read": {"position": {"text": "CFO v2"}, "employee": {"employee": "E5", "version": 4}},
        "attributes": {"readiness": "ready-now"},
        "facts": {"core": 3.5, "ratings": ["meets", None]},
        "rounded": {"core": 1},
        "override": {
            "by": "hr-owner",
            "time": "2026-02-24",
            "rules_outcome": "fail",
            "applied_outcome": "pass",
            "justification": "calibrated",
        },
    }
    assert explanation_text([entry, {**BASE, "decided_by": "manual", "reason": "r"}]) == (
        "v3 2026-02-23T09:00:00+00:00 Evaluated (evaluate) -> pass, by hr\n"
        "  rule set evaluation@0123456789ab (published 2026-01-19 by hr-owner)\n"
        "  publish note: bar raised\n"
        "  rules said fail: core too low\n"
        "  matched weak\n"
        "    yes any of\n"
        "      no  core < 4\n"
        "  read CFO v2, employee E5 v4\n"
        "  set: readiness=ready-now\n"
        "  facts: core=3.5, ratings=[meets, missing]\n"
        "  rounded before the rules compared them: core to 1 decimals\n"
        "  OVERRIDDEN by hr-owner at 2026-02-24: rules said fail, applied pass; "
        "justification: calibrated\n"
        "\n"
        "v3 2026-02-23T09:00:00+00:00 Evaluated (evaluate) -> pass, by hr\n"
        "  decided manually: r"
    )


def test_a_rule_decision_by_the_default_unpublished_and_read_without_employee() -> None:
    entry = {
        **BASE,
        "decided_by": "rules",
        "ruleset": "pool-entry",
        "rule_version": "abc",
        "published": None,
        "rules_outcome": "pooled",
        "reason": "default",
        "matched": [],
        "read": {"position": {"text": "CFO v1"}},
    }
    assert explanation_text([entry]).splitlines()[1:] == [
        "  rule set pool-entry@abc",
        "  rules said pooled: default",
        "  matched (none: the default applied)",
        "  read CFO v1",
    ]


def test_facts_keep_the_brackets_of_a_list_and_name_its_missing_years() -> None:
    assert facts_text({"years": [None, 2.5], "ok": True}) == "years=[missing, 2.5], ok=yes"
