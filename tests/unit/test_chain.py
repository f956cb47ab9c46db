"""Seals sit at the end of a stored state and come off exactly; a JSON state stays JSON."""

from __future__ import annotations

import hmac
import json
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from succession_flow.adapters.chain import (
    GENESIS,
    ChainKey,
    Seal,
    StaleSnapshot,
    attach,
    derive,
    opens_chain,
    split,
    strip,
)

SEAL = Seal("k", "a" * 64, "b" * 64)


@pytest.mark.parametrize(
    "body",
    [b'{"name":"Ann","n":1}', b"{}", b"\x00\x01binary ciphertext}", b"", b'{"x":"}"}'],
    ids=["json", "empty json", "binary", "empty", "brace in a string"],
)
def test_a_seal_comes_off_exactly_as_it_went_on(body: bytes) -> None:
    assert split(attach(body, SEAL)) == (body, SEAL)


def test_a_sealed_json_state_is_still_json_with_the_seal_as_a_field() -> None:
    stored = attach(b'{"name":"Ann"}', SEAL)
    assert json.loads(stored) == {"name": "Ann", "_seal": SEAL.text()}


@pytest.mark.parametrize(
    "state", [b'{"name":"Ann"}', b"short", b'{"_seal":"k' + b"z" * 128 + b'"}']
)
def test_a_state_without_a_well_formed_seal_has_none(state: bytes) -> None:
    assert split(state) == (state, None)


@given(
    key=st.binary(min_size=0, max_size=200),
    parts=st.lists(st.binary(max_size=300), min_size=1, max_size=5),
)
def test_the_mac_is_hmac_sha256_of_the_parts_joined_by_the_unit_separator(
    key: bytes, parts: list[bytes]
) -> None:
    """The precomputed pads give the standard library's HMAC exactly, for keys shorter and
    longer than SHA-256's block (a key past 64 bytes is hashed first), asked again and again."""
    expected = hmac.digest(key, b"\x1f".join(parts), "sha256").hex()
    chain_key = ChainKey(key)
    assert chain_key.mac(*parts) == expected
    assert chain_key.mac(*parts) == expected  # the kept states are copied, never fed


def test_a_chain_key_that_has_made_macs_still_pickles_for_the_workers() -> None:
    key = ChainKey.from_secret(b"secret")
    made = key.mac(b"a", b"b")
    assert pickle.loads(pickle.dumps(key)).mac(b"a", b"b") == made


def test_keys_differ_by_secret_and_by_purpose() -> None:
    assert ChainKey.from_secret(None) == ChainKey()
    one, two = ChainKey.from_secret(b"one"), ChainKey.from_secret(b"two")
    assert (one.keyed, one.flag, ChainKey().flag) == (True, "k", "p")
    assert (
        len(
            {one.mac(GENESIS.encode()), two.mac(GENESIS.encode()), ChainKey().mac(GENESIS.encode())}
        )
        == 3
    )
    assert derive(b"one", "chain") != derive(b"one", "cipher")


@pytest.mark.parametrize(
    ("body", "stored"),
    [
        (b'{"a":1}', b'{"a":1,"_seal":"' + SEAL.text().encode() + b'"}'),
        (b"{1}", b'{1,"_seal":"' + SEAL.text().encode() + b'"}'),
        (b"{}", b'{}\x1e{"_seal":"' + SEAL.text().encode() + b'"}'),
        (b"}", b'}\x1e{"_seal":"' + SEAL.text().encode() + b'"}'),
    ],
    ids=["json", "shortest merged", "empty object", "lone brace"],
)
def test_the_stored_form_of_format_1_at_the_edges_of_the_json_merge(
    body: bytes, stored: bytes
) -> None:
    """Format 1 merges the seal into a JSON object only when the object has content: `{}`
    would become `{,"_seal":...}`, so it takes the binary form like any other body."""
    assert attach(body, SEAL) == stored
    assert split(stored) == (body, SEAL)
    assert strip(stored) == body


def test_strip_leaves_an_unsealed_state_as_it_is() -> None:
    assert strip(b'{"name":"Ann"}') == b'{"name":"Ann"}'


def test_a_chain_opens_at_version_0_or_1_and_nowhere_else() -> None:
    assert [version for version in range(-1, 4) if opens_chain(version)] == [0, 1]


def test_a_seal_cut_short_is_no_seal_even_when_its_opening_is_there() -> None:
    """A tail shorter than a seal is not read as one, wherever the opening marker sits."""
    opening = b',"_seal":"'
    state = b"{" + b"x" * 58 + opening + b"a" * 29 + b'"}'
    assert len(state) == 100
    assert split(state) == (state, None)
    assert strip(state) == state


def test_the_json_form_is_read_wherever_its_opening_sits_even_first() -> None:
    stored = b',"_seal":"' + SEAL.text().encode() + b'"}'
    assert split(stored) == (b"}", SEAL)


def test_a_stale_snapshot_names_its_aggregate() -> None:
    stale = StaleSnapshot("E1")
    assert (str(stale), stale.originator_id) == (
        "snapshot of E1 is not borne out by its events",
        "E1",
    )
