"""A state `--as-of` a moment, folded from the nearest checkpoint, equals a full fold."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from succession_flow.adapters.sql_database import memory_database
from succession_flow.application.people import staffing
from succession_flow.application.services import Services
from succession_flow.bootstrap import open_read_model, read_model
from succession_flow.domain.employee import Employee
from succession_flow.domain.lifecycle import LEVELS, RATINGS
from succession_flow.readmodel import as_of, checkpoints, history, schema, tracking
from succession_flow.readmodel.as_of import state_as_of
from succession_flow.readmodel.tracking import fold_as_of
from tests.integration.builders import ACTOR
from tests.integration.world import PATHS, build_company, walk

ROUNDS = [
    ["E1@VP-SALES", "E2@VP-SALES", "E3@VP-SALES"],
    ["E4@CFO", "E5@CFO", "E6@CTO"],
    ["E7@HEAD-HR", "E8@HEAD-HR"],
]


pytestmark = pytest.mark.company(build=build_company)


@pytest.fixture(autouse=True)
def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Set before the company is built (autouse runs first)."""
    monkeypatch.setattr(tracking, "BATCH", 3)  # pages end mid-aggregate
    monkeypatch.setattr(history, "STEP", 5)  # many checkpoints, moments between them
    monkeypatch.setattr(checkpoints, "SPAN", 4)  # many floors, so folds skip the latest runs


def full_fold(
    services: Services, moment: datetime | None = None, up_to_id: int | None = None
) -> dict[str, list[tuple[object, ...]]]:
    scratch = memory_database()
    try:
        fold_as_of(services.store, scratch, moment, up_to_id)
        return schema.dump(scratch)
    finally:
        scratch.close()


def stamps(services: Services) -> list[datetime]:
    return sorted(services.store.decode(n).timestamp for n in services.store.notifications())


def walked_in_rounds(services: Services) -> None:
    """Each round is caught up before the next, so checkpoints are kept across catch-ups."""
    model = open_read_model(services.store)
    try:
        for keys in ROUNDS:
            for key in keys:
                walk(services, key, PATHS[key])
            model.catch_up()
    finally:
        model.close()


def test_the_state_as_of_twenty_random_moments_equals_a_full_fold_of_the_log(
    services: Services,
) -> None:
    walked_in_rounds(services)
    times = stamps(services)
    pick = random.Random(11)
    moments = [times[0] - timedelta(seconds=1), times[-1]]
    moments += [pick.choice(times) for _ in range(9)]
    moments += [a + (b - a) / 2 for a, b in (pick.sample(times, 2) for _ in range(9))]
    for moment in moments:
        with read_model(services.store, moment) as db:
            assert schema.dump(db) == full_fold(services, moment), moment
    model = open_read_model(services.store)
    try:
        assert sum(checkpoints.nearest(model.db, m) > 0 for m in moments) >= 10
    finally:
        model.close()


def test_a_state_as_of_a_late_moment_starts_from_a_checkpoint_not_the_first_event(
    services: Services,
) -> None:
    walked_in_rounds(services)
    model = open_read_model(services.store)
    try:
        late = stamps(services)[-1]
        kept = [row[0] for row in model.db.query("SELECT last_id FROM rm_checkpoints")]
        assert len(kept) > 3
        assert checkpoints.nearest(model.db, late) == max(kept)
        assert checkpoints.nearest(model.db, stamps(services)[0] - timedelta(seconds=1)) == 0
    finally:
        model.close()


def test_a_rebuild_drops_the_checkpoints_and_keeps_them_again(services: Services) -> None:
    walked_in_rounds(services)
    model = open_read_model(services.store)
    try:
        before = model.db.query("SELECT last_id FROM rm_checkpoints ORDER BY last_id")
        model.rebuild()
        after = model.db.query("SELECT last_id FROM rm_checkpoints ORDER BY last_id")
        assert before and after and after[-1][0] <= model.last_id()
        moment = datetime.max.replace(tzinfo=UTC)
        with read_model(services.store, moment) as db:
            assert schema.dump(db) == schema.dump(model.db) == full_fold(services, moment)
    finally:
        model.close()


