"""The at-rest mapper on damaged and mismatched bodies: every failure to decrypt or decode is
one `PermissionDenied` naming what to configure or check, never a library exception."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from eventsourcing.persistence import StoredEvent

from succession_flow.adapters.at_rest import NEEDS_SECRET, WRONG_SECRET
from succession_flow.application.people import staffing
from succession_flow.application.services import Services
from succession_flow.bootstrap import bootstrap
from succession_flow.domain.errors import PermissionDenied
from succession_flow.domain.keys import position_uuid
from succession_flow.domain.position import Position
from tests.integration.builders import ACTOR, position_spec

SECRET = b"the right secret"


@pytest.fixture
def keyed(tmp_path: Path) -> Iterator[Services]:
    opened = bootstrap(f"sqlite:///{tmp_path}/keyed.sqlite", secret=SECRET)
    yield opened
    opened.close()


@pytest.fixture
def unkeyed(tmp_path: Path) -> Iterator[Services]:
    opened = bootstrap(f"sqlite:///{tmp_path}/clear.sqlite")
    yield opened
    opened.close()


def created_event(services: Services) -> Any:
    """The position's creation event, as the aggregate triggers it (not yet stored)."""
    spec = position_spec()
    staffing.define_position(services, spec, ACTOR)
    [event, *_] = services.store.events_of(position_uuid(spec["position_id"]))
    return event


def mapper(services: Services) -> Any:
    return services.store.app.mapper


def flipped(stored: StoredEvent, at: int) -> StoredEvent:
    state = bytearray(stored.state)
    state[at] ^= 0x01
    return replace(stored, state=bytes(state))


def test_an_encrypted_body_reads_back_with_its_secret(keyed: Services) -> None:
    event = created_event(keyed)
    stored = mapper(keyed).to_stored_event(event)
    assert not stored.state.startswith(b"{")  # ciphertext, not JSON
    assert mapper(keyed).to_domain_event(stored).title == "Vice President Sales"


@pytest.mark.parametrize("at", [0, 20, -1], ids=["nonce", "ciphertext", "tag"])
def test_a_changed_ciphertext_byte_is_refused_as_the_wrong_secret_or_a_changed_record(
    keyed: Services, at: int
) -> None:
    stored = mapper(keyed).to_stored_event(created_event(keyed))
    with pytest.raises(PermissionDenied) as refused:
        mapper(keyed).to_domain_event(flipped(stored, at))
    assert str(refused.value) == WRONG_SECRET


def test_an_encrypted_body_without_the_secret_says_to_set_one(
    keyed: Services, unkeyed: Services
) -> None:
    stored = mapper(keyed).to_stored_event(created_event(keyed))
    with pytest.raises(PermissionDenied) as refused:
        mapper(unkeyed).to_domain_event(stored)
    assert str(refused.value) == NEEDS_SECRET


def test_a_body_in_clear_that_is_not_json_is_refused_without_a_secret_too(
    unkeyed: Services,
) -> None:
    stored = mapper(unkeyed).to_stored_event(created_event(unkeyed))
    assert json.loads(stored.state)["title"] == "Vice President Sales"
    broken = replace(stored, state=b"{" + stored.state[2:])
    with pytest.raises(PermissionDenied) as refused:
        mapper(unkeyed).to_domain_event(broken)
    assert str(refused.value) == NEEDS_SECRET


def test_an_event_stored_in_clear_before_the_secret_was_set_still_reads(
    keyed: Services, unkeyed: Services
) -> None:
    stored = mapper(unkeyed).to_stored_event(created_event(unkeyed))
    event = mapper(keyed).to_domain_event(stored)
    assert (type(event).__qualname__, event.title) == ("Position.Defined", "Vice President Sales")


def test_a_ciphertext_that_happens_to_begin_with_a_brace_is_still_decrypted(
    keyed: Services,
) -> None:
    """A random nonce begins with "{" once in 256 encryptions: the clear reading fails, and the
    mapper decrypts instead of refusing."""
    event = created_event(keyed)
    stored = next(
        s
        for s in (mapper(keyed).to_stored_event(event) for _ in range(20_000))
        if s.state.startswith(b"{")
    )
    assert mapper(keyed).to_domain_event(stored).title == "Vice President Sales"


def test_a_store_read_through_the_wrong_secret_refuses_every_aggregate(
    tmp_path: Path, keyed: Services
) -> None:
    created_event(keyed)
    url = f"sqlite:///{tmp_path}/keyed.sqlite"
    wrong = bootstrap(url, secret=b"another secret")
    try:
        with pytest.raises(PermissionDenied) as refused:
            wrong.store.get(position_uuid("VP-SALES"), Position, "position VP-SALES")
        assert str(refused.value) == WRONG_SECRET
    finally:
        wrong.close()
