"""Snapshots only speed loads up: what a load gives, and what `audit verify` says, is what the
events give, whatever is done to the snapshot table."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import replace

import pytest
from eventsourcing.domain import Aggregate

from succession_flow.adapters import sealed_recorders
from succession_flow.adapters import snapshots as snapshot_module
from succession_flow.adapters.chain import attach, split
from succession_flow.adapters.snapshots import same_state, snapshot_mac
from succession_flow.application.audit.verification import verify
from succession_flow.application.people import staffing
from succession_flow.application.pipeline import steps
from succession_flow.application.services import Services
from succession_flow.bootstrap import bootstrap
from succession_flow.domain.employee import Employee
from succession_flow.domain.errors import DamagedRecord
from succession_flow.domain.keys import CandidateKey, employee_uuid
from succession_flow.domain.values import COMPETENCIES, JOB_MATCH_PARTS
from tests.integration.builders import ACTOR, company, employee_record
from tests.integration.raw_store import RawStore

ADA = CandidateKey("E1001", "VP-SALES")
EMPLOYEE = employee_uuid(ADA.employee_id)


@pytest.fixture
def services(store_url: str) -> Iterator[Services]:
    opened = bootstrap(store_url)
    company(opened)
    steps.nominate(opened, ADA, ACTOR, "review")
    yield opened
    opened.close()


def snapshot_table(url: str) -> RawStore:
    raw = RawStore(url)
    raw.table = f"{raw.table}_snapshots"
    return raw


def rate(services: Services, **ratings: str) -> None:
    """A changed HR record: one more event per new rating (`Y2030="meets"`)."""
    record = employee_record(ADA.employee_id, services.today())
    record["ratings"] |= {year.removeprefix("Y"): rating for year, rating in ratings.items()}
    staffing.record_employee(services, record, ACTOR)


def replayed(services: Services) -> Employee:
    """The employee folded from every event by the library's own repository (no snapshot)."""
    found: object = services.store.app.repository.get(EMPLOYEE)
    assert isinstance(found, Employee)
    return found


def loaded(url: str) -> Employee:
    """The employee as a fresh process's batch loads it (snapshots allowed)."""
    fresh = bootstrap(url)
    try:
        found = fresh.store.load_many([EMPLOYEE])[EMPLOYEE]
        assert isinstance(found, Employee)
        return found
    finally:
        fresh.close()


def kept_versions(url: str) -> list[int]:
    raw = snapshot_table(url)
    query = "SELECT originator_version FROM {table} WHERE originator_id = ?"
    return [row[0] for row in raw.execute(query, (raw.oid(EMPLOYEE),))]


def test_an_employee_record_of_several_events_is_snapshotted_and_loads_as_its_events_replay(
    services: Services, store_url: str
) -> None:
    employee = replayed(services)
    assert employee.version >= snapshot_module.SNAPSHOT_EVERY
    assert kept_versions(store_url) == [employee.version]
    assert same_state(loaded(store_url), employee)


def test_events_after_a_snapshot_are_replayed_on_top_of_it(
    services: Services, store_url: str
) -> None:
    rate(services, Y2030="outstanding")
    employee = replayed(services)
    assert kept_versions(store_url) == [employee.version - 1]
    assert same_state(loaded(store_url), employee)


def test_an_edited_snapshot_is_not_used_and_verify_names_it(
    services: Services, store_url: str
) -> None:
    raw = snapshot_table(store_url)
    (state,) = raw.execute(
        "SELECT state FROM {table} WHERE originator_id = ?", (raw.oid(EMPLOYEE),)
    )[0]
    forged = bytes(state).replace(b'"Employee E1001"', b'"Someone Else"')
    assert forged != bytes(state)
    raw.execute("UPDATE {table} SET state=? WHERE originator_id = ?", (forged, raw.oid(EMPLOYEE)))
    assert loaded(store_url).name == replayed(services).name
    findings = [f.to_dict() for f in verify(services).findings]
    assert findings == [
        {
            "check": "snapshot",
            "subject": "employee:E1001",
            "version": replayed(services).version,
            "message": "does not match its seal",
        }
    ]


