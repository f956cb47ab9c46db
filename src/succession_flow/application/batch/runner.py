"""Run one step over many candidates: chunked saves, idempotent, resumable, dry-run capable.

Each chunk is loaded, decided and saved in one transaction (many aggregates per save), so a
crash or Ctrl-C leaves every candidate either fully stepped or untouched; a re-run only picks
candidates still waiting for the step, so nothing is applied twice.
"""

from __future__ import annotations

import gc
import signal
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from typing import Any, TypeVar

from succession_flow.adapters.collector import after_decision, collected_by_hand
from succession_flow.application.hr_files.workflows import pinned
from succession_flow.application.people.access import require
from succession_flow.application.pipeline.subject import StepResult, Subject
from succession_flow.application.pipeline.unit_of_work import UnitOfWork
from succession_flow.application.services import Services
from succession_flow.domain.candidate import Candidate, Override
from succession_flow.domain.decision import Decision
from succession_flow.domain.errors import InvalidInput, SuccessionError
from succession_flow.domain.keys import CandidateKey, position_uuid
from succession_flow.domain.roles import Capability

CHUNK = 500


@dataclass(frozen=True)
class Partition:
    """Share `index` of `count`: several workers (or hosts) split one batch between them.

    Candidates are split by their position, so each position's pool has a single writer and
    workers never fight over it; optimistic concurrency stays the safety net underneath.
    """

    index: int = 0
    count: int = 1

    def __post_init__(self) -> None:
        if not 0 <= self.index < self.count:
            raise InvalidInput(f"partition {self.index}/{self.count}: need 0 <= index < count")

    @classmethod
    def parse(cls, text: str) -> Partition:
        index, sep, count = text.partition("/")
        if not sep or not index.isdigit() or not count.isdigit():
            raise InvalidInput(f"--partition {text!r}: write INDEX/COUNT, e.g. 0/2")
        return cls(int(index), int(count))

    def owns(self, position_id: str) -> bool:
        return self.count == 1 or position_uuid(position_id).int % self.count == self.index


@dataclass(frozen=True)
class Scope:
    """Which candidates a batch covers: one position, one echelon, or all; and which share."""

    position_id: str | None = None
    echelon: str | None = None
    partition: Partition = Partition()

    def covers_position(self, position_id: str, echelon: str) -> bool:
        return (
            self.position_id in (None, position_id)
            and self.echelon in (None, echelon)
            and self.partition.owns(position_id)
        )

    def covers(self, candidate: Candidate) -> bool:
        return self.covers_position(candidate.position_id, candidate.echelon)


