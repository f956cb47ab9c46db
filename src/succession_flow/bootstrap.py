"""The one place where adapters are chosen and wired: store URL in, ready Services out."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from eventsourcing.persistence import StoredEvent

from succession_flow.adapters.chain import ChainKey
from succession_flow.adapters.event_store import EventLog, Store
from succession_flow.adapters.secrets import persistence_env
from succession_flow.adapters.sql_database import memory_database, open_database
from succession_flow.adapters.store_presence import store_exists, store_writable
from succession_flow.adapters.store_url import StoreConfig, parse_store_url
from succession_flow.application.ports import DecisionEngine
from succession_flow.application.services import Services, utc_now
from succession_flow.config import Config
from succession_flow.domain.decision import Decision
from succession_flow.domain.errors import NotFound, PermissionDenied

if TYPE_CHECKING:  # types only: the read model's modules load when a command first reads it
    from succession_flow.readmodel.schema import Database
    from succession_flow.readmodel.tracking import ReadModel


class LazyEngine:
    """Loads the rule engine on the first decision, so read-only commands never start it."""

    def __init__(self) -> None:
        self._engine: DecisionEngine | None = None

    def decide(self, source: str, facts: dict[str, Any]) -> Decision:
        if self._engine is None:
            from succession_flow.adapters.durable_engine import DurableRulesEngine

            self._engine = DurableRulesEngine()
        return self._engine.decide(source, facts)


def bootstrap(
    store_url: str | None = None,
    engine: DecisionEngine | None = None,
    clock: Callable[[], datetime] = utc_now,
    secret: bytes | None = None,
) -> Services:
    """Convenience for tests and scripts: resolves a Config, then the one composition path."""
    config = Config.resolve(store_url)
    if secret is not None:
        config = replace(config, secret=secret)
    return compose(config, engine, clock)


def compose(
    settings: Config,
    engine: DecisionEngine | None = None,
    clock: Callable[[], datetime] = utc_now,
) -> Services:
    """The composition root: the whole Config in, so no caller can drop the secret."""
    config = parse_store_url(settings.store_url)
    secret = settings.secret
    store = Store(store_env(config, secret), config.describe())
    store.app.recorder.chain_key = ChainKey.from_secret(secret)  # type: ignore[attr-defined]
    store.os_user = settings.os_user
    return Services(
        store=store,
        engine=engine or LazyEngine(),
        clock=clock,
        read_model=lambda as_of: read_model(store, as_of),
    )


def store_env(config: StoreConfig, secret: bytes | None) -> dict[str, str]:
    """The eventsourcing settings of a store: where it is, and the sealing recorder, mapper and
    cipher the secret calls for (the library's own test suites run against exactly these)."""
    return {**config.env, **persistence_env(config.kind, secret)}


EVENTS_TABLES = {"sqlite": "stored_events", "postgresql": f"{EventLog.name.lower()}_events"}
"""The events table as eventsourcing's factories name it: its presence is the store's."""


def require_store(settings: Config) -> None:
    """For commands that only read: a store that is not there is an answer (exit 3), never a
    new empty store answering "(none)". Asked before composing, because composing creates."""
    config = parse_store_url(settings.store_url)
    if not store_exists(config, EVENTS_TABLES[config.kind]):
        where = config.sqlite_path or config.describe()
        raise NotFound(f"no store at {where}: run a writing command or `init` first")


def may_write(settings: Config) -> bool:
    """Whether the configured store takes writes (the console's write routes ask first)."""
    config = parse_store_url(settings.store_url)
    return store_writable(config, EVENTS_TABLES[config.kind])


def open_read_model(store: Store, across_threads: bool = False) -> ReadModel:
    """The read model in the store's own database (tables created on first use);
    `across_threads` for a server's kept model, used by one thread at a time but not always
    the same one."""
    from succession_flow.readmodel.schema import CURRENT
    from succession_flow.readmodel.tracking import ReadModel

    checked = tuple(t.name for t in CURRENT)  # the tables a read reads: pages checked (SQLite)
    db = open_database(store.env, store.where, across_threads, checked=checked)
    try:
        return ReadModel(store, db)
    except BaseException:
        db.close()
        raise


def caught_up_read_model(store: Store) -> ReadModel | None:
    """The read model, caught up; None when this connection may only read (a reviewer's
    database role cannot create or update its tables)."""
    try:
        model = open_read_model(store)
    except PermissionDenied:
        return None
    try:
        model.catch_up()
    except PermissionDenied:
        model.close()
        return None
    except BaseException:
        model.close()
        raise
    return model


@contextmanager
def read_model(
    store: Store, as_of: datetime | None, kept: KeptReadModel | None = None
) -> Iterator[Database]:
    """Now: the read model, caught up first; so too as of a moment at or after the latest event
    it holds (caught up, it holds them all, so a fold to that moment would rebuild it). As of an
    earlier moment: the same connection showing the rows valid then (readmodel/as_of.py); for a
    read-only connection, or a past whose changes since its checkpoint are too many for one
    statement, a fold of the log in a scratch database. A `kept` model (a server's) stays open
    after."""
    from succession_flow.readmodel import checkpoints
    from succession_flow.readmodel.as_of import TooManyChanges, state_as_of
    from succession_flow.readmodel.tracking import fold_as_of

    model = kept.caught_up() if kept is not None else caught_up_read_model(store)
    owned = None if kept is not None else model
    scratch = memory_database()
    try:
        if model is not None and (as_of is None or checkpoints.stands_at(model.db, as_of)):
            yield model.db
            return
        if model is not None and as_of is not None:
            try:
                past = state_as_of(store, model.db, scratch, as_of)
            except TooManyChanges:
                scratch.close()
                scratch = memory_database()
            else:
                yield past
                return
        fold_as_of(store, scratch, as_of or datetime.max.replace(tzinfo=UTC))
        yield scratch
    finally:
        scratch.close()
        if owned is not None:
            owned.close()


class KeptReadModel:
    """A server's read model connection, kept open across requests (opening one cost as much
    as the read on PostgreSQL). Caught up before every read, as a command's is, so a read sees
    every write already answered; `catching_up` is shared by every kept model of the process,
    so two catch-ups never run at once."""

    def __init__(self, store: Store, catching_up: threading.Lock) -> None:
        self.store = store
        self.catching_up = catching_up
        self.model: ReadModel | None = None
        self.read_only = False

    def caught_up(self) -> ReadModel | None:
        """None for a read-only connection, as `caught_up_read_model` answers."""
        if self.read_only:
            return None
        with self.catching_up:
            try:
                if self.model is None:
                    self.model = open_read_model(self.store, across_threads=True)
                self.model.catch_up()
            except PermissionDenied:
                self.close()
                self.read_only = True
                return None
            except BaseException:
                self.close()
                raise
        return self.model

    def close(self) -> None:
        model, self.model = self.model, None
        if model is not None:
            model.close()


def compose_kept(settings: Config, catching_up: threading.Lock) -> Services:
    """A server's long-lived Services: `compose`, with the read model kept open (and closed
    with the store)."""
    services = compose(settings)
    kept = KeptReadModel(services.store, catching_up)
    services.read_model = lambda as_of: read_model(services.store, as_of, kept)
    services.on_close.append(kept.close)
    return services


def offline_decoder(secret: bytes | None = None) -> Callable[[StoredEvent], Any]:
    """Decode stored events without a store (checking an export file), as the store would."""
    env = {"PERSISTENCE_MODULE": "eventsourcing.popo", **persistence_env("sqlite", secret)}
    env.pop("APPLICATION_RECORDER_TOPIC")
    mapper = EventLog(env=env).mapper
    return mapper.to_domain_event
