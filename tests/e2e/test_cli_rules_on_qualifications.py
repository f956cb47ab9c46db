"""HR can write rules on the qualifications themselves and on risk of loss, not only on yes/no
checks: such a rule set checks, tests, publishes and decides, and the facts are recorded."""

from __future__ import annotations

from pathlib import Path

from succession_flow.application.people import staffing
from succession_flow.bootstrap import bootstrap
from tests.e2e.cli_helpers import run, run_json
from tests.e2e.rules_setup import company_store, edit, rules_copy
from tests.integration.builders import ACTOR, employee_record

RULE = """  - id: flight-risk-without-key-accounts
    priority: 95
    when:
      all:
        - {fact: risk_of_loss, "==": high}
        - {not: {fact: certifications, contains: Key Accounts}}
        - {fact: education, in: [bachelor, secondary]}
    outcome: fail
    reason: likely to leave, and neither the key-accounts certificate nor a master's

  - id: not-qualified"""

FACTS = """  echelon: {type: enum, values: [key-position, management, reserve]}
  risk_of_loss: {type: enum, values: [low, medium, high, none]}
  certifications: {type: list}
  education: {type: enum, values: [secondary, bachelor, master, doctorate]}"""


def test_a_rule_on_risk_of_loss_certifications_and_education_decides(
    store_url: str, tmp_path: Path
) -> None:
    company_store(store_url)
    services = bootstrap(store_url)
    for employee_id, risk, education in (
        ("E1001", "high", "bachelor"),
        ("E1002", "high", "master"),
    ):
        record = employee_record(
            employee_id, services.today(), risk_of_loss=risk, education=education
        )
        staffing.record_employee(services, record, ACTOR)
    services.close()
    rules = rules_copy(tmp_path)
    edit(rules / "evaluation.yaml", "  - id: not-qualified", RULE)
    edit(
        rules / "evaluation.yaml",
        "  echelon: {type: enum, values: [key-position, management, reserve]}",
        FACTS,
    )
    for command in ("check", "test"):
        result = run(store_url, "rules", command, "--rules", str(rules))
        assert result.exit_code == 0, result.output
    assert (
        run(store_url, "rules", "publish", "--rules", str(rules), "--note", "risk").exit_code == 0
    )
    for key in ("E1001@VP-SALES", "E1002@VP-SALES"):
        assert run(store_url, "nominate", key, "--reason", "review").exit_code == 0
        assert run(store_url, "evaluate", key).exit_code == 0
    first = run_json(store_url, "history", "E1001@VP-SALES", "--type", "Evaluated")[0]["details"]
    second = run_json(store_url, "history", "E1002@VP-SALES", "--type", "Evaluated")[0]["details"]
    assert (first["outcome"], first["decision"]["matched"]) == (
        "fail",
        ["flight-risk-without-key-accounts"],
    )
    assert first["decision"]["facts"]["risk_of_loss"] == "high"
    assert first["decision"]["facts"]["certifications"] == ["Sales Leadership"]
    assert second["outcome"] == "pass"
