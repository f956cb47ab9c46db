"""A rolling plan (relative dates) adopted from a file: its dates count from the first adoption.

Revising it later records the new values with the same calendar dates, so fixing a typo in
the file never moves the plan's deadlines.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from succession_flow.application.hr_files import plans
from succession_flow.bootstrap import bootstrap
from succession_flow.data import SHIPPED_PLAN
from tests.integration.builders import ACTOR


def test_a_revision_of_a_rolling_plan_keeps_the_dates_of_its_first_adoption(
    store_url: str, tmp_path: Path
) -> None:
    first = bootstrap(store_url, clock=lambda: datetime(2026, 11, 24, 9, tzinfo=UTC))
    plan, what = plans.adopt_plan_file(first, SHIPPED_PLAN, ACTOR)
    first.close()
    assert (what, plan.adopted_on, plan.spec["period"]) == (
        "adopted",
        "2026-11-24",
        {"start": "2026-11-24", "end": "2028-11-24"},
    )
    assert plan.source == SHIPPED_PLAN.read_text()  # the text as written, relative dates and all
    revised_file = tmp_path / "talent-plan.yaml"
    revised_file.write_text(
        SHIPPED_PLAN.read_text().replace("training_budget: 250000", "training_budget: 300000")
    )
    later = bootstrap(store_url, clock=lambda: datetime(2027, 3, 1, 9, tzinfo=UTC))
    try:
        revised, what = plans.adopt_plan_file(later, revised_file, ACTOR)
        assert (what, revised.revisions) == ("revised", 2)
        assert revised.spec["period"] == {"start": "2026-11-24", "end": "2028-11-24"}
        assert revised.spec["stages"][0]["due"] == "2027-02-24"  # +3m from the first adoption
        assert revised.spec["safeguards"]["training_budget"] == 300000
        assert plans.plan_in_force(later) is not None
    finally:
        later.close()
