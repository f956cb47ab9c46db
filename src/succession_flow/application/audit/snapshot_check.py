"""`audit verify`'s check of the snapshots: each one sums up its aggregate's events exactly.

A load uses a snapshot only when it is sealed and tied to its event's aggregate hash, so a
snapshot never decides anything its events would not; this check goes further, and replays the
events of every snapshot of the current code up to its version, so a snapshot that differs from
them (a bug in how state is kept, or one sealed by someone who holds the secret) is reported.
Snapshots of older code, or whose event no longer bears the aggregate hash they were sealed to
(a rewritten record: the integrity check reports it), are never read, and not compared.
"""

from __future__ import annotations

from eventsourcing.domain import Aggregate

from succession_flow.application.audit.integrity import Finding
from succession_flow.application.services import Services
from succession_flow.domain.errors import PermissionDenied


def snapshot_findings(services: Services) -> list[Finding]:
    try:
        return _findings(services)
    except PermissionDenied as error:  # a table this role may not read (granted before it was)
        text = str(error).rsplit(": ", 1)[-1]
        return [Finding("snapshot", "snapshots", None, f"cannot be checked: {text}")]


def _findings(services: Services) -> list[Finding]:
    # here, not at the top: the snapshot store pulls in the recorders, which `--help` never needs
    from succession_flow.adapters.snapshots import (
        fingerprint,
        is_sealed,
        same_state,
        sealed_with_other_key,
    )

    store = services.store
    snapshots, current = store.snapshots, fingerprint()
    key = store.sealed_log().chain_key
    found: list[Finding] = []
    with store.translated():
        for kept in snapshots.every():
            oid, version = str(kept.originator_id), kept.version
            if sealed_with_other_key(key, kept):
                continue
            if not is_sealed(key, kept):
                found.append(Finding("snapshot", oid, version, "does not match its seal"))
                continue
            if kept.fingerprint != current or not snapshots.borne_out(kept):
                continue  # never read by a load: nothing it holds can be decided on
            try:
                replayed = store.find(kept.originator_id, Aggregate, version=version)
            except Exception:  # events that do not replay: the replay check reports them
                continue
            try:
                restored = snapshots.restore(kept)
            except Exception:  # a sealed state that does not decode, whatever it raises
                restored = None
            if replayed is None or restored is None or not same_state(restored, replayed):
                found.append(Finding("snapshot", oid, version, "differs from its events"))
    return found
