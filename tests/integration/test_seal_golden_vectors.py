"""Golden vectors: a fixed store whose seals, chain head and digest are pinned byte for byte.

Every store ever sealed is verified against seal format version 1 (adapters/chain.py). A change
to what the MAC covers (originator id, version, topic, body), to the separator, the keys or
their derivation label, or to where the seal sits in the stored state would silently make old
stores fail verification; here it fails loudly instead. If a test below fails, do not update
the constants: introduce a new seal format version that still verifies stores sealed in v1.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import StoredEvent

from succession_flow.adapters.chain import PUBLIC_KEY, SEAL_FORMAT, derive
from succession_flow.application.audit.digest import make_digest
from succession_flow.application.audit.integrity import ChainWalk, sealed_rows
from succession_flow.bootstrap import bootstrap
from tests.integration.raw_store import RawStore

SECRET = b"golden secret"
A = UUID("00000000-0000-4000-8000-00000000000a")
B = UUID("00000000-0000-4000-8000-00000000000b")
C = UUID("00000000-0000-4000-8000-00000000000c")
BINARY = b"\x00\x01not json: a ciphertext}"
EVENTS = [  # (insert call, originator, version, topic, stored body), in log order
    (1, A, 1, "succession_flow.domain.position:Position.Created",
     b'{"timestamp":"2026-01-05T09:00:00+00:00","position_id":"VP-SALES"}'),
    (1, B, 1, "succession_flow.domain.employee:Employee.Registered",
     b'{"timestamp":"2026-01-05T09:00:01+00:00","name":"Ann \xc3\x85berg"}'),
    (2, A, 2, "succession_flow.domain.position:Position.DemandChanged",
     b'{"timestamp":"2026-01-06T10:30:00+00:00","demand":2}'),
    (3, C, 1, "succession_flow.domain.candidate:Candidate.Nominated", BINARY),
]  # fmt: skip

SEALS: dict[bytes | None, list[str]] = {  # flag, aggregate hash, log hash of each event
    None: [
        "p"
        "a284b569b4d424d53d9dc7d4e49d497c0231b21bdcfb869a2bb4bd9ea6f35eac"
        "11fd3dda5d5d688e7a731a50c0e32e3e7d1ff8c6164fcff714f7f219b0010b4f",
        "p"
        "c027194d3ae29d8bc2dacdb4ba6e085b5ba4c122bfd0bd169f85dcbe6ddd8906"
        "a9e619b21da60ed603050795a732f69bde15ecd0091ea12ebe0967c2d23c012a",
        "p"
        "3a5c202d49871d7b2e7f30af8c52509e529d97ba001cdc026b0e4c2cf07dc1b0"
        "c2c0633819be8c5c76ede5bbd62e933b7352fa255c5c55e09280572be63713c5",
        "p"
        "f31c61aa4ab20deb56a2a1b3219f236f974fe6dff049e3c24c886afd2ead4b87"
        "5f86e0d93a1e125d3351bd94af5baed2abf6bf5b29eef0d6e5dfbf22e836515d",
    ],
    SECRET: [
        "k"
        "5625d9ed03416c22c2108b22752c711e4ab89a30d51e85bf75e4d48a53ccd11c"
        "4f53cbf6d6ffb9203f9b143612ba10126fe940768cb3cd54738c5885e36af2e3",
        "k"
        "2543028e63f017ca3e6bd209a4c7644f17a414cce905a40fd6a5b14877f32253"
        "b4f3100738ffc52d98f061cc522002578fbff662e8e3ae1b299996c060aa8cd0",
        "k"
        "1b1cbad2b4f25661411f22f8830275e935cd085d1621c5f4a84bac08421e7663"
        "6e6042b5cd43757ed299961eea4f36eddf75005d2dcae3d8e63eff97a43f428b",
        "k"
        "e5451bd762f26314d65d7a2c05db7fe568e9283224c6492240871385de6c0d26"
        "4f398ec83e68b35eea3ef67838c0c2db5898af43aabd589554f819c75b4923e0",
    ],
}
HEADS: dict[bytes | None, str] = {
    None: "5f86e0d93a1e125d3351bd94af5baed2abf6bf5b29eef0d6e5dfbf22e836515d",
    SECRET: "4f398ec83e68b35eea3ef67838c0c2db5898af43aabd589554f819c75b4923e0",
}
DIGEST = {
    "format": "succession-flow-digest",
    "version": 1,
    "store": "SQLite file golden.sqlite",
    "events": 4,
    "time": "2026-01-07T12:00:00+00:00",
}
DIGESTS: dict[bytes | None, dict[str, Any]] = {
    None: {**DIGEST, "head": HEADS[None], "keyed": False},
    SECRET: {
        **DIGEST,
        "head": HEADS[SECRET],
        "keyed": True,
        "signature": "9e76188d97cbd5cdac66f04ed8d82e7c547e69e012a36ac36b661ea4f6ec1acb",
    },
}


def golden_store(url: str, secret: bytes | None) -> None:
    services = bootstrap(url, secret=secret)
    try:
        recorder: Any = services.store.app.recorder
        for call in (1, 2, 3):
            recorder.insert_events(
                [StoredEvent(o, v, t, body) for n, o, v, t, body in EVENTS if n == call]
            )
    finally:
        services.close()


def expected_state(body: bytes, seal: str) -> bytes:
    """Where format v1 puts the seal, written out here rather than taken from chain.attach."""
    if body.startswith(b"{"):
        return body[:-1] + b',"_seal":"' + seal.encode() + b'"}'
    return body + b'\x1e{"_seal":"' + seal.encode() + b'"}'


def test_the_seal_format_is_version_1_with_its_keys() -> None:
    assert (SEAL_FORMAT, PUBLIC_KEY) == (1, b"succession-flow public chain v1")
    assert derive(SECRET, "chain").hex() == (
        "bc3a8ea06454942470d0b27a45c78492214412425f43df81e2829b220cfa764c"
    )


def test_the_first_seal_is_what_the_format_description_says_computed_from_first_principles() -> (
    None
):
    _, oid, version, topic, body = EVENTS[0]
    parts = [b"0" * 64, str(oid).encode(), str(version).encode(), topic.encode(),
             hashlib.sha256(body).hexdigest().encode()]  # fmt: skip
    agg = hmac.new(PUBLIC_KEY, b"\x1f".join(parts), hashlib.sha256).hexdigest()
    log = hmac.new(PUBLIC_KEY, b"0" * 64 + b"\x1f" + agg.encode(), hashlib.sha256).hexdigest()
    assert "p" + agg + log == SEALS[None][0]


@pytest.mark.parametrize("secret", [None, SECRET], ids=["unkeyed", "keyed"])
def test_a_fixed_store_is_sealed_byte_for_byte_as_pinned(
    store_url: str, secret: bytes | None
) -> None:
    golden_store(store_url, secret)
    rows = RawStore(store_url).rows()
    assert [(r.originator_id, r.version, r.topic) for r in rows] == [e[1:4] for e in EVENTS]
    assert [r.state for r in rows] == [
        expected_state(e[4], seal) for e, seal in zip(EVENTS, SEALS[secret], strict=True)
    ]
    services = bootstrap(store_url, secret=secret)
    try:
        walk = ChainWalk(services.store.sealed_log().chain_key)
        for row, _ in sealed_rows(services.store.sealed_log()):
            walk.feed(row)
    finally:
        services.close()
    assert (walk.close(), walk.events, walk.head) == ([], 4, HEADS[secret])


@pytest.mark.parametrize("secret", [None, SECRET], ids=["unkeyed", "keyed"])
def test_the_digest_of_the_fixed_store_is_pinned_with_its_signature(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, secret: bytes | None
) -> None:
    monkeypatch.chdir(tmp_path)
    golden_store("sqlite:///golden.sqlite", secret)
    services = bootstrap("sqlite:///golden.sqlite", secret=secret)
    try:
        digest = make_digest(services, now=datetime(2026, 1, 7, 12, 0, tzinfo=UTC))
    finally:
        services.close()
    assert digest == DIGESTS[secret]
