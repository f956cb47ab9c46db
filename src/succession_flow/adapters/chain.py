"""The tamper-evidence chains, as pure functions: what a seal is and how it is computed.

Every stored event carries a seal at the end of its stored state: a flag, the event's
*aggregate hash* and its *log hash*.

- aggregate hash(v) = MAC(aggregate hash(v-1), originator id, version, topic, sha256(body)):
  changing, removing or inserting an event of one aggregate breaks that aggregate's chain.
- log hash(n) = MAC(log hash(n-1), aggregate hash of the n-th event in the log): the store-wide
  chain in notification order, so reordering events or removing an aggregate's last event is
  caught too, and one hash (the head) stands for the whole store (`audit digest`).

MAC is HMAC-SHA256 keyed with a key derived from the configured secret (flag ``k``), or with a
public key when there is none (flag ``p``: it proves order and content against a kept digest,
not against someone who can recompute every hash). The seal keeps a JSON state valid JSON, so
raw SQL readers still parse it. Nothing here does I/O: the recorders, `audit verify` and the
export checker all share these functions.

Seal format version 1 (`SEAL_FORMAT`), the bytes every stored store depends on:

- MAC inputs, each UTF-8, joined by the unit separator 0x1f: the aggregate hash is
  (previous aggregate hash as 64 hex digits, originator id as the UUID's canonical text,
  version in decimal, topic, sha256 hex of the body); the log hash is (previous log hash,
  aggregate hash). Hashes are lower-case hex; the genesis hash is 64 zeros.
- Keys: the public key ``succession-flow public chain v1``; with a secret,
  HMAC-SHA256(secret, ``succession-flow chain v1``) (`derive`, purpose ``chain``).
- Where the chain starts (`opens_chain`): an event at version 0 or 1 links to the genesis
  hash, every other event to the aggregate hash of version - 1 of its aggregate.
- Stored: a JSON body gets ``,"_seal":"<seal>"`` before its closing brace; any other body is
  followed by 0x1e and ``{"_seal":"<seal>"}``; the seal is the flag then the two hashes.

tests/integration/test_seal_golden_vectors.py pins all of it byte for byte. Changing any of it is a
new format version: stores sealed before it must still verify (the flag or a format marker
tells the versions apart, and both are checked), so never edit version 1 in place.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol
from uuid import UUID

if TYPE_CHECKING:
    from _hashlib import HASH

SEAL_FORMAT = 1
PUBLIC_KEY = b"succession-flow public chain v1"
GENESIS = "0" * 64
SEAL_LEN = 129  # flag + 64 hex + 64 hex
_JSON_OPEN = b',"_seal":"'
_BINARY_OPEN = b'\x1e{"_seal":"'
_CLOSE = b'"}'


@dataclass(frozen=True)
class ChainKey:
    """The MAC key of the chains; ``keyed`` when it comes from a secret."""

    key: bytes = PUBLIC_KEY
    keyed: bool = False

    @property
    def flag(self) -> str:
        return "k" if self.keyed else "p"

    @classmethod
    def from_secret(cls, secret: bytes | None) -> ChainKey:
        if not secret:
            return cls()
        return cls(derive(secret, "chain"), keyed=True)

    def mac(self, *parts: bytes) -> str:
        """HMAC-SHA256 of the parts joined by 0x1f: every event is sealed and checked with it.

        The key's inner and outer hash states are computed once (`hmac_pads`) and copied for
        each message, the precomputation RFC 2104 describes in its section 4: two hash copies a
        MAC, where `hmac.digest` sets the key up in OpenSSL on every call (an event's seal, two
        MACs and a SHA-256, 9.2 against 6.1 us: bench/README "The write path's fixed costs").
        Byte for byte the same MAC: tests/unit/test_chain.py compares it with `hmac.digest`,
        and the golden vectors pin the seals it makes."""
        inner, outer = hmac_pads(self.key)
        keyed = inner.copy()
        keyed.update(b"\x1f".join(parts))
        result = outer.copy()
        result.update(keyed.digest())
        return result.hexdigest()


@lru_cache(maxsize=16)
def hmac_pads(key: bytes) -> tuple[HASH, HASH]:
    """SHA-256 fed the key XOR ipad, and fed the key XOR opad (RFC 2104): HMAC's two keyed
    states, kept per key (a module cache, not the key's: a `ChainKey` stays picklable)."""
    block = hashlib.sha256().block_size
    padded = (key if len(key) <= block else hashlib.sha256(key).digest()).ljust(block, b"\0")
    return (
        hashlib.sha256(bytes(byte ^ 0x36 for byte in padded)),
        hashlib.sha256(bytes(byte ^ 0x5C for byte in padded)),
    )


def opens_chain(version: int) -> bool:
    """Whether an event links to the genesis hash: the one definition of where an aggregate's
    chain starts, for the recorders that seal and check and for `audit verify`.

    eventsourcing numbers an aggregate's events from 1, or from 0 where an application (or the
    library's own test suites) sets INITIAL_VERSION 0; both versions open the chain, so an
    event's link depends on the event alone and sealing needs no lookup to decide it. A
    removed version 0 is then seen by the store-wide chain, not the aggregate's."""
    return version in (0, 1)


def derive(secret: bytes, purpose: str) -> bytes:
    """One secret, independent keys per purpose (chain MAC, encryption, digest signature)."""
    return hmac.new(secret, f"succession-flow {purpose} v1".encode(), hashlib.sha256).digest()


@dataclass(frozen=True)
class Seal:
    flag: str
    aggregate_hash: str
    log_hash: str

    def text(self) -> str:
        return f"{self.flag}{self.aggregate_hash}{self.log_hash}"

    @classmethod
    def parse(cls, text: str) -> Seal:
        return cls(text[0], text[1:65], text[65:129])


def aggregate_hash(
    key: ChainKey, previous: str, originator_id: UUID | str, version: int, topic: str, body: bytes
) -> str:
    content = hashlib.sha256(body).hexdigest()
    return aggregate_hash_of_digest(key, previous, originator_id, version, topic, content)


def aggregate_hash_of_digest(
    key: ChainKey, previous: str, originator_id: UUID | str, version: int, topic: str, content: str
) -> str:
    """As `aggregate_hash`, from the body's sha256 (so a redacted export still verifies)."""
    return key.mac(
        previous.encode(), str(originator_id).encode(), str(version).encode(), topic.encode(),
        content.encode(),
    )  # fmt: skip


def log_hash(key: ChainKey, previous: str, aggregate_hash_: str) -> str:
    return key.mac(previous.encode(), aggregate_hash_.encode())


def attach(body: bytes, seal: Seal) -> bytes:
    """The stored state: the body with its seal (inside the JSON object when it is one)."""
    tail = seal.text().encode() + _CLOSE
    if body.startswith(b"{") and body.endswith(b"}") and len(body) > 2:
        return body[:-1] + _JSON_OPEN + tail
    return body + _BINARY_OPEN + tail


def split(state: bytes) -> tuple[bytes, Seal | None]:
    """Body and seal of a stored state; (state, None) when it carries no seal."""
    body, text = _cut(state)
    return body, None if text is None else Seal.parse(text.decode("ascii"))


def strip(state: bytes) -> bytes:
    """The body alone: what every replay reads, so it parses no `Seal` it would throw away."""
    return _cut(state)[0]


def _cut(state: bytes) -> tuple[bytes, bytes | None]:
    """The one reading of where a seal sits: body and the seal's text, or (state, None)."""
    end = len(state) - len(_CLOSE)
    start = end - SEAL_LEN
    if start < 0 or not state.endswith(_CLOSE):
        return state, None
    if state.endswith(_JSON_OPEN, 0, start):
        body = state[: start - len(_JSON_OPEN)] + b"}"
    elif state.endswith(_BINARY_OPEN, 0, start):
        body = state[: start - len(_BINARY_OPEN)]
    else:
        return state, None
    text = state[start:end]
    if not text.isascii():
        return state, None
    return body, text


class StaleSnapshot(Exception):
    """A snapshot that the events, as stored now, do not bear out: it is not used."""

    def __init__(self, originator_id: UUID | str | None) -> None:
        super().__init__(f"snapshot of {originator_id} is not borne out by its events")
        self.originator_id = originator_id


class SealedLog(Protocol):
    """What the verifier needs from a sealing recorder: the log with its seals intact."""

    chain_key: ChainKey

    def select_sealed(self, start: int, limit: int) -> list[tuple[int, UUID, int, str, bytes]]:
        """Rows (notification id, originator id, version, topic, stored state) in log order."""
        ...