def test_an_edited_event_after_a_snapshot_is_refused_as_any_edited_event_is(
    services: Services, store_url: str
) -> None:
    rate(services, Y2030="outstanding")
    newest = replayed(services).version
    raw = RawStore(store_url)
    row = raw.row(EMPLOYEE, newest)
    body, seal = split(row.state)
    assert seal is not None
    raw.set_state(EMPLOYEE, newest, attach(body.replace(b"outstanding", b"meets"), seal))
    fresh = bootstrap(store_url)
    try:
        with pytest.raises(DamagedRecord, match=f"version {newest}: does not match its seal"):
            fresh.store.load_many([EMPLOYEE])
    finally:
        fresh.close()


def test_a_snapshot_whose_event_was_rewritten_is_not_used(
    services: Services, store_url: str
) -> None:
    """The snapshot is tied to its event's seal: a rewritten event (seals recomputed, as a
    forger without a secret can) retires it, and the load replays the events as they are."""
    RawStore(store_url).rewrite(lambda row, body: body.replace(b'"Employee E1001"', b'"Eve"'))
    assert loaded(store_url).name == "Eve" == replayed(services).name


def test_snapshots_of_other_code_are_not_read(
    services: Services, store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = snapshot_table(store_url)
    raw.execute("UPDATE {table} SET state=?", (b'{"not": "a snapshot"}',))
    monkeypatch.setattr(snapshot_module, "fingerprint", lambda: "other code")
    assert same_state(loaded(store_url), replayed(services))


def test_a_candidate_whose_state_json_cannot_carry_is_never_snapshotted(
    services: Services, store_url: str
) -> None:
    """A candidate's state is an enum, which would come back as a string: it is always
    replayed from its events, however many it has."""
    snapshots = services.store.snapshots
    candidate: Aggregate = services.store.app.repository.get(ADA.uuid)
    snapshots.taken_at[ADA.uuid] = -snapshot_module.SNAPSHOT_EVERY  # as if long due
    snapshots.take_due([candidate])
    ids = [row[0] for row in snapshot_table(store_url).execute("SELECT originator_id FROM {table}")]
    assert ADA.uuid.hex not in [str(i).replace("-", "") for i in ids]
    assert EMPLOYEE.hex in [str(i).replace("-", "") for i in ids]


def test_a_dry_run_keeps_no_snapshot(services: Services, store_url: str) -> None:
    before = kept_versions(store_url)
    with services.store.unsaved():
        rate(services, **{f"Y{year}": "meets" for year in range(2030, 2037)})
        assert services.store.load_many([EMPLOYEE])[EMPLOYEE].version == before[0] + 7  # type: ignore[union-attr]
    assert kept_versions(store_url) == before


def test_a_snapshot_forged_with_the_key_is_used_by_loads_but_verify_finds_it_differs(
    services: Services, store_url: str
) -> None:
    """Without a secret the chains' key is public, so a snapshot can be forged with a valid seal
    (as events can be rewritten with valid seals); the events still decide what verify says."""
    store = services.store
    snapshots, key = store.snapshots, store.sealed_log().chain_key
    (genuine,) = [k for k in snapshots.every() if k.originator_id == EMPLOYEE]
    state = genuine.state.replace(b'"Employee E1001"', b'"Someone Else"')
    mac = snapshot_mac(
        key, EMPLOYEE, genuine.version, genuine.fingerprint, genuine.aggregate_hash, state
    )
    forged = replace(genuine, version=genuine.version, state=state, mac=mac)
    raw = snapshot_table(store_url)
    raw.execute(
        "UPDATE {table} SET state=?, mac=? WHERE originator_id = ?", (state, mac, raw.oid(EMPLOYEE))
    )
    assert forged in list(snapshots.every())
    assert loaded(store_url).name == "Someone Else"
    findings = [(f.check, f.version, f.message) for f in verify(services).findings]
    assert findings == [("snapshot", genuine.version, "differs from its events")]


def test_a_save_whose_aggregate_cannot_be_snapshotted_still_succeeds_without_a_snapshot(
    services: Services, store_url: str
) -> None:
    store = services.store
    employee = store.find(EMPLOYEE, Employee)
    assert employee is not None
    employee.record_rating(2031, "meets", ACTOR)
    vars(employee)["unencodable"] = {1, 2}  # a set: the JSON transcoder refuses it
    store.snapshots.taken_at[EMPLOYEE] = -snapshot_module.SNAPSHOT_EVERY  # as if long due
    before = kept_versions(store_url)
    store.save(employee)
    assert replayed(services).version == before[0] + 1
    assert kept_versions(store_url) == before


@pytest.mark.postgres
def test_a_reviewer_role_that_may_not_read_the_snapshots_loads_from_events_and_verify_says_so(
    pg_schema_url: str,
) -> None:
    import psycopg

    owner = bootstrap(pg_schema_url)
    company(owner)
    owner.close()
    admin, _, query = pg_schema_url.partition("?")
    schema, name = query.split("=", 1)[1], f"sf_reviewer_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE ROLE "{name}" LOGIN')
        conn.execute(f'GRANT USAGE ON SCHEMA "{schema}" TO "{name}"')
        conn.execute(f'GRANT SELECT ON "{schema}".successionflow_events TO "{name}"')
    reviewer = bootstrap(pg_schema_url.replace("://postgres@", f"://{name}@"))
    try:
        found = reviewer.store.load_many([EMPLOYEE])[EMPLOYEE]
        assert isinstance(found, Employee) and found.employee_id == ADA.employee_id
        findings = [(f.check, f.subject, f.message) for f in verify(reviewer).findings]
        assert findings == [
            (
                "snapshot",
                "snapshots",
                "cannot be checked: permission denied for table successionflow_events_snapshots",
            )
        ]
    finally:
        reviewer.close()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP OWNED BY "{name}"')
            conn.execute(f'DROP ROLE "{name}"')


def test_every_snapshot_is_read_once_in_key_order_however_small_the_page(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`audit verify` reads the snapshots page by page (a whole store's held ~90 MB at
    N = 100,000): with a page of one, the aggregate with two snapshots is crossed by version."""
    rate(services, **{f"Y{year}": "meets" for year in range(2030, 2036)})
    whole = list(services.store.snapshots.every())
    keys = [(str(k.originator_id), k.version) for k in whole]
    assert len(kept_versions_of(whole, EMPLOYEE)) == 2
    assert keys == sorted(keys, key=lambda k: (uuid.UUID(k[0]).hex, k[1]))
    for page in (1, 2, 3):
        monkeypatch.setattr(snapshot_module, "PAGE", page)
        assert list(services.store.snapshots.every()) == whole


def kept_versions_of(kept: list[snapshot_module.Kept], oid: uuid.UUID) -> list[int]:
    return [k.version for k in kept if k.originator_id == oid]


def test_every_aggregate_of_a_save_that_fills_the_hash_cache_is_snapshotted(
    services: Services, store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The recorder's cache of aggregate hashes is started afresh when full. It once could be
    started afresh midway through learning a save's hashes, so the snapshots due after that
    save were not taken for the aggregates learned before (bench.batch_floor found employees
    without a snapshot at N = 100,000). A save that crosses the limit now snapshots them all."""
    monkeypatch.setattr(sealed_recorders, "CACHE_LIMIT", 5)
    employees = [hr_record(f"E9{n:03d}") for n in range(12)]
    services.store.save(*employees)
    raw = snapshot_table(store_url)
    kept = {row[0] for row in raw.execute("SELECT originator_id FROM {table}")}
    assert {raw.oid(e.id) for e in employees} <= kept


def hr_record(employee_id: str) -> Employee:
    """An employee with seven events, past `SNAPSHOT_EVERY`: due for a snapshot when saved."""
    profile = {
        "name": employee_id, "department": "Sales", "hire_date": "2015-01-01",
        "education": "master", "years_experience": 9, "certifications": [], "prior_posts": [],
    }  # fmt: skip
    employee = Employee.register(employee_id, profile, ACTOR)
    for year, rating in ((2023, "meets"), (2024, "exceeds"), (2025, "meets")):
        employee.record_rating(year, rating, ACTOR)
    employee.assess_competencies(dict.fromkeys(COMPETENCIES, 4.0), ACTOR)
    employee.assess_job_match(dict.fromkeys(JOB_MATCH_PARTS, 80.0), ACTOR)
    employee.assess_talent("high", "low", "medium", ACTOR)
    return employee
