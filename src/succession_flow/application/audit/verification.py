"""`audit verify`: is the record intact, does it replay, and do its decisions re-run the same?

Three checks over the whole store in one scan of the log, each reporting located findings:
integrity (the hash chains, and optionally a kept digest), replay (every aggregate rebuilds from
its events) and decisions (every rule decision re-run with the rule version and the facts it
recorded gives the same outcome, rules and attributes).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from succession_flow.adapters.chain import opens_chain
from succession_flow.application.audit.digest import check_digest
from succession_flow.application.audit.integrity import ChainWalk, Finding, SealedRow, sealed_rows
from succession_flow.application.hr_files.rule_publishing import PublishedSources, replay_decision
from succession_flow.application.services import Services
from succession_flow.domain.decision import Decision
from succession_flow.domain.keys import creation_label


@dataclass
class VerifyReport:
    events: int = 0
    aggregates: int = 0
    decisions: int = 0
    keyed: bool = False
    digest: dict[str, Any] | None = None
    findings: list[Finding] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": not self.findings,
            "events": self.events,
            "aggregates": self.aggregates,
            "decisions_rerun": self.decisions,
            "keyed": self.keyed,
            "digest": self.digest,
            "findings": [f.to_dict() for f in self.findings],
        }


def verify(services: Services, digest: dict[str, Any] | None = None) -> VerifyReport:
    """One scan of the sealed log: each row feeds the chain walk, names its aggregate and has
    its recorded decisions re-run as it streams by; then each aggregate is replayed once."""
    store = services.store
    log = store.sealed_log()
    watch = frozenset({int(digest["events"])}) if digest else frozenset()
    walk = ChainWalk(log.chain_key, watch=watch)
    scan = Scan(services)
    with store.translated():
        for row, body in sealed_rows(log):
            walk.feed(row)
            scan.feed(row, body)
    report = VerifyReport(events=walk.events, keyed=log.chain_key.keyed)
    report.findings.extend(walk.close())
    if digest is not None:
        report.findings.extend(check_digest(digest, walk, log.chain_key))
        report.digest = {k: digest.get(k) for k in ("events", "head", "time")}
    report.findings.extend(scan.replay_all())
    report.aggregates, report.decisions = len(scan.labels), scan.decisions
    report.findings.extend(scan.findings)
    labels = unambiguous(scan.labels)
    report.findings = [relabel(f, labels) for f in report.findings]
    return report


class Scan:
    """What verify learns from each row of the log, in order: who each aggregate is (read from
    the event that opens its chain, wherever tampering has put it) and whether each recorded
    rule decision re-runs the same."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.sources = PublishedSources(services)
        self.labels: dict[UUID, str] = {}
        self.decisions = 0
        self.findings: list[Finding] = []

    def feed(self, row: SealedRow, body: bytes) -> None:
        oid, version = row.originator_id, row.version
        self.labels.setdefault(oid, str(oid))
        event = self.decoded(row, body)
        if event is None:  # it does not decode: the replay check says so
            return
        if self.labels[oid] == str(oid) and opens_chain(version):
            self.labels[oid] = label_of(event, oid)
        for _, recorded in recorded_decisions(event):
            self.decisions += 1
            problem = rerun_one(self.services, recorded, self.sources)
            if problem:
                self.findings.append(Finding("decision", str(oid), version, problem))

    def decoded(self, row: SealedRow, body: bytes) -> Any:
        stored = StoredEvent(
            originator_id=row.originator_id,
            originator_version=row.version,
            topic=row.topic,
            state=body,
        )
        try:
            return self.services.store.decode(stored)
        except Exception:  # a damaged or forged body, whatever it raises
            return None

    def replay_all(self) -> list[Finding]:
        """Rebuild every aggregate, in the order the log first names them."""
        found = []
        for oid in self.labels:
            try:
                self.services.store.replay_unchecked(oid)
            except Exception as error:  # a broken record, whatever it raises
                found.append(
                    Finding("replay", str(oid), None, f"does not replay: {first_line(error)}")
                )
        return found


def label_of(event: Any, oid: UUID) -> str:
    try:
        return creation_label(event)
    except Exception:  # a forged creation event without the fields that name it
        return str(oid)


def unambiguous(labels: dict[UUID, str]) -> dict[UUID, str]:
    """A label is read from an event's body, which a forger can copy into another aggregate:
    where two aggregates claim one name, each is also shown with its id."""
    claimed = Counter(labels.values())
    return {oid: f"{label} ({oid})" if claimed[label] > 1 else label
            for oid, label in labels.items()}  # fmt: skip


def recorded_decisions(event: Any) -> list[tuple[str, dict[str, Any]]]:
    found = []
    for name in ("decision", "rule_decision"):
        value = getattr(event, name, None)
        if isinstance(value, dict) and value.get("ruleset", "manual") != "manual":
            found.append((name, value))
    return found


def rerun_decisions(services: Services, report: VerifyReport) -> None:
    """Re-decide every recorded rule decision under the version and facts it recorded (the
    decision part of `verify` alone, which the benchmark times against the bare engine)."""
    scan = Scan(services)
    with services.store.translated():
        for row, body in sealed_rows(services.store.sealed_log()):
            scan.feed(row, body)
    report.decisions += scan.decisions
    report.findings.extend(scan.findings)


def rerun_one(services: Services, recorded: dict[str, Any], sources: PublishedSources) -> str:
    said = Decision.from_dict(recorded)
    name, version = said.ruleset, said.version[:12]
    try:
        again = replay_decision(services, recorded, sources)
    except Exception as error:  # a version that no longer compiles is a finding, not a crash
        return f"cannot re-run under {name}@{version}: {first_line(error)}"
    if (said.outcome, list(said.matched), said.attributes) == (
        again.outcome,
        list(again.matched),
        again.attributes,
    ):
        return ""
    return (
        f"{name}@{version} now decides {again.outcome} "
        f"[{', '.join(again.matched) or 'default'}], recorded {said.outcome} "
        f"[{', '.join(said.matched) or 'default'}]"
    )


def relabel(finding: Finding, labels: dict[UUID, str]) -> Finding:
    try:
        label = labels.get(UUID(finding.subject), finding.subject)
    except ValueError:
        return finding
    return Finding(finding.check, label, finding.version, finding.message)


def first_line(error: BaseException) -> str:
    text = str(error).strip()
    return f"{type(error).__name__}: {text.splitlines()[0] if text else ''}".rstrip(": ")
