"""The tamper matrix: every stored field, every way of changing the log, through `audit verify`.

The store is the one of test_audit_tampering.py (21 events in this log order: position
VP-SALES v1-2, employees E1001, E1002, E1003 v1-6 each, candidate E1001@VP-SALES v1). Each
case changes the events table with raw SQL, as someone bypassing the application would, and
`audit verify` must name the aggregate and the version where the record was changed. Two
changes leave every hash consistent, so only a digest kept beforehand can see them: removing
the newest events, and rewriting the whole record with recomputed hashes (a forger who knows
the public key). For those, plain verify passes and says what it cannot see, and
`--since-digest` finds them; with a secret, the forger cannot recompute the hashes at all.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from succession_flow.adapters.chain import ChainKey, Seal, aggregate_hash, attach, log_hash, split
from succession_flow.application.audit.digest import WITHOUT_DIGEST
from succession_flow.domain.keys import employee_uuid, position_uuid
from tests.e2e.cli_helpers import run
from tests.integration.raw_store import RawStore, Row
from tests.integration.test_audit_tampering import CHANGED, KEY, MOVED, build

VP = position_uuid("VP-SALES")
E1001, E1002, E1003 = (employee_uuid(e) for e in ("E1001", "E1002", "E1003"))
CANDIDATE = KEY.uuid
GHOST = UUID("00000000-0000-4000-8000-00000000dead")
SECRET = b"tamper matrix secret"
NO_REPLAY = "does not replay"
Finding = tuple[str, str, int | None, str]


def missing(versions: str) -> str:
    return f"version {versions} missing before it (deleted?)"


def out_of_order(expected: int) -> str:
    return f"out of order: version {expected} was expected here"


@dataclass(frozen=True)
class Case:
    field: str
    operation: str
    tamper: Callable[[RawStore], None]
    found: list[Finding]
    keyed: bool = False

    @property
    def id(self) -> str:
        return f"{self.operation} {self.field}" + (" (keyed)" if self.keyed else "")


def flip_hex(text: str, at: int) -> str:
    return text[:at] + ("0" if text[at] != "0" else "1") + text[at + 1 :]


def edit_seal(raw: RawStore, oid: UUID, version: int, at: int) -> None:
    body, seal = split(raw.row(oid, version).state)
    assert seal is not None
    raw.update(oid, version, "state", attach(body, Seal.parse(flip_hex(seal.text(), at))))


def swap_field(raw: RawStore, column: str, a: tuple[UUID, int], b: tuple[UUID, int]) -> None:
    first, second = raw.row(*a), raw.row(*b)
    values = {"topic": (first.topic, second.topic), "state": (first.state, second.state)}
    raw.update(*a, column, values[column][1])
    raw.update(*b, column, values[column][0])


def swap_seals(raw: RawStore, a: tuple[UUID, int], b: tuple[UUID, int]) -> None:
    (body_a, seal_a), (body_b, seal_b) = split(raw.row(*a).state), split(raw.row(*b).state)
    assert seal_a is not None and seal_b is not None
    raw.update(*a, "state", attach(body_a, seal_b))
    raw.update(*b, "state", attach(body_b, seal_a))


def move_to_end(raw: RawStore, oid: UUID, version: int) -> None:
    raw.update(oid, version, "position", raw.rows()[-1].position + 1)


def move_to_aggregate(raw: RawStore, oid: UUID, version: int, to: UUID, as_version: int) -> None:
    raw.update(oid, version, "originator_version", as_version)
    raw.update(oid, as_version, "originator_id", to)


def forge_tail(key: ChainKey) -> Callable[[RawStore], None]:
    """Append an event whose hashes are recomputed with `key`, as a forger would."""

    def tamper(raw: RawStore) -> None:
        last = raw.row(E1003, 6)
        (body, seal), (_, newest) = split(last.state), split(raw.rows()[-1].state)
        assert seal is not None and newest is not None
        agg = aggregate_hash(key, seal.aggregate_hash, E1003, 7, last.topic, body)
        head = log_hash(key, newest.log_hash, agg)
        raw.insert(E1003, 7, last.topic, attach(body, Seal(key.flag, agg, head)))

    return tamper


def unsealed(raw: RawStore) -> None:
    row = raw.row(E1002, 2)
    raw.update(E1002, 2, "state", split(row.state)[0])


def swap_originators(raw: RawStore) -> None:
    raw.update(E1002, 6, "originator_id", GHOST)
    raw.update(E1003, 6, "originator_id", E1002)
    raw.update(GHOST, 6, "originator_id", E1003)


def swap_versions(raw: RawStore) -> None:
    raw.update(E1002, 2, "originator_version", 99)
    raw.update(E1002, 3, "originator_version", 2)
    raw.update(E1002, 99, "originator_version", 3)


def reverse_tail(raw: RawStore) -> None:
    """The last three events in the opposite order (each keeps its content and seal)."""
    rows = raw.rows()[-3:]
    top = rows[-1].position
    for n, row in enumerate(reversed(rows), start=1):
        raw.update(row.originator_id, row.version, "position", top + n)


def copy_event(raw: RawStore, oid: UUID, version: int, to: UUID, as_version: int) -> None:
    row = raw.row(oid, version)
    raw.insert(to, as_version, row.topic, row.state)


def insert_unsealed(raw: RawStore) -> None:
    row = raw.row(E1003, 6)
    raw.insert(E1003, 7, row.topic, split(row.state)[0])


def truncate_tail(raw: RawStore) -> None:
    """Remove the two newest events (VP-SALES v2, E1001@VP-SALES v1)."""
    for row in raw.rows()[-2:]:
        raw.delete(row.originator_id, row.version)


def rename(row: Row, body: bytes) -> bytes:
    return body.replace(b"Employee E1002", b"Employee X1002")


def at(subject: str | UUID, version: int, *messages: str) -> list[Finding]:
    return [("integrity", str(subject), version, message) for message in messages]


def no_replay(subject: str | UUID) -> list[Finding]:
    return [("replay", str(subject), None, NO_REPLAY)]


E2, E3 = "employee:E1002", "employee:E1003"
UNNAMED_E3 = str(E1003)  # its name is in its first event: without it, only the id is left
NO_SEAL = "carries no seal (written around the application?)"

LOG = [("position:VP-SALES", 1)] + [(f"employee:E100{n}", v) for n in (1, 2, 3)
       for v in range(1, 7)] + [("position:VP-SALES", 2), ("E1001@VP-SALES", 1)]  # fmt: skip
"""Every event of the store, in log order."""

CASES: list[Case] = [
    Case("originator id", "edit", lambda raw: raw.update(E1002, 6, "originator_id", GHOST),
         at(GHOST, 6, missing("1..5")) + no_replay(GHOST)),
    Case("version", "edit", lambda raw: raw.update(E1002, 3, "originator_version", 30),
         at(E2, 30, missing("3..29")) + at(E2, 4, out_of_order(31)) + no_replay(E2)),
    Case("topic", "edit", lambda raw: raw.update(E1002, 2, "topic", raw.row(E1002, 1).topic),
         at(E2, 2, CHANGED) + no_replay(E2)),
    Case("state", "edit", lambda raw: raw.update(E1002, 1, "state",
         raw.row(E1002, 1).state.replace(b"Employee E1002", b"Employee X1002")),
         at(E2, 1, CHANGED)),
    Case("notification id", "edit", lambda raw: move_to_end(raw, E1002, 3),
         at(E2, 4, missing("3"), MOVED) + at(E2, 3, out_of_order(7), MOVED)),
    Case("seal (aggregate hash)", "edit", lambda raw: edit_seal(raw, E1002, 4, 5),
         at(E2, 4, CHANGED, MOVED) + at(E2, 5, CHANGED)),
    Case("seal (log hash)", "edit", lambda raw: edit_seal(raw, E1002, 4, 70),
         at(E2, 4, MOVED) + at(E2, 5, MOVED)),
    Case("event (middle)", "delete", lambda raw: raw.delete(E1001, 3),
         at("employee:E1001", 4, missing("3"), MOVED) + no_replay("employee:E1001")),
    Case("event (an aggregate's first)", "delete", lambda raw: raw.delete(E1003, 1),
         at(UNNAMED_E3, 2, missing("1"), MOVED) + no_replay(UNNAMED_E3)),
    Case("event (an aggregate's last)", "delete", lambda raw: raw.delete(VP, 2),
         at("E1001@VP-SALES", 1, MOVED)),
    Case("seal", "delete", unsealed, at(E2, 2, NO_SEAL) + at(E2, 3, CHANGED, MOVED)),
    Case("event (copy as next version)", "insert",
         lambda raw: copy_event(raw, E1003, 6, E1003, 7), at(E3, 7, CHANGED, MOVED)),
    Case("event (copy as a new aggregate)", "insert",
         lambda raw: copy_event(raw, E1002, 1, GHOST, 1), at(f"{E2} ({GHOST})", 1, CHANGED, MOVED)),
    Case("event without a seal", "insert", insert_unsealed, at(E3, 7, NO_SEAL)),
    Case("event with forged hashes", "insert", forge_tail(ChainKey(b"a guess", keyed=True)),
         at(E3, 7, CHANGED, MOVED), keyed=True),
    Case("state", "swap", lambda raw: swap_field(raw, "state", (E1001, 2), (E1001, 3)),
         [f for v in (2, 3, 4) for f in at("employee:E1001", v, CHANGED, MOVED)]),
    Case("topic", "swap", lambda raw: swap_field(raw, "topic", (E1002, 3), (E1002, 4)),
         at(E2, 3, CHANGED) + at(E2, 4, CHANGED) + no_replay(E2)),
    Case("seal", "swap", lambda raw: swap_seals(raw, (E1002, 2), (E1002, 3)),
         [f for v in (2, 3, 4) for f in at(E2, v, CHANGED, MOVED)]),
    Case("notification id (same aggregate)", "swap", lambda raw: raw.swap_positions(
         raw.row(E1002, 2).position, raw.row(E1002, 3).position),
         at(E2, 3, missing("2"), MOVED) + at(E2, 2, out_of_order(4), MOVED)
         + at(E2, 4, missing("3"), MOVED)),
    Case("notification id (last two)", "swap", lambda raw: raw.swap_positions(
         raw.rows()[-2].position, raw.rows()[-1].position),
         at("E1001@VP-SALES", 1, MOVED) + at("position:VP-SALES", 2, MOVED)),
    Case("originator id", "swap", swap_originators,
         at(E3, 6, missing("1..5")) + at(E3, 1, out_of_order(7))
         + at(E2, 6, CHANGED)),
    Case("version", "swap", swap_versions,
         at(E2, 3, missing("2")) + at(E2, 2, out_of_order(4)) + at(E2, 4, missing("3"))),
    Case("notification id", "reorder", reverse_tail,
         at("E1001@VP-SALES", 1, MOVED) + at("position:VP-SALES", 2, MOVED) + at(E3, 6, MOVED)),
    Case("every state", "rewrite consistently",
         lambda raw: raw.rewrite(rename, ChainKey(b"a guess", keyed=True)),
         [f for subject, v in LOG for f in at(subject, v, CHANGED, MOVED)], keyed=True),
    Case("originator id", "move to another aggregate",
         lambda raw: move_to_aggregate(raw, E1002, 6, E1003, 7),
         at(E3, 7, missing("1..6")) + at(E3, 1, out_of_order(8))),
]  # fmt: skip

DIGEST_ONLY: list[Case] = [
    Case("events", "truncate the tail", truncate_tail,
         [("digest", "store", None, "has 19 events, the digest 21: events were removed")]),
    Case("every state", "rewrite consistently", lambda raw: raw.rewrite(rename),
         [("digest", "store", 21, "the chain head after event 21 differs from the digest's: "
           "the first events were rewritten")]),
]  # fmt: skip


def verify(url: str, *options: str, keyed: bool = False, tmp: Path) -> tuple[int, Any, str]:
    secret = tmp / "secret"
    secret.write_bytes(SECRET)
    args = ("--secret-file", str(secret)) if keyed else ()
    result = run(url, *args, "--format", "json", "audit", "verify", *options)
    return result.exit_code, json.loads(result.stdout), result.stdout


def located(report: Any) -> list[Finding]:
    return [(f["check"], f["subject"], f["version"],
             NO_REPLAY if f["message"].startswith(NO_REPLAY) else f["message"])
            for f in report["findings"]]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_audit_verify_names_the_aggregate_and_version_of_every_kind_of_tampering(
    store_url: str, tmp_path: Path, case: Case
) -> None:
    build(store_url, SECRET if case.keyed else None)
    case.tamper(RawStore(store_url))
    code, report, _ = verify(store_url, keyed=case.keyed, tmp=tmp_path)
    assert (code, located(report)) == (8, case.found)


@pytest.mark.parametrize("case", DIGEST_ONLY, ids=[case.id for case in DIGEST_ONLY])
def test_what_leaves_every_hash_consistent_is_found_by_a_kept_digest_and_plain_verify_says_so(
    store_url: str, tmp_path: Path, case: Case
) -> None:
    build(store_url)
    digest = tmp_path / "digest.json"
    assert run(store_url, "audit", "digest", "--output", str(digest)).exit_code == 0
    case.tamper(RawStore(store_url))
    code, report, _ = verify(store_url, tmp=tmp_path)
    assert (code, report["findings"], report["without_digest"]) == (0, [], WITHOUT_DIGEST)
    code, report, _ = verify(store_url, "--since-digest", str(digest), tmp=tmp_path)
    assert (code, located(report), "without_digest" in report) == (8, case.found, False)


def test_without_a_secret_an_appended_event_with_recomputed_hashes_passes_even_a_digest(
    store_url: str, tmp_path: Path
) -> None:
    """The limit of an unkeyed store: anyone can extend the public chain. Only a secret (the
    keyed case above) makes a forged tail visible."""
    build(store_url)
    digest = tmp_path / "digest.json"
    assert run(store_url, "audit", "digest", "--output", str(digest)).exit_code == 0
    forge_tail(ChainKey())(RawStore(store_url))
    code, report, _ = verify(store_url, "--since-digest", str(digest), tmp=tmp_path)
    assert (code, report["events"], report["findings"]) == (0, 22, [])