def test_a_moment_at_or_after_the_latest_event_is_answered_by_the_live_tables_an_earlier_in_place(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    walked_in_rounds(services)
    times = stamps(services)
    folds: list[datetime] = []
    pasts: list[datetime] = []
    real_fold, real_past = fold_as_of, state_as_of

    def counted(store: object, db: object, until: datetime, **kwargs: object) -> None:
        folds.append(until)
        real_fold(store, db, until, **kwargs)  # type: ignore[arg-type]

    def past(store: Any, live: Any, scratch: Any, until: datetime) -> Any:
        pasts.append(until)
        return real_past(store, live, scratch, until)

    # bootstrap imports both when a command first reads: patched where they are defined
    monkeypatch.setattr("succession_flow.readmodel.tracking.fold_as_of", counted)
    monkeypatch.setattr("succession_flow.readmodel.as_of.state_as_of", past)
    for moment in (times[-1], times[-1] + timedelta(days=400)):
        with read_model(services.store, moment) as db:
            assert schema.dump(db) == full_fold(services, moment)
    assert (folds, pasts) == ([], [])
    earlier = times[len(times) // 2]
    with read_model(services.store, earlier) as db:
        assert schema.dump(db) == full_fold(services, earlier)
    assert (folds, pasts) == ([], [earlier])
    with read_model(services.store, None) as db:
        assert schema.dump(db) == full_fold(services, times[-1])  # the views are gone after


def test_a_fold_to_an_early_moment_skips_the_latest_events_stamped_after_it(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    walked_in_rounds(services)
    model = open_read_model(services.store)
    try:
        head = model.last_id()
        times = stamps(services)
        early = times[len(times) // 3]
        skip = checkpoints.stamped_after(model.db, early)
        assert skip is not None and skip[1] == head and skip[0] + 10 < head
        expected = full_fold(services, early)
        read: list[int] = []
        real = services.store.notifications

        def counted(*args: Any, **kwargs: Any) -> Iterator[Any]:
            for note in real(*args, **kwargs):
                read.append(note.id)
                yield note

        monkeypatch.setattr(services.store, "notifications", counted)
        with read_model(services.store, early) as db:
            assert schema.dump(db) == expected
        read = [i for i in read if i > checkpoints.nearest(model.db, early)]
        skipped = [i for i in read if skip[0] < i <= skip[1]]
        assert read and len(skipped) <= 1  # the fold stops at the first id it need not read
    finally:
        model.close()


def test_the_rows_valid_at_each_checkpoint_are_a_fold_of_the_log_up_to_it(
    services: Services,
) -> None:
    walked_in_rounds(services)
    model = open_read_model(services.store)
    try:
        kept = [int(r[0]) for r in model.db.query("SELECT last_id FROM rm_checkpoints")]
        assert len(kept) > 5
        for mark in sorted(kept):
            valid = {
                t.name: sorted(model.db.query(history.valid_at(t), (mark, mark)))
                for t in schema.TABLES
            }
            assert valid == full_fold(services, up_to_id=mark), mark
    finally:
        model.close()


def test_the_history_is_the_same_caught_up_in_small_pages_or_rebuilt_in_one(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    walked_in_rounds(services)
    model = open_read_model(services.store)
    try:
        versions = {h.name: h for h in schema.HISTORY}
        before = {
            n: model.db.query(f"SELECT * FROM {n} ORDER BY {by(h)}") for n, h in versions.items()
        }
        assert sum(len(rows) for rows in before.values()) > sum(
            len(rows) for rows in schema.dump(model.db).values()
        )  # superseded versions are kept
        monkeypatch.setattr(tracking, "BATCH", 1000)
        model.rebuild()
        after = {
            n: model.db.query(f"SELECT * FROM {n} ORDER BY {by(h)}") for n, h in versions.items()
        }
        assert after == before
    finally:
        model.close()


def by(table: schema.Table) -> str:
    return ", ".join(table.key)


def saved_out_of_stamp_order(services: Services) -> None:
    """Employees made (and stamped) in one order, saved in another, a few per catch-up: later
    notification ids carry earlier stamps, as interleaved workers and stamped chunks do."""
    people = [Employee.register(f"X{i}", PROFILE, "test") for i in range(40)]
    for person in people:
        person.record_rating(2025, RATINGS[2], "test")
    for person in people[::3]:
        person.assess_talent(LEVELS[0], "medium", "medium", "test")
    random.Random(5).shuffle(people)
    model = open_read_model(services.store)
    try:
        for start in range(0, len(people), 6):
            services.store.save(*people[start : start + 6])
            model.catch_up()
    finally:
        model.close()


PROFILE = {"name": "N", "department": "D", "hire_date": "2015-01-01", "education": "master",
           "years_experience": 10, "certifications": [], "prior_posts": []}  # fmt: skip


def test_with_events_saved_out_of_stamp_order_twenty_random_moments_equal_a_full_fold(
    services: Services,
) -> None:
    walked_in_rounds(services)
    saved_out_of_stamp_order(services)
    in_log_order = [services.store.decode(n).timestamp for n in services.store.notifications()]
    assert in_log_order != sorted(in_log_order)
    pick = random.Random(13)
    moments = [pick.choice(in_log_order) for _ in range(10)]
    moments += [a + (b - a) / 3 for a, b in (pick.sample(in_log_order, 2) for _ in range(10))]
    for moment in moments:
        with read_model(services.store, moment) as db:
            assert schema.dump(db) == full_fold(services, moment), moment
    model = open_read_model(services.store)
    try:  # `nearest` reads the last checkpoint in stamp order as the latest by id
        kept = model.db.query("SELECT reached FROM rm_checkpoints ORDER BY last_id")
    finally:
        model.close()
    assert len(kept) > 3 and [r for (r,) in kept] == sorted(r for (r,) in kept)


MOMENTS = [
    datetime(2024, 3, 1, 9, 0, 0, tzinfo=UTC),
    datetime(2024, 3, 1, 9, 0, 0, 1, tzinfo=UTC),
    datetime(2024, 3, 1, 9, 0, 0, 500000, tzinfo=UTC),
    datetime(2024, 3, 1, 11, 30, tzinfo=timezone(timedelta(hours=5))),  # 06:30 UTC
    datetime(2024, 3, 1, 4, 0, tzinfo=timezone(timedelta(hours=-6))),  # 10:00 UTC
    datetime(999, 12, 31, 23, 59, 59, tzinfo=UTC),
    datetime(2024, 3, 1, 9, 0, 1, tzinfo=UTC),
]
"""Moments whose `isoformat` text sorts otherwise than they do: zero and non-zero microseconds,
offsets other than UTC, a year of three digits."""


def test_the_store_compares_stamps_as_the_moments_they_stand_for(services: Services) -> None:
    """`nearest` asks the database for the latest checkpoint stamped by a moment, comparing
    the stored text, so the text must order as time does on each backend."""
    walked_in_rounds(services)
    model = open_read_model(services.store)
    try:
        with model.db.undone():
            model.db.execute("DELETE FROM rm_checkpoints")
            in_time = sorted(MOMENTS)  # a checkpoint's stamp never falls as the log goes on
            rows = [(10 * (i + 1), checkpoints.stamp(m)) for i, m in enumerate(in_time)]
            model.db.executemany(schema.CHECKPOINTS.upsert(), rows)
            for until in MOMENTS:
                held = [10 * (i + 1) for i, m in enumerate(in_time) if m <= until]
                assert checkpoints.nearest(model.db, until) == max(held), until
            assert checkpoints.nearest(model.db, MOMENTS[5] - timedelta(microseconds=1)) == 0
    finally:
        model.close()


def floors_of(model: Any, floors: list[tuple[int, int, datetime]], head: int) -> None:
    model.db.execute("DELETE FROM rm_floors")
    model.db.executemany(
        schema.FLOORS.upsert(), [(a, b, checkpoints.stamp(t)) for a, b, t in floors]
    )
    model.db.execute(schema.REACHED.upsert(), ("live", head, checkpoints.stamp(floors[-1][2])))


def test_the_stretch_stamped_after_a_moment_stops_at_a_floor_stamped_by_it_or_at_a_gap(
    services: Services,
) -> None:
    walked_in_rounds(services)
    at = datetime(2024, 5, 1, tzinfo=UTC)
    t = [at + timedelta(hours=h) for h in range(4)]
    model = open_read_model(services.store)
    try:
        with model.db.undone():
            floors_of(model, [(1, 10, t[0]), (11, 20, t[1]), (21, 30, t[2]), (31, 40, t[3])], 40)
            assert checkpoints.stamped_after(model.db, t[0] - timedelta(seconds=1)) == (0, 40)
            assert checkpoints.stamped_after(model.db, t[1]) == (20, 40)
            assert checkpoints.stamped_after(model.db, t[3]) is None
            floors_of(model, [(1, 10, t[0]), (11, 20, t[1]), (25, 30, t[2]), (31, 40, t[3])], 40)
            assert checkpoints.stamped_after(model.db, t[0] - timedelta(seconds=1)) == (24, 40)
            assert checkpoints.stamped_after(model.db, t[1]) == (24, 40)
            floors_of(model, [(1, 10, t[0]), (11, 20, t[1])], 25)  # the floors miss the head
            assert checkpoints.stamped_after(model.db, t[0] - timedelta(seconds=1)) is None
    finally:
        model.close()


AWKWARD_NAMES = ["Zoë O'Neil?", "100% Ruiz", "Eli %s Cohen", "Farah ?? Khan %% '"]
"""Names with the characters a driver reads as placeholders (`?`, `%s`) and SQL's quote: the
changed rows of a past state are a statement's parameters, never its text."""


def test_a_past_state_holds_changed_rows_whatever_characters_they_hold(
    services: Services,
) -> None:
    walked_in_rounds(services)
    for number, name in enumerate(AWKWARD_NAMES, start=1):
        staffing.record_employee(services, {"employee_id": f"E{number}", "name": name}, ACTOR)
    moments = stamps(services)[-len(AWKWARD_NAMES) - 1 : -1]
    shown = set()
    for moment in moments:
        with read_model(services.store, moment) as db:
            past = schema.dump(db)
            assert past == full_fold(services, moment), moment
            shown |= {row[2] for row in past[schema.EMPLOYEES.name]}
    assert set(AWKWARD_NAMES[:-1]) <= shown


def test_a_query_with_its_own_with_clause_reads_the_past_too(services: Services) -> None:
    walked_in_rounds(services)
    moment = stamps(services)[len(stamps(services)) // 2]
    sql = (
        "WITH placed AS (SELECT position_id, count(*) AS n FROM rm_pool_members "
        "GROUP BY position_id) SELECT c.state, count(*), sum(p.n) FROM rm_candidates c "
        "LEFT JOIN placed p ON p.position_id = c.position_id GROUP BY c.state ORDER BY c.state"
    )
    scratch = memory_database()
    try:
        fold_as_of(services.store, scratch, moment)
        expected = scratch.query(sql)
    finally:
        scratch.close()
    with read_model(services.store, moment) as db:
        assert db.query(sql) == expected
        assert db.query("with recursive " + sql[5:]) == expected
        now = open_read_model(services.store)
        try:
            assert now.db.query(sql) != expected  # the live tables differ from that past
        finally:
            now.close()
        with pytest.raises(TypeError, match="read-only"):
            db.execute("DELETE FROM rm_candidates")


def test_a_past_with_more_changes_than_one_statement_carries_is_folded_from_the_start(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    walked_in_rounds(services)
    folds: list[datetime] = []

    def counted(store: Any, db: Any, until: datetime, **kwargs: Any) -> None:
        folds.append(until)
        fold_as_of(store, db, until, **kwargs)

    monkeypatch.setattr(as_of, "MAX_PARAMETERS", 0)
    monkeypatch.setattr("succession_flow.readmodel.tracking.fold_as_of", counted)
    moments = stamps(services)[3:-1:7]
    for moment in moments:
        with read_model(services.store, moment) as db:
            assert schema.dump(db) == full_fold(services, moment), moment
    assert folds == moments
