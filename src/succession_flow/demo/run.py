"""Take the demo company through one year of the pipeline with the shipped rules and workflows.

This is what a new user sees first, so it uses the same use cases an operator would, in the
order a company would run them, each chapter on its date of last year (`story_clock`): define
positions, import the HR exports, publish the rules and workflows, adopt the sample talent plan
(so its training budget gates the training that follows), then nominate, evaluate, pool, train,
record course results, complete training, import a ratings review, select by demand and
replenish the pools; then the year-end talent review, a calibration session and the first
nominations under approval (`year_end`). It returns a summary, as of the story's last day,
instead of printing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from succession_flow.adapters.event_clock import stamped_by
from succession_flow.application.batch.runner import Scope
from succession_flow.application.batch.steps import run_step_batch
from succession_flow.application.hr_files.plans import adopt_plan_file, complete_task
from succession_flow.application.hr_files.workflows import publish_workflows, rule_steps
from succession_flow.application.people import staffing
from succession_flow.application.people.hr_import import import_rows
from succession_flow.application.pipeline.replenishing import replenish
from succession_flow.application.services import Services, utc_now
from succession_flow.data import SHIPPED_PLAN, SHIPPED_RULES, SHIPPED_SAMPLES, SHIPPED_WORKFLOWS
from succession_flow.demo import year_end
from succession_flow.demo.company import POSITIONS
from succession_flow.demo.fairness import fairness_story, revision_report
from succession_flow.demo.organisation import record_organisation, retirement
from succession_flow.demo.samples import course_rows, employee_rows
from succession_flow.demo.story_clock import StoryClock, last_year
from succession_flow.demo.summary import DemoSummary, summarise
from succession_flow.formats.hr_exports import read_export
from succession_flow.reports.overview import write_html_report

ACTOR = "demo"
NOTE = "demo company: the shipped rules and workflows"
STEPS = ((2, 2, "nominate"), (2, 23, "evaluate"), (3, 9, "pool"), (3, 16, "train"))
"""(month, day, step): the batch steps of the first quarter."""
PLAN = "talent-plan"
TASKS_DONE = {
    "adopt": ("ratings-loaded",),
    "nominate": ("nominate-key",),
    "evaluate": ("evaluate-all",),
    "pool": ("pool-review",),
    "train": ("plans-agreed",),
    "record-course": ("mid-year-check",),
    "select": ("succession-decisions",),
    "replenish": ("replenish",),
}
"""The talent plan's tasks each chapter completes, ticked off as HR would (`plan task-done`)."""

PublishRules = Callable[[Services, Path, str, str], Any]
"""Publish every rule set of a folder into the store: (services, folder, actor, note)."""


@dataclass
class DemoRun:
    outcomes: dict[str, dict[str, int]] = field(default_factory=dict)
    imported: dict[str, int] = field(default_factory=dict)
    replenished: list[dict[str, Any]] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    review: dict[str, Any] = field(default_factory=dict)
    approvals: list[dict[str, str]] = field(default_factory=list)


def load_company(services: Services, samples: Path, run: DemoRun, year: int) -> None:
    for position in POSITIONS:
        staffing.define_position(services, position, ACTOR)
    report = import_rows(services, employee_rows(samples, services.today()), ACTOR)
    run.imported = {"rows": report.rows, "events": report.events}
    record_organisation(services, ACTOR, retirement(year))


def record_courses(services: Services, samples: Path, run: DemoRun) -> None:
    """Course results arrive from the training provider's export, as HR would import them."""
    rows = course_rows(services, read_export(samples / "courses.csv"))
    report = import_rows(services, rows, ACTOR)
    run.outcomes["record-course"] = {"results": report.applied}


def review_ratings(services: Services, samples: Path, run: DemoRun) -> None:
    """A calibration review corrects last year's rating of one reserve candidate.

    The evaluation kept the rating it saw; the selection that follows sees the corrected one.
    """
    rows = employee_rows(samples, services.today(), ("ratings_review.csv",))
    run.outcomes["ratings-review"] = {"corrected": import_rows(services, rows, ACTOR).events}


def step(services: Services, name: str, run: DemoRun) -> None:
    report = run_step_batch(services, name, Scope(), ACTOR)
    run.outcomes[name] = dict(sorted(report.outcomes.items()))
    run.refused += report.errors  # e.g. training the plan's budget cannot pay for
    tick_off(services, name)


def tick_off(services: Services, chapter: str) -> None:
    for task in TASKS_DONE.get(chapter, ()):
        complete_task(services, PLAN, task, ACTOR, f"done in the demo's {chapter} chapter")


def run_demo(
    services: Services,
    publish_rules: PublishRules,
    samples: Path = SHIPPED_SAMPLES,
    clock: StoryClock | None = None,
) -> DemoSummary:
    """The demo's year, every event stamped on its chapter's date; `services` keep that clock
    (the HTML report written after is as of the story's last day too)."""
    story = clock or last_year(utc_now())
    services.clock = story
    with stamped_by(story):
        return tell(services, publish_rules, samples, story)


def tell(
    services: Services, publish_rules: PublishRules, samples: Path, clock: StoryClock
) -> DemoSummary:
    run = DemoRun()
    clock.on(1, 12)
    load_company(services, samples, run, clock.year)
    clock.on(1, 19)
    publish_rules(services, SHIPPED_RULES, ACTOR, NOTE)
    publish_workflows(services, SHIPPED_WORKFLOWS, rule_steps(SHIPPED_RULES), ACTOR, NOTE)
    adopt_plan_file(services, SHIPPED_PLAN, ACTOR)
    tick_off(services, "adopt")
    for month, day, name in STEPS:
        clock.on(month, day)
        step(services, name, run)
    clock.on(8, 31)  # before the first training period ends (the reserve's 180 days)
    record_courses(services, samples, run)
    tick_off(services, "record-course")
    clock.on(9, 7)
    step(services, "complete-training", run)
    clock.on(10, 5)
    review_ratings(services, samples, run)
    clock.on(10, 19)
    step(services, "select", run)
    for position in POSITIONS:
        need = replenish(services, position["position_id"], ACTOR, nominate_them=True)
        if need.need:
            run.replenished.append(dict(need.__dict__))
    tick_off(services, "replenish")
    clock.on(11, 16)
    run.outcomes["talent-review"] = {"reassessed": year_end.talent_review(services, samples, ACTOR)}
    run.review = year_end.calibrate(services, clock, ACTOR)
    run.approvals = year_end.approvals(services, clock, ACTOR)
    clock.on(12, 15)
    summary = summarise(services, run.outcomes, run.imported, run.replenished, run.refused)
    summary.review, summary.approvals = run.review, run.approvals
    summary.fairness = fairness_story(services)
    return summary


REPORT_FILE = "succession-flow-demo.html"


def write_report(services: Services, folder: Path, summary: DemoSummary) -> Path:
    """The HTML report of the demo company (benches, pipeline, nine-box, the talent plan's
    progress, adverse impact and the revised rule that lifts it), next to its store."""
    extra = [revision_report(summary.fairness)] if summary.fairness else []
    return write_html_report(services, folder / REPORT_FILE, extra=extra)
