"""Training plans past their deadline, per echelon: the workflow's training period decides."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from succession_flow.application.batch.runner import Scope
from succession_flow.application.batch.steps import run_step_batch
from succession_flow.application.queries.overdue import overdue
from succession_flow.bootstrap import bootstrap
from tests.e2e import demo_company

RESERVE_TRAINEES = [
    "E1020@RESERVE-MGMT",
    "E1021@RESERVE-MGMT",
    "E1022@RESERVE-MGMT",
    "E1023@RESERVE-TECH",
    "E1024@RESERVE-TECH",
    "E1025@RESERVE-MGMT",
    "E1027@RESERVE-MGMT",
    "E1029@RESERVE-TECH",
]


@pytest.mark.parametrize(
    ("days_later", "late"),
    [
        (180, []),  # the reserve trains for 180 days: due today, not late
        (181, [(k, 1) for k in RESERVE_TRAINEES]),
    ],
)
def test_a_training_plan_is_overdue_the_day_after_its_deadline(
    store_url: str, days_later: int, late: list[tuple[str, int]]
) -> None:
    demo_company.load(store_url)
    services = bootstrap(store_url)
    for step in ("nominate", "evaluate", "pool", "train"):
        run_step_batch(services, step, Scope(), "operator")
    services.close()
    later = bootstrap(store_url, clock=lambda: datetime.now(UTC) + timedelta(days=days_later))
    try:
        found = overdue(later, Scope(), stage="in_training")
        assert [(o.candidate, o.days_overdue) for o in found] == late
        assert {o.echelon for o in found} <= {"reserve"}
    finally:
        later.close()
