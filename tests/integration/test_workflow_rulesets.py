"""Each echelon's published workflow chooses the rule set that decides its candidates."""

from __future__ import annotations

import shutil
from pathlib import Path

from succession_flow.application.batch.runner import Scope
from succession_flow.application.batch.steps import run_step_batch
from succession_flow.application.hr_files.rule_publishing import publish
from succession_flow.application.hr_files.workflows import publish_workflows, rule_steps
from succession_flow.application.queries.finding import candidates
from succession_flow.bootstrap import bootstrap
from succession_flow.data import SHIPPED_RULES, SHIPPED_WORKFLOWS
from tests.e2e import demo_company


def test_a_key_position_is_evaluated_by_the_rule_set_its_workflow_names(
    store_url: str, tmp_path: Path
) -> None:
    demo_company.load(store_url)
    rules, workflows = tmp_path / "rules", tmp_path / "workflows"
    shutil.copytree(SHIPPED_RULES, rules)
    shutil.copytree(SHIPPED_WORKFLOWS, workflows)
    source = (rules / "evaluation.yaml").read_text()
    (rules / "evaluation-key.yaml").write_text(
        source.replace("name: evaluation\n", "name: evaluation-key\n", 1)
    )
    key = workflows / "key-positions.yaml"
    key.write_text(key.read_text().replace("evaluate: evaluation\n", "evaluate: evaluation-key\n"))
    services = bootstrap(store_url)
    try:
        publish(services, rules, "hr", "a rule set of its own for key positions")
        publish_workflows(services, workflows, rule_steps(rules), "hr", "key positions use it")
        run_step_batch(services, "nominate", Scope(), "operator")
        run_step_batch(services, "evaluate", Scope(), "operator")
        used = {
            (c.echelon, event.decision["ruleset"])
            for c in candidates(services)
            for event in services.store.events_of(c.id)
            if type(event).__qualname__.endswith(".Evaluated")
        }
    finally:
        services.close()
    assert used == {
        ("key-position", "evaluation-key"),
        ("management", "evaluation"),
        ("reserve", "evaluation"),
    }
