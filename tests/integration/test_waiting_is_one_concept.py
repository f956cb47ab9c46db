""" "Waiting for a step" is one test: `rules simulate` considers, for each judgement step, exactly
the candidates a batch run of that step would take."""

from __future__ import annotations

import pytest

from succession_flow.application.batch.runner import Scope
from succession_flow.application.batch.steps import run_step_batch
from succession_flow.application.hr_files.rule_publishing import publish
from succession_flow.application.hr_files.rule_simulation import simulate
from succession_flow.bootstrap import bootstrap
from tests.e2e.rules_setup import SHIPPED
from tests.integration.builders import ACTOR
from tests.integration.world import PATHS, build_company, walk


@pytest.mark.parametrize("step", ["evaluate", "pool", "complete-training"])
def test_simulate_considers_whom_a_batch_of_the_step_would_take(store_url: str, step: str) -> None:
    services = bootstrap(store_url)
    try:
        build_company(services)
        for key, path in PATHS.items():
            walk(services, key, path)
        publish(services, SHIPPED, ACTOR, "shipped")
        simulated = simulate(services, SHIPPED)
        batch = run_step_batch(services, step, Scope(), ACTOR, dry_run=True)
        assert simulated.considered[step] == batch.considered
    finally:
        services.close()
