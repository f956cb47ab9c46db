"""`audit export` and the check of an export file alone: a clean export verifies, redacted or
not, keyed or not; each change to a line is a finding at that line's event; a malformed line is
bad input naming the line and the field."""

from __future__ import annotations

import json
from typing import Any

import pytest

from succession_flow.adapters.chain import ChainKey
from succession_flow.application.audit.export import (
    body_field,
    body_of,
    export_store,
    verify_export,
)
from succession_flow.application.pipeline import steps
from succession_flow.application.services import Services
from succession_flow.domain.errors import InvalidInput
from succession_flow.domain.keys import CandidateKey
from tests.harness.company import OpenCompany
from tests.integration.builders import ACTOR, company

SECRET = b"export secret"
PUBLIC = ChainKey()


def one_nominated(services: Services) -> None:
    company(services, employees=2)
    steps.nominate(services, CandidateKey("E1001", "VP-SALES"), ACTOR, "strong")


pytestmark = pytest.mark.company(build=one_nominated)


def exported(services: Services, redact: bool = False) -> list[dict[str, Any]]:
    lines: list[str] = []
    export_store(services, lines.append, redact)
    return [json.loads(text) for text in lines]


def checked(services: Services, items: list[dict[str, Any]], key: ChainKey = PUBLIC) -> Any:
    texts = [json.dumps(item) for item in items]
    _, findings = verify_export(texts, key, "record.jsonl", decode=services.store.decode)
    return [(f.check, f.version, f.message) for f in findings]


def events(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [i for i in items if i["kind"] == "event"]


@pytest.mark.parametrize("redact", [False, True], ids=["whole", "redacted"])
def test_a_clean_export_verifies_from_the_file_alone(services: Services, redact: bool) -> None:
    items = exported(services, redact)
    assert (items[0]["kind"], items[0]["format"], items[0]["redacted"]) == (
        "header",
        "succession-flow-export",
        redact,
    )
    assert items[-1] == {
        "kind": "trailer",
        "events": services.store.event_count(),
        "head": items[-2]["seal"]["log_hash"],
    }
    assert ("body" in events(items)[0]) is not redact
    assert checked(services, items) == []


def test_a_keyed_export_is_signed_and_a_changed_signature_is_found(
    open_company: OpenCompany,
) -> None:
    services = open_company(build=one_nominated, secret=SECRET)
    key = ChainKey.from_secret(SECRET)
    items = exported(services)
    assert "body_b64" in events(items)[0]  # encrypted bodies are not text
    assert checked(services, items, key) == []
    items[-1]["signature"] = "0" * 64
    assert checked(services, items, key) == [("export", None, "trailer signature does not match")]


def test_a_changed_body_and_changed_readable_fields_are_each_found_at_their_event(
    services: Services,
) -> None:
    items = exported(services)
    first, second = events(items)[0], events(items)[1]
    first["body"] = first["body"].replace("Vice President Sales", "Vice President Trade")
    second["event"] = {**second["event"], "name": "Someone Else"}
    found = checked(services, items)
    assert ("export", first["version"], "body does not match its body_sha256") in found
    assert ("export", second["version"], "readable fields differ from the stored body") in found


@pytest.mark.parametrize(
    ("cut", "message"),
    [
        (lambda items: items[:-1], "no trailer: the file is truncated"),
        (lambda items: [*items[:-2], items[-1]], None),
    ],
    ids=["no-trailer", "last-event-removed"],
)
def test_a_truncated_export_is_found(services: Services, cut: Any, message: str | None) -> None:
    items = exported(services)
    found = checked(services, cut(items))
    if message is None:
        count = len(events(items))
        message = f"trailer says {count} events, the file holds {count - 1}"
    assert ("export", None, message) in found


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda e: e.update(version=True), "field 'version' is missing or not a whole number"),
        (lambda e: e.pop("topic"), "field 'topic' is missing or not text"),
        (lambda e: e.update(originator_id="not-a-uuid"), "field 'originator_id' is not a UUID"),
        (lambda e: e.update(seal={"flag": "p"}), "field 'seal' must hold flag, aggregate_hash, log_hash as text"),
        (lambda e: (e.pop("body"), e.update(body_b64="abc")), "field 'body_b64' is not base64"),
    ],
    ids=["bool-version", "no-topic", "bad-uuid", "bad-seal", "bad-base64"],
)  # fmt: skip
def test_a_malformed_event_line_is_bad_input_naming_line_and_field(
    services: Services, change: Any, message: str
) -> None:
    items = exported(services)
    change(items[1])
    with pytest.raises(InvalidInput) as refused:
        checked(services, items)
    assert str(refused.value).startswith(f"record.jsonl:line 2: {message}")


@pytest.mark.parametrize(
    ("texts", "message"),
    [
        (['{"kind": "event"}'], "record.jsonl:line 1: not a succession-flow-export header"),
        (["[1, 2]"], "record.jsonl:line 1: expected a JSON object, one per line"),
        (["", "  "], "record.jsonl: empty file"),
    ],
    ids=["no-header", "not-an-object", "empty"],
)
def test_a_file_that_is_no_export_is_refused(
    services: Services, texts: list[str], message: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        verify_export(texts, ChainKey(), "record.jsonl")
    assert str(refused.value) == message


@pytest.mark.parametrize(
    "body",
    [b'{"name":"Ann"}', b"{\xff\xfe ciphertext that begins like JSON", b"\x00binary"],
    ids=["json", "ciphertext starting with a brace", "binary"],
)
def test_an_exported_body_always_gives_back_its_exact_bytes(body: bytes) -> None:
    """Ciphertext begins with `{` one time in 256: it must not be exported as lossy text."""
    assert body_of(body_field(body)) == body
