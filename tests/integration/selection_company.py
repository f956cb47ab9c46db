"""Trained candidates for one key position, decided by the shipped rules, for the select tests.

Final assessments (40% competency x 20, 30% exam average, 30% last year's rating x 20) are
worked out here so each test can say who stands ahead of whom:

- strength 4.6, exams 85/90, exceeds: 0.4 * 92 + 0.3 * 87.5 + 0.3 * 80 = 87.05
- strength 4.2, exams 85/90, exceeds: 83.85
- strength 4.0, exams 85/85, exceeds: 81.5
- strength 5.0, exams 100/100, partially-meets: 82 (eliminated: last year's rating slipped)

The key position's promotion bar is 80, so all but the slipped one may take the post when
ready; `ready-3-5-years` is not ready.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from succession_flow.application.hr_files import rule_publishing
from succession_flow.application.hr_files.workflows import publish_workflows
from succession_flow.application.people import staffing
from succession_flow.application.pipeline import steps
from succession_flow.application.services import Services
from succession_flow.data import SHIPPED_WORKFLOWS
from succession_flow.domain.candidate import Candidate, Override
from succession_flow.domain.keys import CandidateKey
from tests.e2e.rules_setup import SHIPPED
from tests.integration.builders import ACTOR, employee_record, position_spec

POST = "VP-SALES"


def hand(outcome: str) -> Override:
    return Override(outcome, "set up by the test")


def trained(
    services: Services,
    employee_id: str,
    readiness: str,
    strength: float = 4.2,
    exams: tuple[float, float] = (85, 90),
    latest: str = "exceeds",
) -> CandidateKey:
    """An employee taken to `trained` at the post, with the given readiness."""
    record = employee_record(employee_id, services.today(), strength)
    record["ratings"][str(services.today().year - 1)] = latest
    staffing.record_employee(services, record, ACTOR)
    key = CandidateKey(employee_id, POST)
    steps.nominate(services, key, ACTOR, "succession review")
    steps.evaluate(services, key, ACTOR, hand("pass"))
    steps.pool(services, key, ACTOR, hand(readiness))
    steps.train(services, key, ACTOR, ["C1", "C2"], date(2099, 1, 1), ["lead a region"])
    for course, score in zip(("C1", "C2"), exams, strict=True):
        steps.record_course(services, key, ACTOR, course, score, None)
    steps.complete_training(services, key, ACTOR, hand("passed"))
    return key


def post(services: Services, vacancies: int = 1) -> None:
    """The key position with the shipped rules and workflows published."""
    staffing.define_position(services, position_spec(POST, vacancies=vacancies), ACTOR)
    rule_publishing.publish(services, SHIPPED, ACTOR, "shipped rules")
    publish_workflows(services, SHIPPED_WORKFLOWS, None, ACTOR, "the shipped workflows")


def decisions(services: Services, employee_id: str) -> list[tuple[str, dict[str, Any]]]:
    """The candidate's promotion decisions, oldest first: (event name, facts)."""
    events = services.store.events_of(CandidateKey(employee_id, POST).uuid)
    names = ("Promoted", "PromotionDeferred", "Exited")
    return [
        (type(e).__name__, e.decision["facts"])
        for e in events
        if type(e).__name__ in names and e.decision.get("ruleset") == "promotion"
    ]


def state(services: Services, employee_id: str) -> str:
    key = CandidateKey(employee_id, POST)
    return services.store.get(key.uuid, Candidate, str(key)).state.value
