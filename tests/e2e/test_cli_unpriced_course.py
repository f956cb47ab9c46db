"""A plan whose course catalogue leaves out a course the published workflows train is refused
by `plan adopt` at the catalogue's line (the course would cost 0), and nothing is written."""

from __future__ import annotations

from pathlib import Path

from succession_flow.data import SHIPPED_PLAN
from tests.e2e import demo_company
from tests.e2e.cli_helpers import event_count, run


def test_a_plan_that_leaves_out_a_workflow_course_is_refused_at_its_catalogue_line(
    store_url: str, tmp_path: Path
) -> None:
    demo_company.load(store_url)  # the shipped rules and workflows published
    text = SHIPPED_PLAN.read_text()
    line = text.splitlines().index("courses:") + 1
    plan = tmp_path / "plan.yaml"
    plan.write_text("\n".join(r for r in text.splitlines() if not r.startswith("  SAL-320:")))
    before = event_count(store_url)
    result = run(store_url, "plan", "adopt", str(plan))
    assert (result.exit_code, result.stderr) == (
        2,
        f"error: {plan}:{line}: course SAL-320 (workflow key-positions, family sales) is not in"
        " the plan's course catalogue (it would be priced at 0)\n",
    )
    assert event_count(store_url) == before


def test_the_shipped_plan_prices_every_course_of_the_shipped_workflows(store_url: str) -> None:
    demo_company.load(store_url)
    assert run(store_url, "plan", "adopt", str(SHIPPED_PLAN)).exit_code == 0
