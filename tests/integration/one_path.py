"""Generated small companies, and the checks that every way of running a step agrees.

A company is a few positions and 5-30 employees with random HR data (competencies, ratings,
education, experience, potential) plus random course results. The checks walk it through the
batch steps on one store and through the single-candidate commands on a copy of it, and compare
what each wrote, event by event, with the dry runs' reports in between.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from succession_flow.application.batch.runner import BatchReport, Scope
from succession_flow.application.batch.steps import run_step_batch
from succession_flow.application.batch.workers import run_workers
from succession_flow.application.hr_files import plans, rule_publishing
from succession_flow.application.hr_files.workflows import publish_workflows, rule_steps
from succession_flow.application.people import staffing
from succession_flow.application.pipeline import steps
from succession_flow.application.queries.finding import candidate_keys
from succession_flow.application.services import Services
from succession_flow.bootstrap import bootstrap
from succession_flow.data import SHIPPED_PLAN as PLAN
from succession_flow.domain.candidate import Candidate
from succession_flow.domain.errors import SuccessionError
from succession_flow.domain.keys import CandidateKey
from succession_flow.domain.lifecycle import EDUCATION_LEVELS, LEVELS, RATINGS, State
from succession_flow.formats.planbook.loader import parse_plan
from tests.e2e.rules_setup import SHIPPED
from tests.integration.builders import ACTOR, employee_record, position_spec

WORKFLOWS = Path(__file__).parents[2] / "workflows"
STEPS = ("nominate", "evaluate", "pool", "train", "complete-training", "exit")
ECHELONS = ("key-position", "management", "reserve")
FAMILIES = ("sales", "finance", "general")


@dataclass(frozen=True)
class Company:
    positions: list[dict[str, Any]]
    people: list[dict[str, Any]]
    scores: dict[str, float | None]
    """Each employee's score in every course of their plan; None: no results yet."""
    budget: int | None = None
    """The training budget of the talent plan in force; None: no plan, no budget gate."""


@st.composite
def companies(draw: Callable[..., Any], today: date) -> Company:
    positions = [
        position_spec(
            f"P{n}",
            echelon=draw(st.sampled_from(ECHELONS)),
            target_bench=draw(st.integers(1, 2)),
            vacancies=draw(st.integers(0, 2)),
            min_education=draw(st.sampled_from(EDUCATION_LEVELS[:3])),
            min_years=draw(st.integers(0, 10)),
            certifications=draw(st.sampled_from([[], ["Sales Leadership"]])),
            family=draw(st.sampled_from(FAMILIES)),
        )
        for n in range(1, draw(st.integers(1, 3)) + 1)
    ]
    people = [person(draw, f"E{1001 + n}", today) for n in range(draw(st.integers(5, 30)))]
    no_results = st.none() | st.integers(40, 100).map(float)
    scores = {p["employee_id"]: draw(no_results) for p in people}
    budget = draw(st.none() | st.integers(0, 8).map(lambda n: n * 10_000))
    return Company(positions, people, scores, budget)


def mostly(good: st.SearchStrategy[Any], anything: st.SearchStrategy[Any]) -> Any:
    """Half the draws from the good end, so pools fill and benches overflow in most examples."""
    return good | anything


def person(draw: Callable[..., Any], employee_id: str, today: date) -> dict[str, Any]:
    level = mostly(st.integers(38, 50), st.integers(20, 50)).map(lambda n: n / 10)
    rating = mostly(st.sampled_from(RATINGS[2:]), st.sampled_from(RATINGS))
    record = employee_record(employee_id, today)
    record["competencies"] = {name: draw(level) for name in record["competencies"]}
    record["job_match"] = {name: draw(st.integers(40, 100)) for name in record["job_match"]}
    record["ratings"] = {str(today.year - k): draw(rating) for k in (1, 2)}
    record["education"] = draw(mostly(st.just("master"), st.sampled_from(EDUCATION_LEVELS)))
    record["years_experience"] = draw(mostly(st.integers(8, 20), st.integers(0, 20)))
    record["potential"] = draw(mostly(st.just("high"), st.sampled_from(LEVELS)))
    return record


def publish_shipped(services: Services) -> None:
    """The shipped rules and workflows: the same for every company, so published once into a
    template store that each example copies (parsing them is most of an example's time)."""
    rule_publishing.publish(services, SHIPPED, ACTOR, "shipped rules")
    publish_workflows(services, WORKFLOWS, rule_steps(SHIPPED), ACTOR, "shipped workflows")


