"""A kept digest against the store's chain walk, and the digest file's own checks: a store
must extend the digested one (same head after the same count), a signature needs the secret,
and a digest whose fields are not what `audit digest` writes is bad input, named."""

from __future__ import annotations

import json
from typing import Any
from uuid import uuid4

import pytest

from succession_flow.adapters.chain import GENESIS, ChainKey
from succession_flow.application.audit.digest import FORMAT, check_digest, read_digest, signature
from succession_flow.application.audit.integrity import ChainWalk
from succession_flow.domain.errors import InvalidInput
from tests.unit.test_chain_walk import KEYED, PUBLIC, Log


def walk_of(key: ChainKey, events: int, watch: frozenset[int] = frozenset()) -> ChainWalk:
    log, a, b = Log(), uuid4(), uuid4()
    walk = ChainWalk(key, watch=watch)
    for n in range(events):
        walk.feed(log.row(a if n % 2 else b, n // 2 + 1, key))
    return walk


def digest_of(walk: ChainWalk, events: int | None = None, signed_with: ChainKey | None = None
              ) -> dict[str, Any]:  # fmt: skip
    count = walk.events if events is None else events
    head = walk.head if count == walk.events else walk.heads[count]
    digest: dict[str, Any] = {"format": FORMAT, "events": count, "head": head}
    if signed_with is not None:
        digest["signature"] = signature(digest, signed_with)
    return digest


def messages(digest: dict[str, Any], walk: ChainWalk, key: ChainKey) -> list[tuple[str, Any, str]]:
    return [(f.subject, f.version, f.message) for f in check_digest(digest, walk, key)]


@pytest.mark.parametrize("key", [PUBLIC, KEYED], ids=["public", "keyed"])
def test_a_store_that_extends_the_digested_one_passes(key: ChainKey) -> None:
    walk = walk_of(key, 5, watch=frozenset({3}))
    assert messages(digest_of(walk), walk, key) == []
    assert messages(digest_of(walk, 3), walk, key) == []
    signed = digest_of(walk, signed_with=KEYED)
    assert messages(signed, walk, KEYED) == []


def test_an_empty_digest_pins_nothing_but_the_genesis() -> None:
    walk = walk_of(PUBLIC, 2)
    empty = {"format": FORMAT, "events": 0, "head": GENESIS}
    assert messages(empty, walk, PUBLIC) == []
    assert messages({**empty, "head": "f" * 64}, walk, PUBLIC)[0][1:] == (
        0,
        "the chain head after event 0 differs from the digest's: the first events were rewritten",
    )


def test_removed_events_rewritten_ones_and_a_bad_signature_are_each_found() -> None:
    walk = walk_of(KEYED, 4, watch=frozenset({2}))
    longer = {**digest_of(walk), "events": 6}
    assert messages(longer, walk, KEYED) == [
        ("store", None, "has 4 events, the digest 6: events were removed")
    ]
    rewritten = {**digest_of(walk, 2), "head": "a" * 64}
    assert messages(rewritten, walk, KEYED) == [
        ("store", 2, "the chain head after event 2 differs from the digest's: "
                     "the first events were rewritten"),
    ]  # fmt: skip
    forged = {**digest_of(walk, signed_with=KEYED), "events": 4, "signature": "b" * 64}
    assert messages(forged, walk, KEYED) == [("digest", None, "signature does not match")]
    assert messages(digest_of(walk, signed_with=KEYED), walk, PUBLIC) == [
        ("digest", None, "signed: set the secret to check")
    ]


GOOD = {"format": FORMAT, "events": 3, "head": "c" * 64}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("[1, 2]", "not a succession-flow digest (no format: succession-flow-digest)"),
        ('{"format": "other", "events": 1, "head": "x"}', "not a succession-flow digest (no format: succession-flow-digest)"),
        (f'{{"format": "{FORMAT}", "head": "x"}}', "field 'events' is missing"),
        (f'{{"format": "{FORMAT}", "events": 1}}', "field 'head' is missing"),
        (f'{{"format": "{FORMAT}", "events": "12", "head": "x"}}', "field 'events' must be a count of events, not '12'"),
        (f'{{"format": "{FORMAT}", "events": true, "head": "x"}}', "field 'events' must be a count of events, not True"),
        (f'{{"format": "{FORMAT}", "events": -1, "head": "x"}}', "field 'events' must be a count of events, not -1"),
        (f'{{"format": "{FORMAT}", "events": 2.5, "head": "x"}}', "field 'events' must be a count of events, not 2.5"),
        (f'{{"format": "{FORMAT}", "events": 1, "head": 7}}', "field 'head' must be a hash written as text"),
        (f'{{"format": "{FORMAT}", "events": 1, "head": "x", "signature": [1]}}', "field 'signature' must be a hash written as text"),
    ],
    ids=["list", "other-format", "no-events", "no-head", "text-count", "bool-count",
         "negative", "fraction", "numeric-head", "list-signature"],
)  # fmt: skip
def test_a_digest_file_that_is_not_one_is_refused_naming_the_field(data: str, message: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        read_digest(data, "kept.json")
    assert str(refused.value) == f"kept.json: {message}"


def test_a_digest_as_written_is_read_back_whole() -> None:
    assert read_digest(json.dumps(GOOD).encode(), "kept.json") == GOOD