@dataclass
class BatchReport:
    """What a batch did: how many got each outcome, and who (`names`, outcome -> keys)."""

    step: str
    dry_run: bool = False
    considered: int = 0
    applied: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    names: dict[str, list[str]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    events: int = 0
    interrupted: bool = False

    def skip(self, who: object, error: SuccessionError) -> None:
        """One candidate the step refused, named once (a domain refusal names them itself)."""
        message, name = str(error), str(who)
        self.errors.append(message if message.startswith(f"{name}: ") else f"{name}: {message}")

    def record(self, who: object, outcome: str) -> None:
        """One candidate stepped: counted under its outcome and named there."""
        self.applied += 1
        self.outcomes[outcome] += 1
        self.names.setdefault(outcome, []).append(str(who))

    def add(self, part: BatchReport) -> None:
        """Fold a chunk's (or a worker's) report into this one."""
        self.interrupted |= part.interrupted
        self.considered += part.considered
        self.applied += part.applied
        self.outcomes.update(part.outcomes)
        for outcome, names in part.names.items():
            self.names.setdefault(outcome, []).extend(names)
        self.errors += part.errors
        self.events += part.events


Apply = Callable[[Subject], tuple[str, Any]]
"""Apply the step to one subject; returns the outcome (and the decision, if any)."""


T = TypeVar("T")


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Take the items a chunk at a time, so a batch never holds more than one chunk's worth."""
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


@contextmanager
def collecting_between_chunks() -> Iterator[None]:
    """Python's cyclic collector runs between chunks, not inside them.

    A chunk allocates a great many short-lived objects (decoded events, aggregates, facts), so
    the collector would otherwise keep walking them mid-chunk; measured, that cost a sixth of the
    batch's time. Each chunk's cycles are collected as soon as the chunk is done, and the rule
    engine's own cycles every few candidates (`collector.after_decision`): the first of those
    collections moves the chunk's loaded aggregates out of the youngest generation, so the later
    ones walk only the few decisions' garbage since, while it is still in the CPU's caches.
    """
    with collected_by_hand():
        yield


@contextmanager
def interruptible(report: BatchReport) -> Iterator[Callable[[], None]]:
    """Ctrl-C stops the batch between whole chunks: the chunks saved stay, and the report says
    so (the same command run again finishes the work).

    Ctrl-C only sets a flag that the loop reads after each chunk (`stop_here`), so it never
    lands inside a save, a driver call or the rule engine's C code, where it could surface as
    another error. Outside the main thread (no signal handlers there) it raises as Python does."""
    asked: list[bool] = []

    def stop_here() -> None:
        if asked:
            raise KeyboardInterrupt

    main = threading.current_thread() is threading.main_thread()
    handling = main and signal.getsignal(signal.SIGINT) is not signal.SIG_IGN  # not a worker
    previous = signal.signal(signal.SIGINT, lambda *_: asked.append(True)) if handling else None
    try:
        yield stop_here
    except KeyboardInterrupt:
        report.interrupted = True
    finally:
        if handling:
            signal.signal(signal.SIGINT, previous if previous is not None else signal.SIG_DFL)


Done = Callable[[Subject, str, Any], None]
"""Told of each candidate stepped: its subject, outcome and decision (`run_step` keeps them)."""


def run_step(
    services: Services,
    key: CandidateKey,
    step: str,
    actor: str,
    apply: Apply,
    override: Override | None = None,
    capability: Capability = Capability.OPERATE,
) -> StepResult:
    """One candidate's step as a batch of one: the same unit of work, bulk load, decision and
    save as `run_batch`. The operator named the candidate, so it is not filtered by "waiting";
    the step's own guard (`check_allowed`) refuses it, and a refusal is raised, not reported.
    """
    require(services, actor, capability)
    results: list[StepResult] = []

    def done(s: Subject, outcome: str, decision: Any) -> None:
        state = s.candidate.state.value
        overridden = overrode(override, decision)
        results.append(StepResult(str(key), step, outcome, state, decision, overridden))

    def attempt() -> StepResult:
        results.clear()
        _run_chunk(services, step, [key], everyone, apply, actor, strict=True, done=done)
        return results[0]

    return services.store.retrying(attempt, str(key))


def everyone(s: Subject) -> bool:
    """A single command's filter: the operator chose the candidate; the step's guard decides."""
    return True


def overrode(override: Override | None, decision: Any) -> bool:
    """The operator's outcome replaced the one the rules decided."""
    return (
        override is not None
        and isinstance(decision, Decision)
        and override.outcome != decision.outcome
    )


def run_batch(
    services: Services,
    step: str,
    keys: Iterable[CandidateKey],
    eligible: Callable[[Subject], bool],
    apply: Apply,
    actor: str,
    dry_run: bool = False,
    progress: Callable[[int], None] = lambda n: None,
    chunk_size: int = CHUNK,
) -> BatchReport:
    """Apply one step to the candidates that are eligible, chunk by chunk.

    Callers check the actor's role first (`run_step_batch`, `select`), before reading anything.
    """

    def step_chunk(chunk: list[CandidateKey]) -> BatchReport:
        return _run_chunk(services, step, chunk, eligible, apply, actor)

    return run_chunks(services, step, keys, step_chunk, dry_run, progress, chunk_size)


def run_chunks(
    services: Services,
    step: str,
    items: Iterable[T],
    do_chunk: Callable[[list[T]], BatchReport],
    dry_run: bool,
    progress: Callable[[int], None],
    chunk_size: int,
) -> BatchReport:
    """The one loop of every batch: each chunk decided and saved whole (retried on a lost race),
    under the rules pinned at the start, stoppable between chunks, collected between chunks.

    A dry run is this same loop inside `Store.unsaved()`: every chunk is saved, but to memory,
    and the next chunk loads what the earlier ones changed, exactly as the real run would."""
    report = BatchReport(step=step, dry_run=dry_run)
    with (
        dry_running(services, dry_run),
        pinned(services),
        interruptible(report) as stop_here,
        collecting_between_chunks(),
    ):
        for chunk in chunks(items, chunk_size):
            report.add(services.store.retrying(partial(do_chunk, chunk), f"{step} batch"))
            gc.collect(1)
            progress(len(chunk))
            stop_here()
    return report


def dry_running(services: Services, dry_run: bool) -> AbstractContextManager[None]:
    """Saves kept in memory (a dry run) or written (a real run); nothing else differs."""
    return services.store.unsaved() if dry_run else nullcontext()


def _run_chunk(
    services: Services,
    step: str,
    chunk: list[CandidateKey],
    eligible: Callable[[Subject], bool],
    apply: Apply,
    actor: str,
    strict: bool = False,
    done: Done = lambda s, outcome, decision: None,
) -> BatchReport:
    """Load the chunk in one go, step each eligible candidate, save everything once.

    A batch skips a candidate the step refuses and names it in the report (`strict` raises
    instead: a single command's refusal is the operator's answer)."""
    uow, part = UnitOfWork(services, chunk), BatchReport(step=step)
    with uow.open():
        for key in chunk:
            try:
                subject = uow.subject(key)
                if not eligible(subject):
                    continue
                part.considered += 1
                outcome, decision = apply(subject)
                uow.settle(subject, actor)
            except SuccessionError as error:
                if strict:
                    raise
                part.skip(key, error)
                continue
            part.record(key, outcome)
            done(subject, outcome, decision)
            after_decision(part.applied)
    part.events = uow.save()
    return part
