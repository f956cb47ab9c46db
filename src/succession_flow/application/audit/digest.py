"""A digest: a few lines an auditor keeps offline that pin the whole store as it was.

It names the number of events and the store-wide chain head after the last of them. Later,
`audit verify --since-digest` proves the store still holds exactly those events as the first
ones of its log: a rewrite that recomputes every hash still changes the head, so it is caught
even when no secret is configured. With a secret the digest is also signed, so it cannot be
forged to match a rewritten store.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

from succession_flow.adapters.chain import GENESIS, ChainKey
from succession_flow.application.audit.integrity import ChainWalk, Finding, sealed_rows
from succession_flow.application.services import Services
from succession_flow.domain.errors import InvalidInput
from succession_flow.formats.json_source import parse_json

FORMAT = "succession-flow-digest"
VERSION = 1
HASH = re.compile(r"[0-9a-f]{64}")
WITHOUT_DIGEST = (
    "without --since-digest this cannot show that the newest events were removed or that the "
    "whole record was rewritten with recomputed hashes: keep a digest (`audit digest`)"
)
"""What only a kept digest can see: every hash of such a store is consistent again."""


def make_digest(services: Services, now: datetime | None = None) -> dict[str, Any]:
    store = services.store
    log = store.sealed_log()
    walk = ChainWalk(log.chain_key)
    with store.translated():
        for row, _ in sealed_rows(log):
            walk.feed(row)
    walk.close()  # refuses a keyed record without the secret: its digest could not be signed
    digest: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "store": store.where,
        "events": walk.events,
        "head": walk.head,
        "time": (now or services.clock()).isoformat(timespec="seconds"),
        "keyed": log.chain_key.keyed,
    }
    if log.chain_key.keyed:
        digest["signature"] = signature(digest, log.chain_key)
    return digest


def signature(digest: dict[str, Any], key: ChainKey) -> str:
    fields = {k: v for k, v in digest.items() if k != "signature"}
    return key.mac(b"digest", json.dumps(fields, sort_keys=True).encode())


def read_digest(data: str | bytes, source: str) -> dict[str, Any]:
    """A digest file, checked field by field: a count that is not a count is bad input."""
    digest = parse_json(data, source)
    if not isinstance(digest, dict) or digest.get("format") != FORMAT:
        raise InvalidInput(f"{source}: not a succession-flow digest (no format: {FORMAT})")
    for name in ("events", "head"):
        if name not in digest:
            raise InvalidInput(f"{source}: field {name!r} is missing")
    events, head, signed = digest["events"], digest["head"], digest.get("signature")
    if not isinstance(events, int) or isinstance(events, bool) or events < 0:
        raise InvalidInput(f"{source}: field 'events' must be a count of events, not {events!r}")
    if not isinstance(head, str) or not isinstance(signed, str | None):
        bad = "head" if not isinstance(head, str) else "signature"
        raise InvalidInput(f"{source}: field {bad!r} must be a hash written as text")
    if not HASH.fullmatch(head):
        raise InvalidInput(f"{source}: field 'head' must be 64 hex digits, not {head[:80]!r}")
    if digest.get("version", VERSION) != VERSION:
        version = digest["version"]
        raise InvalidInput(f"{source}: digest version {version!r} is not {VERSION}: a newer tool?")
    return digest


def check_digest(digest: dict[str, Any], walk: ChainWalk, key: ChainKey) -> list[Finding]:
    """The store must extend the digested one: same head after the same number of events."""
    findings, count = [], int(digest["events"])
    if digest.get("signature") is not None:
        if not key.keyed:
            findings.append(Finding("digest", "digest", None, "signed: set the secret to check"))
        elif signature(digest, key) != digest["signature"]:
            findings.append(Finding("digest", "digest", None, "signature does not match"))
    if walk.events < count:
        findings.append(
            Finding(
                "digest",
                "store",
                None,
                f"has {walk.events} events, the digest {count}: events were removed",
            )
        )
    elif head_after(walk, count) != digest["head"]:
        findings.append(
            Finding(
                "digest",
                "store",
                count,
                f"the chain head after event {count} differs from the digest's: "
                "the first events were rewritten",
            )
        )
    return findings


def head_after(walk: ChainWalk, count: int) -> str | None:
    if count == 0:
        return GENESIS
    return walk.head if count == walk.events else walk.heads.get(count)
