"""Someone with raw write access alters the events table; `audit verify` finds and locates it.

On SQLite and PostgreSQL alike. The store: position VP-SALES (2 events), employees E1001..E1003
(6 events each), then candidate E1001@VP-SALES (1 event): 21 events in this log order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from succession_flow.adapters.chain import ChainKey
from succession_flow.application.audit.digest import make_digest
from succession_flow.application.audit.verification import verify
from succession_flow.application.people import staffing
from succession_flow.application.pipeline import steps
from succession_flow.bootstrap import bootstrap
from succession_flow.domain.decision import Decision
from succession_flow.domain.errors import PermissionDenied
from succession_flow.domain.keys import CandidateKey, employee_uuid, position_uuid
from tests.integration.builders import ACTOR, company
from tests.integration.raw_store import RawStore, Row

KEY = CandidateKey("E1001", "VP-SALES")
E1001, E1002, E1003 = (employee_uuid(e) for e in ("E1001", "E1002", "E1003"))
MOVED = (
    "store-wide chain broken just before this event (an event was deleted, inserted or moved here)"
)
CHANGED = "does not match its seal: this event or the one before it was changed"


class NoRules:
    def decide(self, source: str, facts: dict[str, Any]) -> Decision:
        raise AssertionError("no decision expected")


def build(url: str, secret: bytes | None = None) -> None:
    services = bootstrap(url, engine=NoRules(), secret=secret)
    company(services)
    staffing.change_demand(services, "VP-SALES", 2, ACTOR, "growth")
    steps.nominate(services, KEY, ACTOR, "strong results")
    services.close()


def findings(url: str, secret: bytes | None = None, digest: Any = None) -> list[tuple[Any, ...]]:
    services = bootstrap(url, engine=NoRules(), secret=secret)
    try:
        report = verify(services, digest)
    finally:
        services.close()
    return [(f.check, f.subject, f.version, f.message) for f in report.findings]


def edit_name(raw: RawStore) -> None:
    row = raw.row(E1002, 1)
    raw.set_state(E1002, 1, row.state.replace(b"Employee E1002", b"Employee X1002"))


def swap_versions(raw: RawStore) -> None:
    two, three = raw.row(E1001, 2), raw.row(E1001, 3)
    raw.set_state(E1001, 2, three.state)
    raw.set_state(E1001, 3, two.state)


def insert_copy(raw: RawStore) -> None:
    last = raw.row(E1003, 6)
    raw.insert(E1003, 7, last.topic, last.state)


def swap_last_two(raw: RawStore) -> None:
    rows = raw.rows()
    raw.swap_positions(rows[-2].position, rows[-1].position)


TAMPERING: list[tuple[str, Callable[[RawStore], None], list[tuple[Any, ...]]]] = [
    ("edit a name", edit_name, [("integrity", "employee:E1002", 1, CHANGED)]),
    (
        "delete a middle event",
        lambda raw: raw.delete(E1001, 3),
        [
            ("integrity", "employee:E1001", 4, "version 3 missing before it (deleted?)"),
            ("integrity", "employee:E1001", 4, MOVED),
            ("replay", "employee:E1001", None, "does not replay"),
        ],
    ),
    (
        "delete an aggregate's last event",
        lambda raw: raw.delete(position_uuid("VP-SALES"), 2),
        [("integrity", "E1001@VP-SALES", 1, MOVED)],
    ),
    (
        "swap two events' contents",
        swap_versions,
        [
            ("integrity", "employee:E1001", version, problem)
            for version in (2, 3, 4)  # version 4's link to version 3 no longer holds
            for problem in (CHANGED, MOVED)
        ],
    ),
    (
        "swap two events in the log",
        swap_last_two,
        [("integrity", "E1001@VP-SALES", 1, MOVED), ("integrity", "position:VP-SALES", 2, MOVED)],
    ),
    (
        "insert a copied event",
        insert_copy,
        [("integrity", "employee:E1003", 7, CHANGED), ("integrity", "employee:E1003", 7, MOVED)],
    ),
]


def test_an_untouched_store_verifies_and_says_what_it_checked(store_url: str) -> None:
    build(store_url)
    services = bootstrap(store_url, engine=NoRules())
    report = verify(services).to_dict()
    services.close()
    assert report == {
        "ok": True,
        "events": 21,
        "aggregates": 5,
        "decisions_rerun": 0,
        "keyed": False,
        "digest": None,
        "findings": [],
    }


@pytest.mark.parametrize(
    ("tamper", "expected"), [(t[1], t[2]) for t in TAMPERING], ids=[t[0] for t in TAMPERING]
)
def test_raw_tampering_is_found_and_located(
    store_url: str, tamper: Callable[[RawStore], None], expected: list[tuple[Any, ...]]
) -> None:
    build(store_url)
    tamper(RawStore(store_url))
    found = [(*f[:3], f[3][: len("does not replay")]) if f[0] == "replay" else f
             for f in findings(store_url)]  # fmt: skip
    assert found == expected


def rename(row: Row, body: bytes) -> bytes:
    return (
        body.replace(b"Employee E1002", b"Employee X1002") if row.originator_id == E1002 else body
    )


def test_a_rewrite_with_recomputed_hashes_passes_the_chains_but_not_a_kept_digest(
    store_url: str,
) -> None:
    build(store_url)
    services = bootstrap(store_url, engine=NoRules())
    digest = make_digest(services)
    services.close()
    RawStore(store_url).rewrite(rename)
    assert findings(store_url) == []
    assert findings(store_url, digest=digest) == [
        (
            "digest",
            "store",
            21,
            "the chain head after event 21 differs from the digest's: "
            "the first events were rewritten",
        )
    ]


def test_a_store_that_grew_since_the_digest_still_extends_it(store_url: str) -> None:
    build(store_url)
    services = bootstrap(store_url, engine=NoRules())
    digest = make_digest(services)
    staffing.change_demand(services, "VP-SALES", 3, ACTOR, "more growth")
    services.close()
    assert findings(store_url, digest=digest) == []


def test_with_a_secret_a_rewrite_without_it_is_caught_at_every_event(store_url: str) -> None:
    secret = b"correct horse battery staple"
    build(store_url, secret)
    assert findings(store_url, secret) == []
    RawStore(store_url).rewrite(lambda row, body: body, ChainKey(b"a guess", keyed=True))
    found = findings(store_url, secret)
    assert {(f[2], f[3]) for f in found if f[0] == "integrity" and f[3] == CHANGED} >= {
        (1, CHANGED),
        (6, CHANGED),
    }
    assert sum(1 for f in found if f[3] == CHANGED) == 21


def test_a_keyed_store_without_its_secret_is_refused_in_one_line(store_url: str) -> None:
    build(store_url, b"s3cret")
    with pytest.raises(PermissionDenied, match=r"^the record is sealed with a secret: set \$SUCC"):
        findings(store_url)
