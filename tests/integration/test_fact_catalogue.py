"""The catalogue `rules check` trusts is what the steps really compute (application/pipeline/facts.py)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from succession_flow.application.pipeline import facts as f
from succession_flow.bootstrap import bootstrap
from succession_flow.domain.candidate import Candidate
from succession_flow.domain.decision import Decision
from succession_flow.domain.employee import Employee
from succession_flow.domain.keys import employee_uuid, position_uuid
from succession_flow.domain.position import Position
from succession_flow.formats.rulebook.catalogue import PROVIDED, Provided
from tests.integration.builders import company


def fits(spec: Provided, value: Any) -> bool:
    if value is None:
        return spec.type in ("rating", "ratings")
    if spec.type == "boolean":
        return isinstance(value, bool)
    if spec.type == "number":
        low, high = spec.low or 0, spec.high if spec.high is not None else 1e9
        return not isinstance(value, bool) and low <= value <= high
    if spec.type == "rating":
        return value in ("does-not-meet", "partially-meets", "meets", "exceeds", "outstanding")
    if spec.type == "ratings":
        return isinstance(value, list) and all(
            v is None or fits(Provided("rating"), v) for v in value
        )
    if spec.type == "enum":
        return value in spec.values
    if spec.type == "list":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    return isinstance(value, str)


def test_every_step_provides_exactly_the_catalogued_facts_with_their_types(tmp_path: Path) -> None:
    services = bootstrap(f"sqlite:///{tmp_path}/s.sqlite")
    company(services, 1)
    today = services.today()
    store = services.store
    employee = store.get(employee_uuid("E1001"), Employee, "E1001")
    position = store.get(position_uuid("VP-SALES"), Position, "VP-SALES")
    candidate = Candidate(
        employee_id="E1001", position_id="VP-SALES", echelon="key-position", actor="t", reason="r"
    )
    computed = {"evaluation": f.evaluation_facts(employee, position, candidate, today)}
    candidate.evaluate(Decision.manual("pass", "r"), "t", {})
    computed["pool"] = f.pool_facts(employee, position, None, today, position.target_bench)
    candidate.pool(Decision.manual("ready-now", "r"), "t")
    candidate.start_training(["A", "B"], (today + timedelta(days=30)).isoformat(), [], "t")
    candidate.record_course("A", 80, True, "t")
    computed["training"] = f.training_facts(position, candidate, today)
    computed["promotion"] = f.promotion_facts(employee, position, candidate, 1, ["E1001"], today)
    computed["exit"] = f.exit_facts(employee, position, candidate, "withdrawn", today)
    services.close()
    assert {step: sorted(facts) for step, facts in computed.items()} == {
        step: sorted(PROVIDED[step]) for step in computed
    }
    wrong = [
        (step, name, value)
        for step, facts in computed.items()
        for name, value in facts.items()
        if not fits(PROVIDED[step][name], value)
    ]
    assert wrong == []
