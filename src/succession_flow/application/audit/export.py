"""`audit export`: the whole record as JSON Lines an auditor can check without our store.

Line 1 describes the file (format, version, store, how the hashes are made); then one line per
event in log order with every stored field, the sha256 of its stored body, its seal and its
decoded fields; the last line counts events and gives the chain head. `verify_export` re-walks
the chains from the file alone. `--redact` drops stored bodies and personal data (names, hire
dates; actors become pseudonyms) but keeps each body's sha256, so a redacted export still
verifies.
"""

from __future__ import annotations

import json
from base64 import b64decode, b64encode
from collections.abc import Callable, Iterable
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from succession_flow.adapters.chain import ChainKey, Seal
from succession_flow.application.audit.demographics import require_to_see_demographics
from succession_flow.application.audit.integrity import (
    ChainWalk,
    Finding,
    SealedRow,
    sealed_rows,
    sha256,
)
from succession_flow.application.audit.redaction import redact_view
from succession_flow.application.queries.finding import CREDENTIALS, event_view
from succession_flow.application.services import Services
from succession_flow.domain.errors import InvalidInput, PermissionDenied
from succession_flow.domain.keys import creation_label
from succession_flow.formats.json_source import parse_json

FORMAT = "succession-flow-export"
HASHES = {
    "body_sha256": "sha256 of the stored body (the stored state without its seal)",
    "aggregate_hash": "HMAC-SHA256(previous aggregate_hash of the same originator, or 64 zeros;"
    " originator_id; version; topic; body_sha256), parts joined by 0x1f",
    "log_hash": "HMAC-SHA256(previous log_hash, or 64 zeros; aggregate_hash)",
    "key": "the secret-derived key when keyed, else the public key 'succession-flow public "
    "chain v1'",
}


def export_store(
    services: Services, write: Callable[[str], Any], redact: bool, reader: str = ""
) -> dict[str, Any]:
    """The whole record; unredacted, it carries self-identified demographics, so a reader
    needs the auditor capability for it once any are recorded (`--redact` withholds them)."""
    if not redact and reader:
        require_to_see_demographics(services, reader, "an unredacted export (or use --redact)")
    store = services.store
    log = store.sealed_log()
    walk = ChainWalk(log.chain_key)
    keyed = log.chain_key.keyed
    write(line(header(store.where, keyed, redact, services)))
    labels: dict[UUID, str] = {}
    with store.translated():
        for row, body in sealed_rows(log):
            walk.feed(row)
            write(line(event_line(services, row, body, redact, labels)))
    walk.close()  # refuses a keyed record without the secret (it could not be decoded anyway)
    trailer = {"kind": "trailer", "events": walk.events, "head": walk.head}
    if keyed:
        trailer["signature"] = log.chain_key.mac(b"export", f"{walk.events}|{walk.head}".encode())
    write(line(trailer))
    return {"events": walk.events, "head": walk.head, "redacted": redact, "keyed": keyed}


def header(where: str, keyed: bool, redact: bool, services: Services) -> dict[str, Any]:
    return {
        "kind": "header",
        "format": FORMAT,
        "format_version": 1,
        "store": where,
        "exported_at": services.clock().isoformat(timespec="seconds"),
        "keyed": keyed,
        "redacted": redact,
        "hashes": HASHES,
    }


def event_line(
    services: Services, row: SealedRow, body: bytes, redact: bool, labels: dict[UUID, str]
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "kind": "event",
        "position": row.position,
        "originator_id": str(row.originator_id),
        "version": row.version,
        "topic": row.topic,
    }
    secret_inside = False
    try:
        stored = StoredEvent(row.originator_id, row.version, row.topic, body)
        event = services.store.decode(stored)
        secret_inside = bool(CREDENTIALS & event.__dict__.keys())
        if row.version == 1:
            labels[row.originator_id] = creation_label(event)
        view = event_view(event)
        out["subject"] = labels.get(row.originator_id, str(row.originator_id))
        out["event"] = redact_view(view) if redact else view
    except PermissionDenied:  # no secret or the wrong one: no event would read, so say so once
        raise
    except Exception as error:  # a damaged event is still exported, as stored
        out["decode_error"] = f"{type(error).__name__}"
    if secret_inside:  # a password hash or token digest: the body's hash vouches for it alone
        out["body_withheld"] = "credentials"
    elif not redact:
        out.update(body_field(body))
    out["body_sha256"] = row.body_sha256
    if row.seal is not None:
        out["seal"] = {
            "flag": row.seal.flag,
            "aggregate_hash": row.seal.aggregate_hash,
            "log_hash": row.seal.log_hash,
        }
    return out


def line(value: dict[str, Any]) -> str:
    return json.dumps(value, sort_keys=False, default=str, ensure_ascii=False) + "\n"


