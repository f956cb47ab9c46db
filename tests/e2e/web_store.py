"""One store for the console's tests: the hand-checked world, the shipped rules published twice
(the second with a changed threshold), the workflows, the sample talent plan, and one decision
made by the rules."""

from __future__ import annotations

import shutil
from pathlib import Path

from succession_flow.application.hr_files.plans import adopt_plan_file
from succession_flow.application.hr_files.rule_publishing import publish
from succession_flow.application.hr_files.workflows import publish_workflows
from succession_flow.application.pipeline import steps
from succession_flow.bootstrap import bootstrap
from succession_flow.data import SHIPPED_PLAN, SHIPPED_WORKFLOWS
from succession_flow.domain.keys import CandidateKey
from tests.e2e.rules_setup import SHIPPED, edit
from tests.integration.builders import ACTOR
from tests.integration.world import build_world

RULE_DECIDED = "E5@CFO"
"""Nominated by the world, then evaluated by the published rules (the others by hand)."""
EDITED_RULESET = "evaluation"


def build_web_store(url: str, scratch: Path) -> None:
    services = bootstrap(url)
    try:
        build_world(services)
        publish(services, SHIPPED, ACTOR, "the shipped rules")
        publish_workflows(services, SHIPPED_WORKFLOWS, None, ACTOR, "the shipped workflows")
        adopt_plan_file(services, SHIPPED_PLAN, ACTOR)
        steps.evaluate(services, CandidateKey.parse(RULE_DECIDED), ACTOR)
        revised = scratch / "rules"
        shutil.copytree(SHIPPED, revised)
        edit(
            revised / f"{EDITED_RULESET}.yaml",
            "key-position: 4.0, reserve: 3.2",
            "key-position: 4.1, reserve: 3.2",
        )
        publish(services, revised, "hr-owner", "core competence bar raised")
    finally:
        services.close()
