"""The demo company run exactly as `succession-flow demo` runs it (`run_demo`), but with each
batch step on its own day, so a reviewer has past dates to look back to.

Events are stamped by `eventsourcing.domain.datetime_now_with_tzinfo`, which a fixed clock
replaces while the store is built (as tests/integration/test_time_travel.py does); the same
clock is the application's, so facts and stamps agree. The timeline (UTC), 2026:
  01-12  positions, the HR exports, the organisation; rules, workflows and the plan published
  02-02  nominate · 02-16 evaluate · 03-02 pool · 03-16 train (course results arrive that day)
  06-01  complete-training (the ratings review follows) · 09-01 select, then replenish
"""

from __future__ import annotations

from datetime import UTC, datetime

import eventsourcing.domain
import pytest

from succession_flow.application.hr_files.rule_publishing import publish
from succession_flow.application.services import Services
from succession_flow.bootstrap import bootstrap
from succession_flow.demo import run as demo_run
from succession_flow.demo.run import DemoRun, run_demo

START = "2026-01-12T09:00"
STEP_DAYS = {
    "nominate": "2026-02-02T09:00",
    "evaluate": "2026-02-16T09:00",
    "pool": "2026-03-02T09:00",
    "train": "2026-03-16T09:00",
    "complete-training": "2026-06-01T09:00",
    "select": "2026-09-01T09:00",
}
POOLED_BEFORE_SELECTION = "2026-08-31"
"""A day when the pools stood as training left them, before the selection promoted anyone."""


class Clock:
    def __init__(self, start: str) -> None:
        self.now = moment(start)

    def __call__(self) -> datetime:
        return self.now


def moment(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def build_dated_demo(url: str) -> None:
    clock = Clock(START)
    step = demo_run.step

    def dated_step(services: Services, name: str, run: DemoRun) -> None:
        clock.now = moment(STEP_DAYS[name])
        step(services, name, run)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(eventsourcing.domain, "datetime_now_with_tzinfo", clock)
        patch.setattr(demo_run, "step", dated_step)
        services = bootstrap(url, clock=clock)
        try:
            run_demo(services, publish)
        finally:
            services.close()
