"""A single-candidate command refuses, with a named error and nothing written, what the batch
would not do: training that is not due, a promotion of someone not trained."""

from __future__ import annotations

import pytest

from succession_flow.application.pipeline import facts as f
from succession_flow.application.services import Services
from succession_flow.domain.employee import Employee
from succession_flow.domain.errors import IllegalTransition, InvalidInput
from succession_flow.domain.keys import employee_uuid, position_uuid
from succession_flow.domain.position import Position
from tests.integration.test_lifecycle_paths import (
    KEY,
    TO_IN_TRAINING,
    TO_NOMINATED,
    company_with_rules,
    complete,
    promote,
    record,
)

pytestmark = pytest.mark.company(build=company_with_rules)  # the lifecycle paths' company


def test_complete_training_with_results_outstanding_before_the_deadline_is_refused(
    services: Services,
) -> None:
    for step, _ in [*TO_IN_TRAINING, (record("C1", 40), "in_training")]:
        step(services)
    before = len(services.store.events_of(KEY.uuid))
    with pytest.raises(IllegalTransition, match="training is not due"):
        complete()(services)
    assert len(services.store.events_of(KEY.uuid)) == before


def test_an_override_may_still_close_training_early(services: Services) -> None:
    for step, _ in [*TO_IN_TRAINING, (record("C1", 40), "in_training")]:
        step(services)
    assert complete("failed")(services).state == "exited"


def test_promoting_a_nominated_candidate_is_an_illegal_transition_not_a_crash(
    services: Services,
) -> None:
    for step, _ in TO_NOMINATED:
        step(services)
    before = len(services.store.events_of(KEY.uuid))
    with pytest.raises(IllegalTransition):
        promote()(services)
    assert len(services.store.events_of(KEY.uuid)) == before


def test_a_missing_competency_score_is_named_bad_input_not_a_key_error(
    services: Services,
) -> None:
    employee = services.store.get(employee_uuid(KEY.employee_id), Employee, KEY.employee_id)
    position = services.store.get(position_uuid(KEY.position_id), Position, KEY.position_id)
    employee.competencies.pop("professional_quality", None)
    weights = {**position.competency_weights, "professional_quality": 0.1}
    position.competency_weights = weights
    with pytest.raises(InvalidInput, match=r"employee E1001: no professional_quality score"):
        f.competency_score(employee, position)
