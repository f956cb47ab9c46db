"""What would the rules on disk do to today's candidates? Decide each waiting candidate with
both the published and the on-disk version, write nothing, and list whose outcome changes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from succession_flow.adapters.paging import PAGE
from succession_flow.application.hr_files.rule_publishing import load_rules, published_rulesets
from succession_flow.application.hr_files.workflows import target_bench
from succession_flow.application.pipeline import facts as f
from succession_flow.application.pipeline.deciding import ruleset_name
from succession_flow.application.pipeline.ranking import place_of
from succession_flow.application.pipeline.subject import Subject
from succession_flow.application.pipeline.unit_of_work import UnitOfWork
from succession_flow.application.pipeline.waiting import steps_waited_for
from succession_flow.application.queries.finding import candidate_keys
from succession_flow.application.services import Services
from succession_flow.domain.errors import SuccessionError
from succession_flow.domain.keys import CandidateKey
from succession_flow.domain.lifecycle import ACTIVE_STATES
from succession_flow.domain.pipeline_steps import FAVOURABLE, STEPS
from succession_flow.domain.ruleset import RuleSet
from succession_flow.formats.rulebook.book import RuleBook
from succession_flow.formats.rulebook.loader import parse_source
from succession_flow.formats.yaml_source import decoded_source


@dataclass(frozen=True)
class Change:
    candidate: str
    step: str
    ruleset: str
    published: str
    on_disk: str
    published_reason: str
    on_disk_reason: str

    def to_dict(self) -> dict[str, Any]:
        return vars(self).copy()


UNPUBLISHED = "(unpublished)"


@dataclass(frozen=True)
class Judged:
    """One person decided at an audited step by both versions, for the impact comparison."""

    step: str
    categories: dict[str, str]
    published: str
    on_disk: str


@dataclass
class Simulation:
    considered: Counter[str] = field(default_factory=Counter)
    changes: list[Change] = field(default_factory=list)
    judged: list[Judged] = field(default_factory=list)
    unpublished: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Candidates considered per step, in pipeline order."""
        return {step: self.considered[step] for step in ORDER if self.considered[step]}

    def to_dict(self) -> dict[str, Any]:
        return {
            "considered": self.counts(),
            "changes": [c.to_dict() for c in self.changes],
            "unpublished": list(self.unpublished),
            "errors": list(self.errors),
        }


def waiting_steps(services: Services, s: Subject) -> list[str]:
    """The judgement steps a candidate waits for today, as a batch would take them (the exit
    sweep applies to every active candidate)."""
    return steps_waited_for(s, services.today(), ORDER)


ORDER = tuple(step.command for step in STEPS if step.judgement)
"""The judgement steps in pipeline order."""


def step_facts(
    services: Services, step: str, s: Subject, source: str | None = None
) -> dict[str, Any]:
    """The facts the step itself would compute (see application/pipeline/judgements.py); for
    promotion, the rank is among those `source` (default: the published rules) finds eligible."""
    today = services.today()
    if step == "evaluate":
        return f.evaluation_facts(s.employee, s.position, s.candidate, today)
    if step == "pool":
        target = target_bench(services, s.position)
        return f.pool_facts(s.employee, s.position, s.pool, today, target)
    if step == "complete-training":
        return f.training_facts(s.position, s.candidate, today)
    if step == "promote":
        place = place_of(services, s, source)
        return f.promotion_facts(
            s.employee, s.position, s.candidate, place.rank, place.eligible, today
        )
    return f.exit_facts(s.employee, s.position, s.candidate, "none", today)


def simulate(services: Services, folder: Path) -> Simulation:
    return simulate_books(services, load_rules(folder))


def simulate_file(services: Services, data: bytes, origin: str) -> tuple[RuleBook, Simulation]:
    """One rule-set file someone hands over (the console's upload): read as every HR file is,
    checked as `rules check` checks it, and simulated alone against the published rules."""
    book = parse_source(decoded_source(data, origin), origin)
    return book, simulate_books(services, {book.name: book})


def simulate_books(services: Services, books: dict[str, RuleBook]) -> Simulation:
    published = published_rulesets(services)
    result = Simulation()
    keys = candidate_keys(services, states=ACTIVE_STATES)
    for start in range(0, len(keys), PAGE):
        page = keys[start : start + PAGE]
        uow = UnitOfWork(services, page)
        for key in page:
            compare(services, books, published, result, key, uow.subject(key))
    return result


def compare(
    services: Services,
    books: dict[str, RuleBook],
    published: dict[str, RuleSet],
    result: Simulation,
    key: CandidateKey,
    subject: Subject,
) -> None:
    """Decide one candidate's waiting steps with both versions; note where they differ."""
    for step in waiting_steps(services, subject):
        name = ruleset_name(services, step, {"echelon": subject.position.echelon})
        if name not in books:
            continue
        old_source = published[name].current_source if name in published else None
        try:
            new = services.engine.decide(
                books[name].source, step_facts(services, step, subject, books[name].source)
            )
            old = None
            if old_source is not None:
                old = services.engine.decide(
                    old_source, step_facts(services, step, subject, old_source)
                )
        except SuccessionError as error:
            result.errors.append(f"{key}: {step}: {error}")
            continue
        result.considered[step] += 1
        if old is None:
            if name not in result.unpublished:
                result.unpublished.append(name)
            old_outcome, old_reason = UNPUBLISHED, ""
        else:
            old_outcome, old_reason = old.outcome, old.reason
        if step in FAVOURABLE:
            categories = dict(subject.employee.demographics)
            result.judged.append(Judged(step, categories, old_outcome, new.outcome))
        if old_outcome != new.outcome:
            result.changes.append(
                Change(str(key), step, name, old_outcome, new.outcome, old_reason, new.reason)
            )