def verify_export(
    lines: Iterable[str | bytes],
    key: ChainKey,
    source: str,
    watch: int = 0,
    decode: Callable[[StoredEvent], Any] | None = None,
) -> tuple[ChainWalk, list[Finding]]:
    """Walk the export's chains from the file alone; findings name position, subject, version.

    With `decode`, each event's readable fields are also checked against its stored body.
    """
    walk, findings = ChainWalk(key, watch=frozenset({watch})), list[Finding]()
    head_seen, trailer = False, None
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        item = parse_json(text, source, number)
        if not isinstance(item, dict):
            raise InvalidInput(f"{source}:line {number}: expected a JSON object, one per line")
        kind = item.get("kind")
        if number == 1 and (kind != "header" or item.get("format") != FORMAT):
            raise InvalidInput(f"{source}:line 1: not a {FORMAT} header")
        if kind == "header":
            head_seen = True
        elif kind == "event":
            row = row_of(item, number, source, findings)
            walk.feed(row)
            if decode is not None:
                findings.extend(check_view(item, row, decode))
        elif kind == "trailer":
            trailer = item
    if not head_seen:
        raise InvalidInput(f"{source}: empty file")
    findings.extend(walk.close())
    findings.extend(check_trailer(trailer, walk, key))
    return walk, findings


EVENT_FIELDS: dict[str, type] = {
    "position": int, "originator_id": str, "version": int, "topic": str, "body_sha256": str,
}  # fmt: skip
OPTIONAL_FIELDS: dict[str, type] = {"body": str, "body_b64": str, "subject": str}
SEAL_FIELDS = ("flag", "aggregate_hash", "log_hash")
WORDS = {int: "a whole number", str: "text", dict: "an object"}


def checked(item: dict[str, Any], where: str) -> dict[str, Any]:
    """Each field of an event line has the type the file format gives it, or the line is bad
    input naming the field (a `true` version or a 1.5 position is not quietly made a number)."""
    fields = {**EVENT_FIELDS, **{k: t for k, t in OPTIONAL_FIELDS.items() if k in item}}
    for name, kind in fields.items():
        value = item.get(name)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise InvalidInput(f"{where}: field {name!r} is missing or not {WORDS[kind]}")
    seal = item.get("seal")
    if seal is not None and not (
        isinstance(seal, dict) and all(isinstance(seal.get(k), str) for k in SEAL_FIELDS)
    ):
        raise InvalidInput(f"{where}: field 'seal' must hold {', '.join(SEAL_FIELDS)} as text")
    return item


def row_of(item: dict[str, Any], number: int, source: str, findings: list[Finding]) -> SealedRow:
    where = f"{source}:line {number}"
    item = checked(item, where)
    try:
        originator_id = UUID(item["originator_id"])
    except ValueError:
        raise InvalidInput(f"{where}: field 'originator_id' is not a UUID") from None
    try:
        body = body_of(item)
    except ValueError as error:
        raise InvalidInput(f"{where}: field 'body_b64' is not base64 ({error})") from None
    if body is not None and sha256(body) != item["body_sha256"]:
        subject = item.get("subject", item["originator_id"])
        findings.append(
            Finding("export", subject, item["version"], "body does not match its body_sha256")
        )
    seal = item.get("seal")
    return SealedRow(
        position=item["position"],
        originator_id=originator_id,
        version=item["version"],
        topic=item["topic"],
        body_sha256=item["body_sha256"],
        seal=None if seal is None else Seal(*(seal[k] for k in SEAL_FIELDS)),
    )


def body_field(body: bytes) -> dict[str, str]:
    """A JSON body as text; anything else (ciphertext, which may begin with `{` by chance, or
    bytes that are not UTF-8) as base64, so the line always gives back the exact bytes."""
    if body.startswith(b"{"):
        try:
            return {"body": body.decode("utf-8")}
        except UnicodeDecodeError:
            pass
    return {"body_b64": b64encode(body).decode()}


def body_of(item: dict[str, Any]) -> bytes | None:
    """The stored body an unredacted line carries (as text, or base64 when not UTF-8)."""
    if "body" in item:
        return str(item["body"]).encode()
    return b64decode(item["body_b64"]) if "body_b64" in item else None


def check_view(
    item: dict[str, Any], row: SealedRow, decode: Callable[[StoredEvent], Any]
) -> list[Finding]:
    """The readable `event` fields must say what the stored body says (unredacted exports)."""
    body = body_of(item)
    if "event" not in item or body is None:
        return []
    try:
        event = decode(StoredEvent(row.originator_id, row.version, row.topic, body))
    except PermissionDenied:
        return []  # encrypted, and no secret to read it: the hashes still vouch for it
    except Exception:
        return [Finding("export", item.get("subject", ""), row.version, "body does not decode")]
    if json.loads(line(event_view(event))) == item["event"]:
        return []
    return [Finding("export", item.get("subject", ""), row.version,
                    "readable fields differ from the stored body")]  # fmt: skip


def check_trailer(trailer: dict[str, Any] | None, walk: ChainWalk, key: ChainKey) -> list[Finding]:
    if trailer is None:
        return [Finding("export", "export", None, "no trailer: the file is truncated")]
    found = []
    if trailer.get("events") != walk.events:
        found.append(
            Finding("export", "export", None,
                    f"trailer says {trailer.get('events')} events, the file holds {walk.events}")
        )  # fmt: skip
    elif trailer.get("head") != walk.head:
        found.append(Finding("export", "export", None, "trailer's chain head is not the file's"))
    if key.keyed and trailer.get("signature") != key.mac(
        b"export", f"{walk.events}|{walk.head}".encode()
    ):
        found.append(Finding("export", "export", None, "trailer signature does not match"))
    return found
