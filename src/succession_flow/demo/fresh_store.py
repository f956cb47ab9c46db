"""The demo's own store: a fresh one, never somebody else's.

The demo writes a whole company, so it refuses a store that already holds events. `--replace`
removes an earlier demo's SQLite file, and only one the demo itself wrote.
"""

from __future__ import annotations

from pathlib import Path

from succession_flow.adapters.store_url import parse_store_url
from succession_flow.application.services import Services
from succession_flow.config import Config
from succession_flow.domain.errors import InvalidInput
from succession_flow.domain.keys import position_uuid
from succession_flow.domain.position import Position

DEMO_FILE = "succession-flow-demo.sqlite"
DEMO_URL = f"sqlite:///{DEMO_FILE}"
SIDECARS = ("", "-wal", "-shm", "-journal")


def opened(settings: Config) -> Services:
    """The composed services; bootstrap is imported here so that `--help` imports no store."""
    from succession_flow.bootstrap import compose

    return compose(settings)


def written_by_demo(settings: Config) -> bool:
    services = opened(settings)
    try:
        found = services.store.find(position_uuid("VP-SALES"), Position)
        return found is not None and found.defined_by == "demo"
    finally:
        services.close()


def fresh_store(settings: Config, replace: bool) -> Services:
    """`settings` carries the secret too, so a demo given a secret is sealed like any store."""
    config = parse_store_url(settings.store_url)
    path = config.sqlite_path
    if path is not None and path.exists():
        if not replace:
            raise InvalidInput(
                f"{path} already exists; run `succession-flow demo --replace` to start over"
            )
        if not written_by_demo(settings):
            raise InvalidInput(f"{path} is not a demo store; --replace removes only demo stores")
        for suffix in SIDECARS:
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    services = opened(settings)
    if services.store.event_count():
        services.close()
        raise InvalidInput(
            f"{config.describe()} already holds events; the demo needs an empty store"
        )
    return services


def demo_folder(url: str) -> Path:
    """Where the demo's other files go: next to its SQLite file, else here."""
    path = parse_store_url(url).sqlite_path
    return path.parent if path is not None else Path()
