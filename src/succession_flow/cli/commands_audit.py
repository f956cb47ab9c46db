"""Commands for audit reviewers: verify the record, keep a digest of it, export it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from succession_flow.adapters.chain import ChainKey
from succession_flow.application.audit import digest as digests
from succession_flow.application.audit import export, verification
from succession_flow.bootstrap import offline_decoder
from succession_flow.cli.context import CliContext, pass_ctx
from succession_flow.cli.errors import CheckFailed
from succession_flow.cli.render import cell, emit, table
from succession_flow.domain.errors import InvalidInput

FILE = click.Path(dir_okay=False, path_type=Path)


@click.group()
def audit() -> None:
    """Prove the record was not altered: verify, digest, export."""


@audit.command("verify")
@click.option("--since-digest", type=FILE, help="Also prove the store extends this digest.")
@click.option("--export", "export_file", type=FILE, help="Verify this export file, not the store.")
@pass_ctx
def verify_cmd(obj: CliContext, since_digest: Path | None, export_file: Path | None) -> None:
    """Check the hash chains, that every aggregate replays and every rule decision re-runs alike.

    Exits 8 when anything is found; each finding names the aggregate and the event version.

    \b
    Example:
      succession-flow audit verify
      succession-flow audit verify --since-digest digest-2026-06-30.json
      succession-flow audit verify --export record.jsonl
    """
    digest = None
    if since_digest is not None:
        digest = digests.read_digest(read_text(since_digest), str(since_digest))
    if export_file is not None:
        report = verify_export_file(obj, export_file, digest)
    else:
        report = verification.verify(obj.services, digest).to_dict()
    show_findings(obj, report)


def verify_export_file(
    obj: CliContext, path: Path, digest: dict[str, Any] | None
) -> dict[str, Any]:
    secret = obj.secret()
    key, watch = ChainKey.from_secret(secret), int(digest["events"]) if digest else 0
    with open_text(path) as lines:
        walk, findings = export.verify_export(lines, key, str(path), watch, offline_decoder(secret))
    if digest is not None:
        findings += digests.check_digest(digest, walk, key)
    return {"ok": not findings, "events": walk.events, "head": walk.head,
            "findings": [f.to_dict() for f in findings]}  # fmt: skip


def show_findings(obj: CliContext, report: dict[str, Any]) -> None:
    counts = {k: v for k, v in report.items() if k not in ("findings", "ok", "digest")}
    summary = ", ".join(f"{k.replace('_', ' ')} {cell(v)}" for k, v in counts.items())
    if report["findings"]:
        emit(obj.fmt, report, table(report["findings"]) + f"\nchecked: {summary}")
        raise CheckFailed(f"verification found {len(report['findings'])} problem(s)")
    emit(obj.fmt, report, f"verified: {summary}; no problems found")


@audit.command("digest")
@click.option("--output", type=FILE, help="Write the digest here (default: print it).")
@pass_ctx
def digest_cmd(obj: CliContext, output: Path | None) -> None:
    """Print a short statement of the store (events, chain head, time) to keep offline.

    Signed with the secret when one is configured. Later, `audit verify --since-digest FILE`
    proves today's store still begins with exactly those events.

    \b
    Example:
      succession-flow audit digest --output digest-2026-06-30.json
    """
    value = digests.make_digest(obj.services)
    text = json.dumps(value, indent=2)
    if output is not None:
        write_text(output, text + "\n")
    emit(obj.fmt, value, text)


@audit.command("export")
@click.argument("file", type=FILE)
@click.option("--redact", is_flag=True, help="Leave out names and stored bodies; keep hashes.")
@pass_ctx
def export_cmd(obj: CliContext, file: Path, redact: bool) -> None:
    """Write every event, with its hashes, as self-describing JSON Lines.

    The file verifies on its own: `audit verify --export FILE`.

    \b
    Example:
      succession-flow audit export record.jsonl
      succession-flow audit export record-for-auditors.jsonl --redact
    """
    services = obj.services  # no export file for a store that is not there
    try:
        with file.open("w", encoding="utf-8") as out:
            summary = export.export_store(services, out.write, redact)
    except OSError as error:
        raise InvalidInput(f"{file}: {error.strerror}") from None
    except BaseException:
        file.unlink(missing_ok=True)  # never leave half an export behind
        raise
    emit(obj.fmt, {"file": str(file), **summary}, f"exported {summary['events']} events to {file}")


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        raise InvalidInput(f"{path}: {error.strerror}") from None


def write_text(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise InvalidInput(f"{path}: {error.strerror}") from None


def open_text(path: Path) -> Any:
    try:
        return path.open(encoding="utf-8")
    except OSError as error:
        raise InvalidInput(f"{path}: {error.strerror}") from None


def register(group: click.Group) -> None:
    group.add_command(audit)
