"""Walk the sealed log and say, event by event, where the record was altered.

The same walk checks a live store and an export file: it sees each event's identity, the
sha256 of its stored body and its seal, in log order. It trusts each stored hash as the link to
the next event, so one altered event is reported once, at its own place, not everywhere after.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from uuid import UUID

from succession_flow.adapters.chain import (
    GENESIS,
    ChainKey,
    Seal,
    SealedLog,
    aggregate_hash_of_digest,
    log_hash,
    opens_chain,
    split,
)
from succession_flow.adapters.collector import collected_by_hand
from succession_flow.domain.errors import PermissionDenied

PAGE = 500
HEX64 = re.compile(r"[0-9a-f]{64}")
Last = bytes | tuple[int, str]
"""An aggregate's last version and aggregate hash, as `packed` keeps them."""
CHANGED = "does not match its seal: this event or the one before it was changed"


@dataclass(frozen=True)
class Finding:
    """One problem, located: which check, which aggregate (label or id), which version."""

    check: str
    subject: str
    version: int | None
    message: str

    def to_dict(self) -> dict[str, object]:
        return {
            "check": self.check,
            "subject": self.subject,
            "version": self.version,
            "message": self.message,
        }


@dataclass(frozen=True)
class SealedRow:
    position: int
    originator_id: UUID
    version: int
    topic: str
    body_sha256: str
    seal: Seal | None


@dataclass
class ChainWalk:
    """Feed rows in log order; findings and the chain head accumulate."""

    key: ChainKey
    findings: list[Finding] = field(default_factory=list)
    events: int = 0
    head: str = GENESIS
    heads: dict[int, str] = field(default_factory=dict)
    watch: frozenset[int] = frozenset()
    _last: dict[UUID, Last] = field(default_factory=dict)
    """Each aggregate's last version and aggregate hash, for the next event's check, packed
    (`packed`): kept for every aggregate for the whole walk, 200,000 of them at N = 100,000."""
    _keyed_missing: bool = False
    unkeyed: int = 0
    """Events sealed with the public key although a secret is configured (written before the
    secret was set): checked with the key they were sealed with, and reported once."""

    def feed(self, row: SealedRow) -> None:
        self.events += 1
        oid, version, seal = row.originator_id, row.version, row.seal
        if seal is None:
            self._find(oid, version, "carries no seal (written around the application?)")
            self._last[oid], self.head = packed(version, GENESIS), GENESIS
            return self._mark()
        if seal.flag == "k" and not self.key.keyed:
            self._keyed_missing = True
        key = self._key_of(seal.flag, oid, version)
        previous = self._previous(oid, version)
        if previous is not None and not self._keyed_missing:
            expected = aggregate_hash_of_digest(
                key, previous, oid, version, row.topic, row.body_sha256
            )
            if expected != seal.aggregate_hash:
                self._find(oid, version, CHANGED)
        if not self._keyed_missing and log_hash(key, self.head, seal.aggregate_hash) != (
            seal.log_hash
        ):
            self._find(
                oid,
                version,
                "store-wide chain broken just before this event "
                "(an event was deleted, inserted or moved here)",
            )
        self._last[oid] = packed(version, seal.aggregate_hash)
        self.head = seal.log_hash
        self._mark()

    def _key_of(self, flag: str, oid: UUID, version: int) -> ChainKey:
        """The key the event was sealed with: a public seal under a configured secret is not a
        tampered one, so it is checked with the public key (and counted, not alarmed on)."""
        if flag == "p" and self.key.keyed:
            self.unkeyed += 1
            return ChainKey()
        if flag not in ("p", "k"):
            self._find(oid, version, f"unknown seal flag {flag!r}")
        return self.key

    def _previous(self, oid: UUID, version: int) -> str | None:
        last = self._last.get(oid)
        known = None if last is None else unpacked(last)
        if known is None and opens_chain(version):
            return GENESIS
        expected = known[0] + 1 if known else 1
        if version > expected:
            missing = f"{expected}" if version == expected + 1 else f"{expected}..{version - 1}"
            self._find(oid, version, f"version {missing} missing before it (deleted?)")
            return None
        if version < expected:
            self._find(oid, version, f"out of order: version {expected} was expected here")
            return None
        return GENESIS if known is None or opens_chain(version) else known[1]

    def _mark(self) -> None:
        if self.events in self.watch:
            self.heads[self.events] = self.head

    def _find(self, oid: UUID, version: int, message: str) -> None:
        self.findings.append(Finding("integrity", str(oid), version, message))

    def close(self) -> list[Finding]:
        if self._keyed_missing:
            raise PermissionDenied(
                "the record is sealed with a secret: set $SUCCESSION_FLOW_SECRET or "
                "--secret-file to check or export it"
            )
        if self.unkeyed:
            self.findings.insert(0, Finding("integrity", "store", None, self._unkeyed_text()))
            self.unkeyed = 0  # reported once, however often close() is asked
        return self.findings

    def _unkeyed_text(self) -> str:
        return (
            f"{self.unkeyed} of {self.events} events sealed without the configured secret "
            "(written before it was set?): checked with the public chain, which proves them "
            "only against a kept digest"
        )


def packed(version: int, aggregate_hash: str) -> Last:
    """A version (big-endian, Python's default order) and an aggregate hash as one bytes object
    of 40 bytes (73 in memory, where the tuple of the int and the 64-character text takes 169).
    A version beyond 64 bits or a hash that is not lowercase hex, as no writer seals (a forged
    seal, an edited export), is kept as the tuple, as read: the next event is checked against
    exactly what was there."""
    if HEX64.fullmatch(aggregate_hash) and -(2**63) <= version < 2**63:
        return version.to_bytes(8, signed=True) + bytes.fromhex(aggregate_hash)
    return version, aggregate_hash


def unpacked(kept: Last) -> tuple[int, str]:
    """`packed` undone: the version and the aggregate hash's text."""
    if isinstance(kept, tuple):
        return kept
    return int.from_bytes(kept[:8], signed=True), kept[8:].hex()


def sealed_rows(log: SealedLog) -> Iterator[tuple[SealedRow, bytes]]:
    """Every stored event in log order with its seal split off, and its stored body; the
    cyclic collector runs between pages (`collected_by_hand`), as in every long read."""
    start, position = 1, 0
    with collected_by_hand() as page_read:
        while True:
            page = log.select_sealed(start, PAGE)
            for _id, oid, version, topic, state in page:
                position += 1
                body, seal = split(state)
                yield SealedRow(position, oid, version, topic, sha256(body), seal), body
            if len(page) < PAGE:
                return
            page_read()
            start = page[-1][0] + 1


def sha256(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()
