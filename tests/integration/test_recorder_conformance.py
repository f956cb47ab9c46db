"""The sealed recorders are eventsourcing recorders: the library's own test suites pass on them.

eventsourcing 9.5 ships the suites it runs on its own SQLite and PostgreSQL recorders
(`ApplicationRecorderTestCase`, the non-interleaving notification-id race, `ApplicationTestCase`
and the example application). Here they run on the recorders the product builds (through
`bootstrap`, with and without a secret), and after every one of them the sealed log they left
must verify clean: the suites write aggregates from version 0 as well as 1, from many threads.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
from eventsourcing.persistence import OperationalError, PersistenceError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteDatastore
from eventsourcing.tests import application as library_apps
from eventsourcing.tests import persistence as library_recorders

from succession_flow.adapters.chain import ChainKey
from succession_flow.adapters.sealed_recorders import SealedSQLiteRecorder, Sealing
from succession_flow.adapters.store_url import parse_store_url
from succession_flow.application.audit.integrity import ChainWalk, sealed_rows
from succession_flow.application.services import Services
from succession_flow.bootstrap import bootstrap, store_env
from succession_flow.domain.errors import DamagedRecord
from tests.conftest import fresh_pg_schema
from tests.integration.raw_store import RawStore

SECRET = b"conformance secret"


def intact(recorder: Any) -> list[Any]:
    """The findings of a walk over everything the recorder has sealed (none, if intact)."""
    walk = ChainWalk(recorder.chain_key)
    for row, _ in sealed_rows(recorder):
        walk.feed(row)
    return walk.close()


class OnSealedStore:
    """A fresh store per test, opened the product's way; its log must verify after the test."""

    __test__ = False  # only the concrete Test* classes below run
    secret: ClassVar[bytes | None] = None
    backend: ClassVar[str] = "sqlite"
    url: str
    opened: list[Services]

    @pytest.fixture(autouse=True)
    def _store(self, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[None]:
        if self.backend == "sqlite":
            self.url = f"sqlite:///{tmp_path}/conformance.sqlite"
            yield from self._checked()
            return
        server: str = request.getfixturevalue("postgres_server")
        with fresh_pg_schema(server) as url:
            self.url = url
            yield from self._checked()

    def _checked(self) -> Iterator[None]:
        self.opened = []
        try:
            yield
            for services in self.opened:
                assert intact(services.store.app.recorder) == []
        finally:
            for services in self.opened:
                services.close()

    def create_recorder(self) -> Any:
        services = bootstrap(self.url, secret=self.secret)
        self.opened.append(services)
        return services.store.app.recorder


class SealedRecorderSuite(OnSealedStore, library_recorders.ApplicationRecorderTestCase[Any]):
    def test_concurrent_throughput(self) -> None:
        """Prints a rate; asserts only that nothing failed (kept: it races four writers)."""
        super().test_concurrent_throughput()

    def test_insert_subscribe(self) -> None:
        if self.backend == "sqlite":
            pytest.skip("eventsourcing's SQLite recorder has no subscriptions")
        self.optional_test_insert_subscribe()


class SealedNonInterleaving(
    OnSealedStore, library_recorders.NonInterleavingNotificationIDsBaseCase
):
    insert_num = 300


class TestSQLiteRecorder(SealedRecorderSuite):
    __test__ = True


class TestSQLiteRecorderWithSecret(SealedRecorderSuite):
    __test__ = True
    secret = SECRET


class TestSQLiteNonInterleaving(SealedNonInterleaving):
    __test__ = True


class TestSQLiteNonInterleavingWithSecret(SealedNonInterleaving):
    __test__ = True
    secret = SECRET


@pytest.mark.postgres
class TestPostgresRecorder(SealedRecorderSuite):
    __test__ = True
    backend = "postgres"


@pytest.mark.postgres
class TestPostgresRecorderWithSecret(SealedRecorderSuite):
    __test__ = True
    backend, secret = "postgres", SECRET


@pytest.mark.postgres
class TestPostgresNonInterleaving(SealedNonInterleaving):
    __test__ = True
    backend = "postgres"


@pytest.mark.postgres
class TestPostgresNonInterleavingWithSecret(SealedNonInterleaving):
    __test__ = True
    backend, secret = "postgres", SECRET


class InSealedEnvironment:
    """The library's application suites build `Application()` from the environment: point it
    at a fresh store with the product's persistence settings (and its chain key)."""

    __test__ = False
    secret: ClassVar[bytes | None] = None
    backend: ClassVar[str] = "sqlite"

    @pytest.fixture(autouse=True)
    def _environment(
        self, request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> Iterator[None]:
        if self.backend == "sqlite":
            yield from self._set(f"sqlite:///{tmp_path}/conformance.sqlite", monkeypatch)
            return
        with fresh_pg_schema(request.getfixturevalue("postgres_server")) as url:
            yield from self._set(url, monkeypatch)

    def _set(self, url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
        env = store_env(parse_store_url(url), self.secret)
        env["POSTGRES_POOL_SIZE"] = env["POSTGRES_MAX_OVERFLOW"] = "20"
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        monkeypatch.setattr(Sealing, "chain_key", ChainKey.from_secret(self.secret))
        yield


@pytest.mark.filterwarnings("always::DeprecationWarning")  # one test checks the library warns
class SealedApplicationSuite(InSealedEnvironment, library_apps.ApplicationTestCase):
    pass


class SealedExampleApplication(InSealedEnvironment, library_apps.ExampleApplicationTestCase):
    @property
    def expected_factory_topic(self) -> str:  # type: ignore[override]
        if self.backend == "sqlite":
            return "eventsourcing.sqlite:SQLiteFactory"
        return "eventsourcing.postgres:PostgresFactory"


class TestSQLiteApplication(SealedApplicationSuite):
    __test__ = True


class TestSQLiteApplicationWithSecret(SealedApplicationSuite):
    __test__ = True
    secret = SECRET


class TestSQLiteExampleApplication(SealedExampleApplication):
    __test__ = True


class TestSQLiteExampleApplicationWithSecret(SealedExampleApplication):
    __test__ = True
    secret = SECRET


@pytest.mark.postgres
class TestPostgresApplication(SealedApplicationSuite):
    __test__ = True
    backend = "postgres"


@pytest.mark.postgres
class TestPostgresApplicationWithSecret(SealedApplicationSuite):
    __test__ = True
    backend, secret = "postgres", SECRET


@pytest.mark.postgres
class TestPostgresExampleApplication(SealedExampleApplication):
    __test__ = True
    backend = "postgres"


@pytest.mark.postgres
class TestPostgresExampleApplicationWithSecret(SealedExampleApplication):
    __test__ = True
    backend, secret = "postgres", SECRET


@pytest.mark.parametrize(
    "recorder_class", [SQLiteApplicationRecorder, SealedSQLiteRecorder], ids=["library", "sealed"]
)
def test_a_locked_sqlite_database_raises_the_librarys_operational_error_from_either_recorder(
    tmp_path: Path, recorder_class: type[SQLiteApplicationRecorder]
) -> None:
    path = str(tmp_path / "locked.sqlite")
    recorder = recorder_class(SQLiteDatastore(db_name=path, lock_timeout=1))
    recorder.create_table()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        event = StoredEvent(uuid.uuid4(), 1, "topic", b"{}")
        with pytest.raises(OperationalError, match=r"^database is locked$"):
            recorder.insert_events([event])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        recorder.datastore.close()


def test_an_aggregate_numbered_from_version_0_verifies_and_is_checked_on_load_from_its_start(
    store_url: str,
) -> None:
    services = bootstrap(store_url)
    try:
        recorder: Any = services.store.app.recorder
        oid = uuid.uuid4()
        recorder.insert_events([StoredEvent(oid, v, "topic", b'{"n":%d}' % v) for v in range(3)])
        assert (intact(recorder), len(recorder.select_events(oid))) == ([], 3)
        raw = RawStore(store_url)
        raw.set_state(oid, 1, raw.row(oid, 1).state.replace(b'"n":1', b'"n":9'))
        with pytest.raises(DamagedRecord, match=f"^{oid} version 1: does not match its seal"):
            recorder.select_events(oid)
    finally:
        services.close()


def test_a_failing_statement_inside_the_seal_raises_the_same_library_error_as_the_library_recorder(
    store_url: str,
) -> None:
    services = bootstrap(store_url)
    try:
        sealed: Any = services.store.app.recorder
        library_class = next(
            c for c in (SQLiteApplicationRecorder, PostgresApplicationRecorder)
            if isinstance(sealed, c)
        )  # fmt: skip
        library = library_class(sealed.datastore, events_table_name=sealed.events_table_name)
        RawStore(store_url).execute("DROP TABLE {table}")
        raised = [statement_failure(recorder) for recorder in (library, sealed)]
        assert type(raised[0]) is type(raised[1]), [f"{type(e).__name__}: {e}" for e in raised]
    finally:
        services.close()


def statement_failure(recorder: Any) -> PersistenceError:
    """The library error an insert into the dropped table raises. Waiting for a pooled
    connection is not the statement: a loaded machine once made the library's first insert time
    out there (OperationalError, before any SQL ran), so that wait is tried again. Nor is a
    psycopg pipeline's "pipeline aborted": on a loaded machine the library's pipelined insert
    once reported the aborted pipeline (OperationalError) instead of the failed statement's own
    error, which the same insert reports when tried again."""
    for _ in range(3):
        with pytest.raises(PersistenceError) as caught:
            recorder.insert_events([StoredEvent(uuid.uuid4(), 1, "topic", b"{}")])
        if not any(
            s in str(caught.value) for s in ("couldn't get a connection", "pipeline aborted")
        ):
            break
    return caught.value
