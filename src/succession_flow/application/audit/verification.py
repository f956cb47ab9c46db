"""`audit verify`: is the record intact, does it replay, and do its decisions re-run the same?

Four checks over the whole store, the first three in one scan of the log, each reporting
located findings: integrity (the hash chains, and optionally a kept digest), replay (every
aggregate rebuilds from its events), decisions (every rule decision re-run with the rule version
and the facts it recorded gives the same outcome, rules and attributes) and the read model
(every row reports read equals a fresh fold of the events). Snapshots, which only speed up
loads, are checked against their events too (`snapshot_check`).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from uuid import UUID

from eventsourcing.domain import DomainEvent
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic, resolve_topic

from succession_flow.adapters.chain import opens_chain
from succession_flow.adapters.collector import after_decision
from succession_flow.application.audit.digest import check_digest
from succession_flow.application.audit.integrity import ChainWalk, Finding, SealedRow, sealed_rows
from succession_flow.application.audit.snapshot_check import snapshot_findings
from succession_flow.application.hr_files.rule_publishing import PublishedSources, replay_decision
from succession_flow.application.services import Services
from succession_flow.domain.access import AccessControl
from succession_flow.domain.candidate import Candidate
from succession_flow.domain.decision import Decision
from succession_flow.domain.echelon_workflow import EchelonWorkflow
from succession_flow.domain.employee import Employee
from succession_flow.domain.errors import SuccessionError
from succession_flow.domain.identity import UserDirectory
from succession_flow.domain.keys import creation_label
from succession_flow.domain.plan import TalentPlan
from succession_flow.domain.pool import TalentPool
from succession_flow.domain.position import Position
from succession_flow.domain.ruleset import RuleSet
from succession_flow.readmodel.comparison import read_model_differences


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
    report.findings.extend(snapshot_findings(services))
    report.aggregates, report.decisions = len(scan.labels), scan.decisions
    report.findings.extend(scan.findings)
    labels = unambiguous(scan.labels)
    report.findings = [relabel(f, labels) for f in report.findings]
    if not report.findings:
        report.findings.extend(read_model_findings(services))
    return report


def read_model_findings(services: Services) -> list[Finding]:
    """The rows reports read, against the events (readmodel/comparison.py). Only once the
    events themselves verify: a fold of damaged events is no reference to hold the rows to."""
    try:
        found = read_model_differences(services.store)
    except SuccessionError:
        raise  # a store that is unavailable or refuses the secret keeps its own exit code
    except Exception as error:  # a read model that cannot even be read is a finding
        return [
            Finding("read model", "rm_tracking", None, f"cannot be checked: {first_line(error)}")
        ]
    return [Finding("read model", where, None, message) for where, message in found]


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
        naming = self.labels[oid] == str(oid) and opens_chain(version)
        if not naming and not may_decide(row.topic):
            return  # neither names its aggregate nor records a decision: not decoded
        stored = StoredEvent(
            originator_id=oid, originator_version=version, topic=row.topic, state=body
        )
        event = self.decoded(stored)
        if event is None:  # it does not decode: the replay check says so
            return
        if naming:
            self.labels[oid] = label_of(event, oid)
        self.rerun(oid, version, event)

    def rerun(self, oid: UUID, version: int, event: Any) -> None:
        for _, recorded in recorded_decisions(event):
            self.decisions += 1
            problem = rerun_one(self.services, recorded, self.sources)
            if problem:
                self.findings.append(Finding("decision", str(oid), version, problem))
            after_decision(self.decisions)  # the engine's garbage freed young, as a batch frees it

    def decoded(self, stored: Any) -> Any:
        try:
            return self.services.store.decode(stored)
        except Exception:  # a damaged or forged body, whatever it raises
            return None

    def replay_all(self) -> list[Finding]:
        """Rebuild every aggregate, in the order the log first names them, a chunk of
        aggregates per bulk read (as a batch loads them), each chunk let go once rebuilt."""
        found = []
        ids = list(self.labels)
        for start in range(0, len(ids), REPLAY_CHUNK):
            chunk = ids[start : start + REPLAY_CHUNK]
            failed = self.services.store.replay_unchecked_many(chunk)
            found += [
                Finding("replay", str(oid), None, f"does not replay: {first_line(failed[oid])}")
                for oid in chunk
                if oid in failed
            ]
        return found


AGGREGATES = (
    Candidate, Employee, Position, TalentPool, TalentPlan, RuleSet, EchelonWorkflow, AccessControl,
    UserDirectory,
)  # fmt: skip
REPLAY_CHUNK = 500
"""Aggregates rebuilt per bulk read by `replay_all`: a few MB of aggregates at a time."""
DECIDING = ("decision", "rule_decision")
"""The fields in which an event records a rule decision."""


@cache
def may_decide(topic: str) -> bool:
    """Whether events of this topic can record a rule decision (a class with one of the
    DECIDING fields); a topic that does not resolve is decoded, and fails there, as before."""
    try:
        cls = resolve_topic(topic)
    except Exception:  # a forged topic: decoding it reports nothing, skipping it neither
        return True
    if not dataclasses.is_dataclass(cls):
        return True
    return any(f.name in DECIDING for f in dataclasses.fields(cls))


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
    for name in DECIDING:
        value = getattr(event, name, None)
        if isinstance(value, dict) and value.get("ruleset", "manual") != "manual":
            found.append((name, value))
    return found


def rerun_decisions(services: Services, report: VerifyReport) -> None:
    """Re-decide every recorded rule decision under the version and facts it recorded: the
    decision part of `verify` alone (which the benchmark times against the bare engine), reading
    only the events that can record one."""
    scan = Scan(services)
    store = services.store
    for notification in store.notifications(deciding_events()):
        event = scan.decoded(notification)
        if event is not None:
            scan.rerun(notification.originator_id, notification.originator_version, event)
    report.decisions += scan.decisions
    report.findings.extend(scan.findings)


def deciding_events() -> tuple[type[Any], ...]:
    """Every event class of the domain's aggregates that can record a rule decision."""
    return tuple(
        cls
        for aggregate in AGGREGATES
        for cls in vars(aggregate).values()
        if isinstance(cls, type) and issubclass(cls, DomainEvent) and may_decide(get_topic(cls))
    )


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
