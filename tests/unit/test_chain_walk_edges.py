"""The verifier's walk at its edges: chains opening at version 0, findings pinned whole (check,
subject, version, message, order), and the paging of the sealed log.

tests/unit/test_chain_walk.py covers each kind of damage; this module holds what the mutation
gate (tools/mutation_gate.py) showed it left open. The rows are sealed by the rule written out
here (version 0 or 1 links to the genesis hash, every later version to the one before), not by
the code under test, so a change to where a chain starts is caught too.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from uuid import UUID, uuid4

import pytest

from succession_flow.adapters.chain import (
    GENESIS,
    ChainKey,
    Seal,
    aggregate_hash,
    attach,
    log_hash,
)
from succession_flow.application.audit.integrity import (
    PAGE,
    ChainWalk,
    Finding,
    SealedRow,
    packed,
    sealed_rows,
    unpacked,
)
from succession_flow.domain.errors import PermissionDenied

TOPIC = "succession_flow.domain.candidate:Candidate.Nominated"
KEYED = ChainKey.from_secret(b"the company secret")


@dataclass
class Sealer:
    """Seals rows as the recorders do, written out independently of them."""

    key: ChainKey
    head: str = GENESIS
    last: dict[UUID, str] = field(default_factory=dict)
    position: int = 0

    def row(self, oid: UUID, version: int, body: bytes = b'{"n":1}') -> SealedRow:
        previous = GENESIS if version in (0, 1) else self.last[oid]
        agg = aggregate_hash(self.key, previous, oid, version, TOPIC, body)
        self.head = log_hash(self.key, self.head, agg)
        self.last[oid] = agg
        self.position += 1
        seal = Seal(self.key.flag, agg, self.head)
        return SealedRow(self.position, oid, version, TOPIC, sha(body), seal)


def sha(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def walk(key: ChainKey, rows: list[SealedRow]) -> ChainWalk:
    walker = ChainWalk(key)
    for row in rows:
        walker.feed(row)
    return walker


@pytest.mark.parametrize("first", [0, 1], ids=["numbered from 0", "numbered from 1"])
@pytest.mark.parametrize("key", [ChainKey(), KEYED], ids=["public", "keyed"])
def test_an_untouched_chain_verifies_clean_from_either_first_version(
    first: int, key: ChainKey
) -> None:
    sealer, one, two = Sealer(key), uuid4(), uuid4()
    rows = [sealer.row(one, first), sealer.row(two, 1), sealer.row(one, first + 1)]
    rows += [sealer.row(one, first + 2), sealer.row(two, 2)]
    walker = walk(key, rows)
    assert walker.close() == []
    assert (walker.events, walker.head) == (5, sealer.head)


def test_version_1_after_version_0_opens_its_own_chain() -> None:
    """Both open the chain, so version 1 links to the genesis hash even after a version 0."""
    sealer, oid = Sealer(ChainKey()), uuid4()
    rows = [sealer.row(oid, 0), sealer.row(oid, 1), sealer.row(oid, 2)]
    assert walk(ChainKey(), rows).close() == []


def test_an_unknown_seal_flag_is_named_with_its_aggregate_and_version() -> None:
    sealer, oid = Sealer(ChainKey()), uuid4()
    row = sealer.row(oid, 1)
    assert row.seal is not None
    odd = SealedRow(1, oid, 1, TOPIC, row.body_sha256, Seal("x", *_hashes(row.seal)))
    assert walk(ChainKey(), [odd]).close() == [
        Finding("integrity", str(oid), 1, "unknown seal flag 'x'")
    ]


def _hashes(seal: Seal) -> tuple[str, str]:
    return seal.aggregate_hash, seal.log_hash


def test_events_sealed_before_the_secret_was_set_are_counted_once_first() -> None:
    """Public seals under a configured secret are checked with the public key and counted."""
    public, oid, other = Sealer(ChainKey()), uuid4(), uuid4()
    rows = [public.row(oid, 1), public.row(oid, 2)]
    broken = public.row(other, 1, b'{"n":2}')
    rows.append(SealedRow(3, other, 1, TOPIC, sha(b'{"n":3}'), broken.seal))
    walker = walk(KEYED, rows)
    unkeyed = Finding(
        "integrity",
        "store",
        None,
        "3 of 3 events sealed without the configured secret (written before it was set?): "
        "checked with the public chain, which proves them only against a kept digest",
    )
    changed = Finding(
        "integrity",
        str(other),
        1,
        "does not match its seal: this event or the one before it was changed",
    )
    assert walker.close() == [unkeyed, changed]
    assert walker.close() == [unkeyed, changed]  # asked twice, reported once


def test_a_keyed_record_checked_without_the_secret_is_refused_not_reported() -> None:
    sealer, oid = Sealer(KEYED), uuid4()
    walker = walk(ChainKey(), [sealer.row(oid, 1)])
    with pytest.raises(PermissionDenied) as refused:
        walker.close()
    assert str(refused.value) == (
        "the record is sealed with a secret: set $SUCCESSION_FLOW_SECRET or "
        "--secret-file to check or export it"
    )
    assert walker.findings == []


@dataclass
class PagedLog:
    """A SealedLog over rows in memory, answering in pages as the recorders do."""

    rows: list[tuple[int, UUID, int, str, bytes]]
    chain_key: ChainKey = field(default_factory=ChainKey)
    asked: list[int] = field(default_factory=list)

    def select_sealed(self, start: int, limit: int) -> list[tuple[int, UUID, int, str, bytes]]:
        self.asked.append(start)
        return [row for row in self.rows if row[0] >= start][:limit]


def test_sealed_rows_numbers_every_event_across_pages_with_gaps_in_notification_ids() -> None:
    sealer, oid = Sealer(ChainKey()), uuid4()
    stored = []
    for version in range(1, PAGE + 3):
        row = sealer.row(oid, version, f'{{"v":{version}}}'.encode())
        assert row.seal is not None
        body = f'{{"v":{version}}}'.encode()
        stored.append((version * 2, oid, version, TOPIC, attach(body, row.seal)))
    log = PagedLog(stored)
    rows = list(sealed_rows(log))
    assert [row.position for row, _ in rows] == list(range(1, PAGE + 3))
    assert rows[-1][1] == f'{{"v":{PAGE + 2}}}'.encode()
    assert log.asked == [1, PAGE * 2 + 1]
    walker = walk(ChainKey(), [row for row, _ in rows])
    assert (walker.close(), walker.head) == ([], sealer.head)


def test_a_walk_asked_mid_way_counts_later_public_seals_afresh() -> None:
    public, oid = Sealer(ChainKey()), uuid4()
    walker = ChainWalk(KEYED)
    walker.feed(public.row(oid, 1))
    assert [f.message.split(" of ")[0] for f in walker.close()] == ["1"]
    walker.feed(public.row(oid, 2))
    assert walker.close()[0].message.startswith("1 of 2 events sealed without")


@pytest.mark.parametrize(
    ("version", "aggregate_hash", "compact"),
    [
        (1, GENESIS, True),
        (2**63 - 1, "ab" * 32, True),
        (-(2**63), "0123456789abcdef" * 4, True),
        (2**63, "ab" * 32, False),  # an edited export's version: beyond 64 bits
        (-(2**63) - 1, "ab" * 32, False),
        (5, "AB" * 32, False),  # hex, but not as written: kept as read, so it links as read
        (3, "x" * 32, False),
        (4, "", False),  # a seal cut short
        (7, "ab" * 16, False),
        (9, "\ud800" * 64, False),  # a lone surrogate, as JSON text can carry
    ],
)
def test_the_walk_keeps_each_aggregates_last_version_and_hash_exactly_as_read(
    version: int, aggregate_hash: str, compact: bool
) -> None:
    kept = packed(version, aggregate_hash)
    assert unpacked(kept) == (version, aggregate_hash)
    assert isinstance(kept, bytes) == compact
    assert len(kept) == (8 + 32 if compact else 2)
