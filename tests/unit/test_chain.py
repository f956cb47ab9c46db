"""Seals sit at the end of a stored state and come off exactly; a JSON state stays JSON."""

from __future__ import annotations

import json

import pytest

from succession_flow.adapters.chain import GENESIS, ChainKey, Seal, attach, derive, split

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