def build(services: Services, company: Company) -> None:
    if company.budget is not None:
        text = re.sub(
            r"training_budget: \d+", f"training_budget: {company.budget}", PLAN.read_text()
        )
        plan = parse_plan(text, "plans/generated.yaml")
        plans.adopt_plan(services, plan.id, plan.to_data(), text, ACTOR)
    for spec in company.positions:
        staffing.define_position(services, spec, ACTOR)
    for record in company.people:
        staffing.record_employee(services, record, ACTOR)


def copy_sqlite(source_url: str, target_url: str) -> None:
    """A consistent copy of a SQLite store (the backup API, whatever the journal mode)."""
    source = sqlite3.connect(source_url.removeprefix("sqlite:///"))
    target = sqlite3.connect(target_url.removeprefix("sqlite:///"))
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()


def outcomes(report: BatchReport) -> dict[str, list[str]]:
    """Who got which outcome (and who was skipped, with why): what a dry run must predict."""
    named = {outcome: sorted(names) for outcome, names in report.names.items()}
    return {**named, "(skipped)": sorted(report.errors)}


def dry_run(url: str, step: str, chunk_size: int, workers: int) -> BatchReport:
    """`run STEP --dry-run --chunk-size C --workers K`, as the CLI runs it."""
    if workers == 1:
        services = bootstrap(url)
        try:
            return run_step_batch(services, step, Scope(), ACTOR, True, chunk_size=chunk_size)
        finally:
            services.close()
    opener = partial(bootstrap, url)
    return run_workers(opener, step, Scope(), ACTOR, workers, True, chunk_size)


def record_results(services: Services, company: Company) -> None:
    """Course results for those who have them, the same on every store."""
    for key in candidate_keys(services, states=(State.IN_TRAINING,)):
        score = company.scores.get(key.employee_id)
        if score is None:
            continue
        candidate = services.store.find(key.uuid, Candidate)
        assert candidate is not None
        for course in candidate.plan["courses"]:
            steps.record_course(services, key, ACTOR, course, score, None)


def single(services: Services, step: str, key: CandidateKey, reason: str) -> str:
    """The one-candidate command of a batch step; its outcome."""
    if step == "nominate":
        return steps.nominate(services, key, ACTOR, reason).outcome
    if step == "evaluate":
        return steps.evaluate(services, key, ACTOR).outcome
    if step == "pool":
        return steps.pool(services, key, ACTOR).outcome
    if step == "train":
        return steps.train(services, key, ACTOR, [], None, []).outcome
    if step == "exit":
        return steps.exit_candidate(services, key, ACTOR).outcome
    return steps.complete_training(services, key, ACTOR).outcome


def taken(batch: Services, named: dict[str, list[str]]) -> list[tuple[CandidateKey, str]]:
    """Who the batch stepped or skipped, in its order (nomination order), with the reason each
    was nominated for (what a one-candidate nomination is given)."""
    keys = {name.split(": ", 1)[0] for names in named.values() for name in names}
    return [
        (key, batch.store.events_of(key.uuid)[0].reason)
        for key in candidate_keys(batch)
        if str(key) in keys
    ]


def skipped(key: CandidateKey, message: str) -> str:
    """A single command's refusal as a batch reports it: prefixed by the key, unless the
    message names it already (a budget refusal does)."""
    return message if message.startswith(f"{key}: ") else f"{key}: {message}"


def one_by_one(
    services: Services, batch: Services, step: str, report: BatchReport
) -> dict[str, list[str]]:
    """Each candidate the batch took, stepped by its own command in the batch's order."""
    result = BatchReport(step=step)
    for key, reason in taken(batch, outcomes(report)):
        try:
            result.record(key, single(services, step, key, reason))
        except SuccessionError as error:
            result.errors.append(skipped(key, str(error)))
    return outcomes(result)


HIDDEN = ("timestamp", "originator_topic")


def written(services: Services) -> dict[Any, list[tuple[str, dict[str, Any]]]]:
    """Every aggregate's events as type and content (not when they were written)."""
    found: dict[Any, list[tuple[str, dict[str, Any]]]] = {}
    for note in services.store.notifications():
        event = services.store.decode(note)
        details = {k: v for k, v in event.__dict__.items() if k not in HIDDEN}
        found.setdefault(event.originator_id, []).append((type(event).__qualname__, details))
    return found
