"""The chain walk of `audit verify`, fed hand-sealed rows: each kind of damage is reported once,
at the event where it is, with the message auditors read in docs/auditors.md."""

from __future__ import annotations

import hashlib
from uuid import UUID, uuid4

import pytest

from succession_flow.adapters.chain import (
    GENESIS,
    ChainKey,
    Seal,
    aggregate_hash_of_digest,
    log_hash,
)
from succession_flow.application.audit.integrity import CHANGED, ChainWalk, Finding, SealedRow
from succession_flow.domain.errors import PermissionDenied

KEYED = ChainKey.from_secret(b"audit secret")
PUBLIC = ChainKey()
TOPIC = "succession_flow.domain.position:Position.Revised"


class Log:
    """Seals rows the way the recorders do: per aggregate, then store-wide."""

    def __init__(self) -> None:
        self.head = GENESIS
        self.last: dict[UUID, str] = {}
        self.position = 0

    def row(self, oid: UUID, version: int, key: ChainKey, body: bytes = b"{}") -> SealedRow:
        digest = hashlib.sha256(body).hexdigest()
        previous = self.last.get(oid, GENESIS) if version > 1 else GENESIS
        agg = aggregate_hash_of_digest(key, previous, oid, version, TOPIC, digest)
        self.head = log_hash(key, self.head, agg)
        self.last[oid] = agg
        self.position += 1
        return SealedRow(self.position, oid, version, TOPIC, digest, Seal(key.flag, agg, self.head))


def walked(key: ChainKey, rows: list[SealedRow]) -> list[Finding]:
    walk = ChainWalk(key)
    for row in rows:
        walk.feed(row)
    return walk.close()


def messages(findings: list[Finding]) -> list[tuple[int | None, str]]:
    return [(f.version, f.message) for f in findings]


@pytest.mark.parametrize("key", [PUBLIC, KEYED], ids=["public", "keyed"])
def test_an_untouched_chain_has_no_findings(key: ChainKey) -> None:
    log, a, b = Log(), uuid4(), uuid4()
    assert walked(key, [log.row(a, 1, key), log.row(b, 1, key), log.row(a, 2, key)]) == []


def test_an_event_written_around_the_application_carries_no_seal() -> None:
    log, a = Log(), uuid4()
    first = log.row(a, 1, PUBLIC)
    bare = SealedRow(2, a, 2, TOPIC, hashlib.sha256(b"{}").hexdigest(), None)
    assert messages(walked(PUBLIC, [first, bare])) == [
        (2, "carries no seal (written around the application?)")
    ]


def test_a_version_seen_again_after_a_later_one_is_out_of_order() -> None:
    log, a = Log(), uuid4()
    one, two = log.row(a, 1, PUBLIC), log.row(a, 2, PUBLIC)
    findings = walked(PUBLIC, [one, two, one])
    assert (findings[0].subject, findings[0].version) == (str(a), 1)
    assert findings[0].message == "out of order: version 3 was expected here"
    assert "store-wide chain broken" in findings[1].message  # the copy also breaks the log


def test_a_gap_names_the_missing_versions() -> None:
    log, a = Log(), uuid4()
    rows = [log.row(a, v, PUBLIC) for v in (1, 2, 3, 4)]
    assert messages(walked(PUBLIC, [rows[0], rows[3]]))[0] == (
        4,
        "version 2..3 missing before it (deleted?)",
    )
    assert messages(walked(PUBLIC, [rows[0], rows[2]]))[0] == (
        3,
        "version 2 missing before it (deleted?)",
    )


def test_a_changed_body_does_not_match_its_seal() -> None:
    log, a = Log(), uuid4()
    one, two = log.row(a, 1, PUBLIC), log.row(a, 2, PUBLIC)
    changed = SealedRow(2, a, 2, TOPIC, hashlib.sha256(b'{"x":1}').hexdigest(), two.seal)
    assert messages(walked(PUBLIC, [one, changed])) == [(2, CHANGED)]


def test_events_sealed_before_the_secret_was_set_are_counted_once_not_alarmed_on() -> None:
    log, a = Log(), uuid4()
    rows = [log.row(a, 1, PUBLIC), log.row(a, 2, PUBLIC), log.row(a, 3, KEYED)]
    walk = ChainWalk(KEYED)
    for row in rows:
        walk.feed(row)
    first = walk.close()
    assert messages(first) == [
        (
            None,
            "2 of 3 events sealed without the configured secret (written before it was set?): "
            "checked with the public chain, which proves them only against a kept digest",
        )
    ]
    assert walk.close() == first  # reported once, however often close() is asked


def test_a_keyed_record_checked_without_the_secret_asks_for_it() -> None:
    log, a = Log(), uuid4()
    walk = ChainWalk(PUBLIC)
    walk.feed(log.row(a, 1, KEYED))
    with pytest.raises(PermissionDenied, match="the record is sealed with a secret"):
        walk.close()


def test_an_unknown_seal_flag_is_a_finding() -> None:
    log, a = Log(), uuid4()
    row = log.row(a, 1, PUBLIC)
    assert row.seal is not None
    seal = Seal("x", row.seal.aggregate_hash, row.seal.log_hash)
    forged = SealedRow(1, a, 1, TOPIC, row.body_sha256, seal)
    assert messages(walked(PUBLIC, [forged])) == [(1, "unknown seal flag 'x'")]
