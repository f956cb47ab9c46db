"""`explain` shows each decision with its rule version, matched rules, facts, actor and override;
`audit verify` re-runs every recorded decision under the version and facts it recorded."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from succession_flow.application.audit import explanation
from succession_flow.application.audit.verification import verify
from succession_flow.application.people import staffing
from succession_flow.application.pipeline import steps
from succession_flow.application.services import Services
from succession_flow.bootstrap import bootstrap
from succession_flow.domain.candidate import Override
from succession_flow.domain.decision import Decision
from succession_flow.domain.keys import CandidateKey
from tests.e2e.cli_helpers import run, run_json
from tests.integration.builders import company, employee_record
from tests.integration.fake_rules import ThresholdEngine, publish

E1001, E1002 = CandidateKey("E1001", "VP-SALES"), CandidateKey("E1002", "VP-SALES")


@pytest.fixture
def decided(store_url: str) -> Iterator[tuple[Services, dict[str, str]]]:
    s = bootstrap(store_url, engine=ThresholdEngine())
    company(s, employees=0)
    for employee, strength in (("E1001", 4.5), ("E1002", 3.5)):
        staffing.record_employee(s, employee_record(employee, s.today(), strength), "hr")
    versions = {name: publish(s, name, actor="hannah") for name in ("evaluation", "pool", "exit")}
    for key in (E1001, E1002):
        steps.nominate(s, key, "olga", "strong")
    steps.evaluate(s, E1001, "olga")
    steps.pool(s, E1001, "olga")
    steps.evaluate(s, E1002, "olga", Override("fail", "references not checked yet"))
    yield s, versions
    s.close()


def test_explain_shows_the_rule_version_matched_rules_facts_and_actor(
    decided: tuple[Services, dict[str, str]],
) -> None:
    services, versions = decided
    entries = explanation.explain(services, E1001)
    assert [(e["event"], e["step"], e["outcome"], e["actor"]) for e in entries] == [
        ("Evaluated", "evaluate", "pass", "olga"),
        ("Pooled", "pool", "ready-now", "olga"),
    ]
    pooled = entries[1]
    assert (pooled["ruleset"], pooled["rule_version"], pooled["published"]["by"]) == (
        "pool",
        versions["pool"],
        "hannah",
    )
    assert pooled["matched"] == [{"rule": "ready", "conditions": []}]
    assert (pooled["reason"], pooled["attributes"]) == (
        "ready holds",
        {"emergency_successor": True},
    )
    assert pooled["facts"]["competency_score"] == 4.5
    assert pooled["override"] is None


def test_explain_shows_a_manual_readiness_change_with_who_and_why(
    decided: tuple[Services, dict[str, str]],
) -> None:
    services, _ = decided
    steps.change_readiness(services, E1001, "rita", "ready-1-2-years", False, "review in May")
    last = explanation.explain(services, E1001)[-1]
    assert (last["event"], last["step"], last["outcome"], last["actor"]) == (
        "ReadinessChanged",
        "change-readiness",
        "ready-1-2-years",
        "rita",
    )
    assert (last["decided_by"], last["reason"], last["attributes"]) == (
        "manual",
        "review in May",
        {"emergency_successor": False},
    )


def test_explain_shows_an_override_with_its_justification_next_to_the_rules_decision(
    decided: tuple[Services, dict[str, str]],
) -> None:
    services, _ = decided
    [entry] = explanation.explain(services, E1002)
    assert (entry["outcome"], entry["rules_outcome"], entry["matched"][0]["rule"]) == (
        "fail",
        "pass",
        "strong",
    )
    assert {k: v for k, v in entry["override"].items() if k != "time"} == {
        "by": "olga",
        "rules_outcome": "pass",
        "applied_outcome": "fail",
        "justification": "references not checked yet",
    }


def test_an_override_that_leaves_no_step_event_is_still_explained(
    decided: tuple[Services, dict[str, str]],
) -> None:
    services, versions = decided
    steps.exit_candidate(services, E1001, "olga", "withdrawn", Override("stay", "counter-offer"))
    last = explanation.explain(services, E1001)[-1]
    assert (last["event"], last["step"], last["outcome"], last["rules_outcome"]) == (
        "DecisionOverridden",
        "exit",
        "stay",
        "exit",
    )
    assert (last["rule_version"], last["override"]["justification"]) == (
        versions["exit"],
        "counter-offer",
    )


def test_the_explain_command_reads_as_blocks_and_redacts_actors(
    decided: tuple[Services, dict[str, str]], store_url: str
) -> None:
    result = run(store_url, "explain", "E1002@VP-SALES")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].endswith("Evaluated (evaluate) -> fail, by olga")
    assert lines[2] == "  publish note: published by the test"
    assert lines[3] == "  rules said pass: strong holds"
    assert lines[4] == "  matched strong"
    assert lines[-1].endswith(
        ": rules said pass, applied fail; justification: references not checked yet"
    )
    redacted = run_json(store_url, "explain", "E1002@VP-SALES", "--redact")
    assert redacted[0]["actor"].startswith("actor-")
    assert "olga" not in str(redacted)


def test_explaining_an_unknown_candidate_is_not_found(store_url: str) -> None:
    assert run(store_url, "init").exit_code == 0
    result = run(store_url, "explain", "E9@VP-SALES")
    assert (result.exit_code, result.stderr) == (3, "error: candidate E9@VP-SALES not found\n")


def test_verify_re_runs_every_recorded_decision_and_finds_none_different(
    decided: tuple[Services, dict[str, str]],
) -> None:
    services, _ = decided
    report = verify(services)
    assert (report.decisions, report.findings) == (4, [])


class ChangedEngine(ThresholdEngine):
    """An engine upgrade that silently changed what the evaluation rules decide."""

    def decide(self, source: str, facts: dict[str, Any]) -> Decision:
        decided = super().decide(source, facts)
        if '"name": "evaluation"' in source:
            return Decision("fail", "changed", decided.ruleset, decided.version, (), decided.facts)
        return decided


def test_verify_reports_each_decision_that_re_runs_differently(
    decided: tuple[Services, dict[str, str]], store_url: str
) -> None:
    decided[0].close()
    services = bootstrap(store_url, engine=ChangedEngine())
    found = [(f.check, f.subject, f.version, f.message) for f in verify(services).findings]
    services.close()
    version = decided[1]["evaluation"][:12]
    differs = f"evaluation@{version} now decides fail [default], recorded pass [strong]"
    assert found == [
        ("decision", "E1001@VP-SALES", 2, differs),
        ("decision", "E1002@VP-SALES", 2, differs),
        ("decision", "E1002@VP-SALES", 3, differs),
    ]
