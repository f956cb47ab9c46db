"""Selection by demand: after training, the best are promoted, the rest retained or eliminated.

One selection decides the post's trained candidates in one unit of work: first those eligible
for the post, best first, then the others. Each winner fills a vacancy and each eliminated
candidate leaves the line, so the next in line moves up (application/ranking.py). The
eligible go first so that no vacancy is filled after anyone was retained: what a retained
candidate was decided on is then what the selection left, and selecting again, with nothing
changed, records nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from succession_flow.application.batch.runner import BatchReport, Scope, run_batch
from succession_flow.application.people.access import require
from succession_flow.application.people.staffing import get_position
from succession_flow.application.pipeline import facts as f
from succession_flow.application.pipeline import judgements as j
from succession_flow.application.pipeline.ranking import Standing, line_for, place_in
from succession_flow.application.pipeline.subject import Subject
from succession_flow.application.pipeline.waiting import waiting_for
from succession_flow.application.queries.finding import candidates, positions
from succession_flow.application.services import Services
from succession_flow.domain.decision import Decision
from succession_flow.domain.keys import CandidateKey
from succession_flow.domain.lifecycle import State
from succession_flow.domain.pipeline_steps import OUTCOMES
from succession_flow.domain.roles import Capability

UNCHANGED = "unchanged"
"""Retained before and not decided again: nothing they were retained on has changed."""


@dataclass
class Selection:
    """What one selection did at one post, and to whom (employee ids, in the order decided)."""

    report: BatchReport
    names: dict[str, list[str]]


class _Round:
    """What a selection carries from one candidate to the next: who is still in line, and who
    got which outcome. Begun afresh when a candidate comes round again, so a chunk retried after
    a lost race starts again from the line as it stood."""

    def __init__(self, services: Services, actor: str, line: list[Standing]) -> None:
        self.services, self.actor, self.line = services, actor, line
        eligible_first = sorted(line, key=lambda s: not s.eligible)  # stable: best first
        self.order = [s.key for s in eligible_first]
        self.begin()

    def begin(self) -> None:
        self.remaining = list(self.line)
        self.names: dict[str, list[str]] = {o: [] for o in (*OUTCOMES["promote"], UNCHANGED)}
        self.seen: set[CandidateKey] = set()

    def leave(self, key: CandidateKey) -> None:
        self.remaining = [s for s in self.remaining if s.key != key]

    def waiting(self, s: Subject) -> bool:
        """Trained, and not retained on exactly the facts it would be decided on now."""
        key = s.candidate.key
        if key in self.seen:
            self.begin()
        self.seen.add(key)
        if not waiting_for("promote", s, self.services.today()):
            self.leave(key)
            return False
        if s.candidate.retained_on is not None and not self.facts(s)["reconsidered"]:
            self.names[UNCHANGED].append(key.employee_id)
            return False
        return True

    def facts(self, s: Subject) -> dict[str, object]:
        place = place_in(self.remaining, s.candidate.key)
        today = self.services.today()
        return f.promotion_facts(
            s.employee, s.position, s.candidate, place.rank, place.eligible, today
        )

    def apply(self, s: Subject) -> tuple[str, Decision]:
        key = s.candidate.key
        outcome, decision = j.apply_promote(
            self.services, s, self.actor, place_in(self.remaining, key)
        )
        if outcome != "retain":
            self.leave(key)
        self.names[outcome].append(key.employee_id)
        return outcome, decision


def select(services: Services, position_id: str, actor: str, dry_run: bool = False) -> Selection:
    """Promotion by demand at one post; a dry run decides exactly the same and saves nothing.

    A retained candidate is decided again only when a fact they were retained on changed (the
    demand, the candidates still eligible, their own record); the decision's `reconsidered`
    fact names which.
    """
    require(services, actor, Capability.OPERATE)
    round_ = _Round(services, actor, line_for(services, get_position(services, position_id)))
    report = run_batch(
        services,
        "select",
        round_.order,
        round_.waiting,
        round_.apply,
        actor,
        dry_run,
        chunk_size=len(round_.order) or 1,
    )
    return Selection(report, round_.names)


def select_all(
    services: Services,
    scope: Scope,
    actor: str,
    dry_run: bool = False,
    progress: Callable[[int], None] = lambda n: None,
    on_total: Callable[[int], None] = lambda n: None,
) -> BatchReport:
    """Selection for every position in scope that has trained candidates."""
    waiting_by_position: dict[str, int] = {}
    for c in candidates(services, scope.position_id):
        if scope.covers(c) and c.state == State.TRAINED:
            waiting_by_position[c.position_id] = waiting_by_position.get(c.position_id, 0) + 1
    on_total(sum(waiting_by_position.values()))
    report = BatchReport(step="select", dry_run=dry_run)
    for position in positions(services):
        if position.position_id in waiting_by_position:
            report.add(select(services, position.position_id, actor, dry_run).report)
            if report.interrupted:
                break
            progress(waiting_by_position[position.position_id])
    return report
