"""`audit verify`: is the record intact, does it replay, and do its decisions re-run the same?

Four independent checks over the whole store, each reporting located findings:
integrity (the hash chains, and optionally a kept digest), replay (every aggregate rebuilds from
its events), decisions (every rule decision re-run with the rule version and the facts it
recorded gives the same outcome, rules and attributes) and the read model (every row reports
read equals a fresh fold of the events).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from succession_flow.adapters.chain import opens_chain
from succession_flow.application.audit.digest import check_digest
from succession_flow.application.audit.integrity import ChainWalk, Finding, sealed_rows
from succession_flow.application.hr_files.rule_publishing import PublishedSources, replay_decision
from succession_flow.application.services import Services
from succession_flow.domain.decision import Decision
from succession_flow.domain.errors import SuccessionError
from succession_flow.domain.keys import creation_label
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
    store = services.store
    log = store.sealed_log()
    watch = frozenset({int(digest["events"])}) if digest else frozenset()
    walk = ChainWalk(log.chain_key, watch=watch)
    with store.translated():
        for row, _body in sealed_rows(log):
            walk.feed(row)
    report = VerifyReport(events=walk.events, keyed=log.chain_key.keyed)
    report.findings.extend(walk.close())
    if digest is not None:
        report.findings.extend(check_digest(digest, walk, log.chain_key))
        report.digest = {k: digest.get(k) for k in ("events", "head", "time")}
    labels = replay_all(services, report)
    rerun_decisions(services, report, labels)
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


def replay_all(services: Services, report: VerifyReport) -> dict[UUID, str]:
    """Rebuild every aggregate; returns a label for each, read from the event that opens its
    chain (its creation), wherever tampering has put that event in the log."""
    store, labels = services.store, {}
    for notification in store.notifications():
        oid = notification.originator_id
        if oid not in labels:
            labels[oid] = str(oid)
            try:
                store.replay_unchecked(oid)
            except Exception as error:  # a broken record, whatever it raises
                report.findings.append(
                    Finding("replay", str(oid), None, f"does not replay: {first_line(error)}")
                )
        if labels[oid] == str(oid) and opens_chain(notification.originator_version):
            labels[oid] = label_of(services, notification)
    report.aggregates = len(labels)
    return unambiguous(labels)


def label_of(services: Services, notification: Any) -> str:
    try:
        return creation_label(services.store.decode(notification))
    except Exception:  # it does not decode: the replay check has said so
        return str(notification.originator_id)


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


def rerun_decisions(services: Services, report: VerifyReport, labels: dict[UUID, str]) -> None:
    """Re-decide every recorded rule decision under the version and facts it recorded."""
    store = services.store
    sources = PublishedSources(services)
    for notification in store.notifications():
        try:
            event = store.decode(notification)
        except Exception:  # already reported by the replay check
            continue
        for _, recorded in recorded_decisions(event):
            report.decisions += 1
            where = (str(notification.originator_id), notification.originator_version)
            problem = rerun_one(services, recorded, sources)
            if problem:
                report.findings.append(Finding("decision", *where, problem))


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
