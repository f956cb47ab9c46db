"""Publishing rule sets into the event store, and the versions decisions cite.

Decisions only ever use a published version, and every published source stays in the store,
so a decision made under an old version re-runs exactly, whatever happened to the files since.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from succession_flow.application.people.access import require
from succession_flow.application.ports import DecisionEngine
from succession_flow.application.services import Services
from succession_flow.domain.decision import Decision
from succession_flow.domain.errors import InvalidInput, ManyProblems, NotFound
from succession_flow.domain.roles import Capability
from succession_flow.domain.ruleset import RuleSet, ruleset_uuid
from succession_flow.formats.hr_folder import HrFolder
from succession_flow.formats.rulebook.book import RuleBook, version_of
from succession_flow.formats.rulebook.examples import ExampleResult, run_examples
from succession_flow.formats.rulebook.loader import load_folder
from succession_flow.formats.yaml_source import read_source


class ExamplesFailed(ManyProblems):
    """Some rule set examples do not give what they expect: the files are not fit to publish."""

    def __init__(self, failures: list[ExampleResult]) -> None:
        lines = [
            f"{f.ruleset}: example {f.name!r}: expected {f.expected}, got {f.got}" for f in failures
        ]
        super().__init__(lines)
        self.failures = failures


def load_rules(folder: Path) -> dict[str, RuleBook]:
    """Every rule set in the folder, or YamlProblems listing every problem of every file."""
    return load_folder(folder)


def run_rule_examples(engine: DecisionEngine, books: dict[str, RuleBook]) -> list[ExampleResult]:
    """The engine alone, not the store: rule files are tested before any store exists."""
    return [r for book in books.values() for r in run_examples(book, engine.decide)]


@dataclass(frozen=True)
class Published:
    name: str
    step: str
    version: str
    previous: str


@dataclass(frozen=True)
class Acceptance:
    """HR accepts that the new version flags these categories, and says why (recorded)."""

    flagged: list[str]
    justification: str


@dataclass
class PublishReport:
    published: list[Published] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "published": [vars(p) for p in self.published],
            "unchanged": list(self.unchanged),
        }


def publish(
    services: Services,
    folder: Path | HrFolder,
    actor: str,
    note: str = "",
    accepted: Acceptance | None = None,
) -> PublishReport:
    """Record each changed rule set as a new version, all in one save; refuse if any is
    invalid, any example fails, or the folder is the shipped defaults and a version HR
    published would be replaced (nothing is written then). An accepted adverse impact is
    recorded on each rule set published with it."""
    require(services, actor, Capability.CONFIGURE)
    chosen = folder if isinstance(folder, HrFolder) else HrFolder(folder, "option")
    books = load_rules(chosen.path)
    failures = [r for r in run_rule_examples(services.engine, books) if not r.passed]
    if failures:
        raise ExamplesFailed(failures)
    store = services.store

    def attempt() -> PublishReport:
        report = PublishReport()
        changed = []
        for name, book in sorted(books.items()):
            ruleset = store.find(ruleset_uuid(name), RuleSet)
            if ruleset is not None and ruleset.current == book.version:
                report.unchanged.append(name)
                continue
            previous = ruleset.current if ruleset is not None else ""
            if ruleset is None:
                ruleset = RuleSet(name=name, actor=actor)
            ruleset.publish(book.step, book.version, book.source, actor, note)
            if accepted is not None:
                ruleset.accept_impact(book.version, accepted.flagged, accepted.justification, actor)
            changed.append(ruleset)
            report.published.append(Published(name, book.step, book.version, previous))
        chosen.refuse_replacing(
            [f"{p.name} {p.previous[:12]}" for p in report.published if p.previous]
        )
        if changed:
            store.save(*changed)
        return report

    return store.retrying(attempt, f"rule sets in {folder}")


@dataclass(frozen=True)
class Status:
    name: str
    published: str
    on_disk: str
    state: str
    """same | changed | new | deleted (published, but no longer on disk)"""

    def to_dict(self) -> dict[str, Any]:
        return vars(self).copy()


def published_rulesets(services: Services, names: list[str] | None = None) -> dict[str, RuleSet]:
    from succession_flow.application.queries.finding import event_class

    store = services.store
    found: dict[str, RuleSet] = {}
    for notification in store.notifications((event_class(RuleSet, "Created"),)):
        name = store.decode(notification).name
        ruleset = store.find(ruleset_uuid(name), RuleSet)
        if ruleset is not None and ruleset.current and (names is None or name in names):
            found[name] = ruleset
    return found


def status(services: Services, folder: Path) -> list[Status]:
    """Compares file hashes only, so it works while a file is being edited (even if invalid)."""
    if not folder.is_dir():
        raise InvalidInput(f"{folder}: no such rules folder")
    on_disk = {p.stem: version_of(read_source(p)) for p in folder.glob("*.yaml")}
    published = published_rulesets(services)
    rows = []
    for name in sorted(set(on_disk) | set(published)):
        mine = on_disk.get(name, "")
        theirs = published[name].current if name in published else ""
        state = (
            "deleted"
            if not mine
            else "new"
            if not theirs
            else "same"
            if mine == theirs
            else "changed"
        )
        rows.append(Status(name, theirs, mine, state))
    return rows


def published(services: Services, name: str) -> RuleSet:
    ruleset = services.store.find(ruleset_uuid(name), RuleSet)
    if ruleset is None or not ruleset.current:
        raise NotFound(f"rule set {name!r} is not published")
    return ruleset


def source_of(services: Services, name: str, version: str = "") -> str:
    """A published version's source (the current one if no version is given)."""
    ruleset = published(services, name)
    return ruleset.source_of(version) if version else ruleset.current_source


class PublishedSources:
    """Each rule set loaded once, for callers that replay many decisions (audit verify).

    Published versions never change once recorded, so one load serves a whole pass.
    """

    def __init__(self, services: Services) -> None:
        self.services = services
        self.rulesets: dict[str, RuleSet] = {}

    def source_of(self, name: str, version: str) -> str:
        if name not in self.rulesets:
            self.rulesets[name] = published(self.services, name)
        return self.rulesets[name].source_of(version)


def replay_decision(
    services: Services, decision: dict[str, Any], sources: PublishedSources | None = None
) -> Decision:
    """Decide again, with the same facts, under the version the decision cites."""
    recorded = Decision.from_dict(decision)
    if recorded.is_manual:
        raise InvalidInput("a manual decision has no rules to replay")
    version = recorded.version or "?"
    source = (sources or PublishedSources(services)).source_of(recorded.ruleset, version)
    again = services.engine.decide(source, dict(recorded.facts))
    return replace(again, read=dict(recorded.read))  # the same facts, read from the same records
