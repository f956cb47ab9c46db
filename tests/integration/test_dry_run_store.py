"""A dry run's saves are kept in memory and read back by every load and scan; nothing is written.

This is what lets a dry run be the real run with only the save swapped: the next chunk, the next
position of `select`, and the replenishment report after it see what the earlier work changed.
"""

from __future__ import annotations

import pytest

from succession_flow.application.pipeline import steps
from succession_flow.application.queries.finding import candidate_keys, candidates
from succession_flow.application.services import Services
from succession_flow.domain.candidate import Candidate
from succession_flow.domain.decision import Decision
from succession_flow.domain.keys import CandidateKey
from succession_flow.domain.lifecycle import State
from tests.integration.builders import ACTOR, company

ADA, BEN = CandidateKey("E1001", "VP-SALES"), CandidateKey("E1002", "VP-SALES")


def ada_nominated(services: Services) -> None:
    company(services)
    steps.nominate(services, ADA, ACTOR, "review")


pytestmark = pytest.mark.company(build=ada_nominated)


def test_inside_a_dry_run_a_saved_aggregate_is_found_listed_and_scanned_then_forgotten(
    services: Services,
) -> None:
    store, before = services.store, services.store.event_count()
    with store.unsaved():
        steps.nominate(services, BEN, ACTOR, "review")
        found = store.find(BEN.uuid, Candidate)
        assert found is not None and (found.state, found.version) == (State.NOMINATED, 1)
        assert store.load_many([BEN.uuid])[BEN.uuid] is not None
        assert candidate_keys(services) == [ADA, BEN]
        assert [c.key for c in candidates(services)] == [ADA, BEN]
        assert store.event_count() == before + 1
    assert store.find(BEN.uuid, Candidate) is None
    assert candidate_keys(services) == [ADA]
    assert store.event_count() == before


def test_a_dry_run_builds_on_its_own_earlier_saves_and_a_nested_one_shares_them(
    services: Services,
) -> None:
    store, before = services.store, services.store.event_count()
    with store.unsaved():
        withdrawn = store.get(ADA.uuid, Candidate, "ada")
        withdrawn.exit(Decision.manual("exit", "withdrew from the programme"), ACTOR)
        store.save(withdrawn)
        with store.unsaved():
            steps.nominate(services, ADA, ACTOR, "a new cycle")  # needs the exit above
        found = store.find(ADA.uuid, Candidate)
        assert found is not None and (found.state, found.version) == (State.NOMINATED, 3)
    found = store.find(ADA.uuid, Candidate)
    assert found is not None and (found.state, found.version) == (State.NOMINATED, 1)
    assert store.event_count() == before
