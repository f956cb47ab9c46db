"""The audit reads of the console: `audit verify` itself, today's digest, and the export.

Each is the CLI command's own use case; the console only hands over the bytes (a kept digest
uploaded, the export and digest as downloads).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from tempfile import SpooledTemporaryFile
from typing import IO, Any

from succession_flow.application.services import Services
from succession_flow.web.uploads import Uploaded

SPOOL = 8 * 1024 * 1024
"""An export larger than this waits on disk, not in memory, until it is sent."""
CHUNK = 64 * 1024


def verify(services: Services, sent: Uploaded | None = None) -> dict[str, Any]:
    """`audit verify [--since-digest FILE]`: the chains, every aggregate's replay, every rule
    decision re-run, and with a kept digest the proof that the store still extends it."""
    from succession_flow.application.audit.digest import WITHOUT_DIGEST, read_digest
    from succession_flow.application.audit.verification import verify as verify_store

    kept = read_digest(sent.data, sent.name) if sent else None
    found = verify_store(services, kept).to_dict()
    return found if kept else {**found, "without_digest": WITHOUT_DIGEST}


def digest(services: Services) -> dict[str, Any]:
    """`audit digest`: the statement of the store as it stands, to keep offline."""
    from succession_flow.application.audit.digest import make_digest

    return make_digest(services)


def digest_text(value: dict[str, Any]) -> str:
    """The digest file as `audit digest --output` writes it."""
    return json.dumps(value, indent=2) + "\n"


def redacted_export(services: Services) -> tuple[dict[str, Any], Iterator[bytes]]:
    """`audit export --redact`, written whole before the first byte is sent (a failure is a
    refusal, never half a file), then read back in chunks."""
    from succession_flow.application.audit.export import export_store

    spool: IO[str] = SpooledTemporaryFile(SPOOL, mode="w+", encoding="utf-8")  # noqa: SIM115 (closed by chunks)
    try:
        summary = export_store(services, spool.write, True)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return summary, chunks(spool)


def chunks(spool: IO[str]) -> Iterator[bytes]:
    with spool:
        while part := spool.read(CHUNK):
            yield part.encode("utf-8")
