"""Batches that scale: waiting candidates found without loading them, chunks loaded in one go,
and the work split among workers or hosts with every candidate stepped exactly once."""

from __future__ import annotations

from collections import Counter
from functools import partial

import pytest
from eventsourcing.utils import get_topic

from succession_flow.application.batch.runner import Partition, Scope
from succession_flow.application.batch.steps import run_step_batch
from succession_flow.application.batch.waiting import waiting_keys
from succession_flow.application.batch.workers import run_workers
from succession_flow.application.pipeline import steps
from succession_flow.application.queries.finding import candidates
from succession_flow.application.services import Services
from succession_flow.domain.candidate import Candidate
from succession_flow.domain.employee import Employee
from succession_flow.domain.errors import InvalidInput
from succession_flow.domain.keys import CandidateKey, employee_uuid, pool_uuid
from succession_flow.domain.lifecycle import State
from tests.integration.builders import ACTOR
from tests.integration.scale_helpers import ScriptedEngine, nominated_company, open_scripted

EVALUATED = get_topic(Candidate.__dict__["Evaluated"])


pytestmark = pytest.mark.company(engine=ScriptedEngine())


def evaluations_per_candidate(services: Services) -> Counter[str]:
    counts: Counter[str] = Counter()
    for note in services.store.notifications((Candidate.__dict__["Evaluated"],)):
        candidate = services.store.find(note.originator_id, Candidate)
        assert candidate is not None
        counts[str(candidate.key)] += 1
    return counts


def test_the_log_scan_finds_each_candidate_in_the_state_its_aggregate_is_in(
    services: Services,
) -> None:
    keys = nominated_company(services, 4)
    steps.evaluate(services, keys[0], ACTOR)  # strong: evaluated, passed
    steps.evaluate(services, keys[1], ACTOR)  # weak: evaluated, failed
    steps.evaluate(services, keys[2], ACTOR)
    steps.pool(services, keys[2], ACTOR)  # pooled
    steps.exit_candidate(services, keys[3], ACTOR)  # exited
    for state in State:
        expected = [c.key for c in candidates(services) if c.state == state]
        assert waiting_keys(services.store, Scope(), (state,)) == expected, state


@pytest.mark.parametrize(
    ("scope", "expected"),
    [
        (Scope(position_id="CFO"), ["E1000@CFO", "E1001@CFO"]),
        (Scope(echelon="key-position", position_id="CTO"), ["E2000@CTO", "E2001@CTO"]),
        (Scope(position_id="NOPE"), []),
    ],
)
def test_the_log_scan_keeps_to_the_scope(
    services: Services, scope: Scope, expected: list[str]
) -> None:
    nominated_company(services, 2)
    found = waiting_keys(services.store, scope, (State.NOMINATED,))
    assert [str(k) for k in found] == expected


def test_a_batch_evaluates_every_waiting_candidate_once_and_a_rerun_finds_none(
    services: Services,
) -> None:
    keys = nominated_company(services, 6)
    report = run_step_batch(services, "evaluate", Scope(), ACTOR)
    again = run_step_batch(services, "evaluate", Scope(), ACTOR)
    assert (report.applied, dict(report.outcomes), report.errors) == (
        30,
        {"pass": 15, "fail": 15},
        [],
    )
    assert (again.considered, again.applied) == (0, 0)
    assert evaluations_per_candidate(services) == Counter({str(k): 1 for k in keys})


def test_two_partitions_split_the_candidates_by_position_and_together_cover_all(
    services: Services,
) -> None:
    keys = nominated_company(services, 3)
    shares = [
        waiting_keys(services.store, Scope(partition=Partition(i, 2)), (State.NOMINATED,))
        for i in range(2)
    ]
    assert sorted(shares[0] + shares[1]) == sorted(keys)
    assert not {k.position_id for k in shares[0]} & {k.position_id for k in shares[1]}


def test_each_host_stepping_its_own_partition_evaluates_every_candidate_exactly_once(
    services: Services,
) -> None:
    keys = nominated_company(services, 4)
    reports = [
        run_step_batch(services, "evaluate", Scope(partition=Partition(i, 3)), ACTOR)
        for i in range(3)
    ]
    assert sum(r.applied for r in reports) == len(keys)
    assert evaluations_per_candidate(services) == Counter({str(k): 1 for k in keys})


@pytest.mark.postgres
def test_two_worker_processes_on_postgresql_evaluate_every_candidate_exactly_once(
    pg_schema_url: str,
) -> None:
    services = open_scripted(pg_schema_url)
    keys = nominated_company(services, 8)
    opener = partial(open_scripted, pg_schema_url)
    report = run_workers(opener, "evaluate", Scope(), ACTOR, workers=2)
    assert (report.applied, dict(report.outcomes), report.errors) == (
        40,
        {"pass": 20, "fail": 20},
        [],
    )
    assert evaluations_per_candidate(services) == Counter({str(k): 1 for k in keys})
    services.close()


@pytest.mark.postgres
def test_two_worker_processes_report_their_progress_to_the_parent(pg_schema_url: str) -> None:
    services = open_scripted(pg_schema_url)
    keys = nominated_company(services, 8)
    services.close()
    done: list[int] = []
    totals: list[int] = []
    opener = partial(open_scripted, pg_schema_url)
    report = run_workers(
        opener, "evaluate", Scope(), ACTOR, 2, chunk_size=3, progress=done.append,
        on_total=totals.append,
    )  # fmt: skip
    assert (totals, sum(done), report.applied) == ([len(keys)], len(keys), len(keys))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2/2", "partition 2/2: need 0 <= index < count"),
        ("1", "--partition '1': write INDEX/COUNT, e.g. 0/2"),
        ("a/2", "--partition 'a/2': write INDEX/COUNT, e.g. 0/2"),
        ("0/0", "partition 0/0: need 0 <= index < count"),
    ],
)
def test_a_malformed_partition_is_refused_by_name(text: str, message: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        Partition.parse(text)
    assert str(refused.value) == message


def test_loading_many_aggregates_at_once_gives_what_loading_each_gives_and_none_for_missing(
    services: Services,
) -> None:
    keys = nominated_company(services, 2)
    ids = [keys[0].uuid, employee_uuid(keys[0].employee_id), pool_uuid("VP-SALES")]
    loaded = services.store.load_many(ids)
    candidate, employee = loaded[ids[0]], loaded[ids[1]]
    assert isinstance(candidate, Candidate) and isinstance(employee, Employee)
    assert (candidate.key, candidate.version, candidate.state) == (keys[0], 1, State.NOMINATED)
    assert employee.__dict__ == services.store.get(ids[1], Employee, "e").__dict__
    assert loaded[ids[2]] is None


def test_inside_an_identity_map_a_changed_aggregate_is_found_as_changed(
    services: Services,
) -> None:
    keys = nominated_company(services, 1)
    loaded = services.store.load_many([keys[0].uuid])
    with services.store.identity_map(loaded):
        found = services.store.find(keys[0].uuid, Candidate)
        assert found is loaded[keys[0].uuid]
        assert services.store.find(CandidateKey("X", "Y").uuid, Candidate) is None
    assert services.store.find(keys[0].uuid, Candidate) is not found
