"""The server's kept read services on both stores: lent one request at a time, kept after an
answer or a refusal, dropped after a store failure or a bug (the next request opens afresh)."""

from __future__ import annotations

import asyncio
import threading

import pytest

from succession_flow.application.services import Services
from succession_flow.bootstrap import compose_kept
from succession_flow.config import Config
from succession_flow.domain.errors import NotFound, StoreUnavailable
from succession_flow.web.kept_services import KeptServices


class Opened:
    """Composes real Services of the store and remembers each one it opened."""

    def __init__(self, url: str) -> None:
        self.config = Config.resolve(url)
        self.services: list[Services] = []

    def __call__(self) -> Services:
        self.services.append(compose_kept(self.config, threading.Lock()))
        return self.services[-1]


async def lend_twice(kept: KeptServices, first_raises: BaseException | None) -> bool:
    """Whether the second request got the first one's Services back."""
    try:
        async with kept.lent() as first:
            if first_raises is not None:
                raise first_raises
    except Exception as error:
        assert error is first_raises
    async with kept.lent() as second:
        return second is first


@pytest.mark.parametrize(
    ("raised", "kept_after"),
    [
        (None, True),
        (NotFound("no candidate E9@X"), True),
        (StoreUnavailable("connection lost"), False),
        (RuntimeError("a bug"), False),
    ],
)
def test_a_request_keeps_its_services_unless_the_store_failed_or_a_bug_happened(
    store_url: str, raised: BaseException | None, kept_after: bool
) -> None:
    opened = Opened(store_url)
    kept = KeptServices(opened, size=2)
    try:
        assert asyncio.run(lend_twice(kept, raised)) is kept_after
        assert len(opened.services) == (1 if kept_after else 2)
    finally:
        kept.close()


def test_one_kept_services_answers_read_after_read_from_its_caught_up_read_model(
    store_url: str,
) -> None:
    opened = Opened(store_url)
    kept = KeptServices(opened, size=1)

    async def read_twice() -> list[int]:
        counts = []
        for _ in range(2):
            async with kept.lent() as services:
                assert services.read_model is not None
                with services.read_model(None) as db:
                    counts.append(len(db.query("SELECT name FROM rm_tracking")))
        return counts

    assert asyncio.run(read_twice()) == [1, 1]
    kept.close()
    assert len(opened.services) == 1
