"""Python's cyclic garbage collector, run at the boundaries of long work instead of inside it.

A long read of the log or a batch allocates a great many short-lived objects, and keeps a few:
the ids it has met, the rows it has folded. The automatic collector counts both, so it walks
the young objects every few hundred allocations, and each time the survivors have grown by a
quarter it walks *every* object in the process: measured on a replay of 801,012 events in a
process that had built a company first, 12 full collections and 1.3 s of 8.2 (bench/README,
"Replay"). Paused, the work collects what it leaves only where it chooses: a page, a chunk.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

DECISIONS_PER_COLLECTION = 20
"""Rule decisions between two collections of the youngest generation in a long run of them (a
batch, `audit verify`'s re-runs). Each decision leaves ~64 objects of durable_rules' cyclic
garbage: collected 20 decisions at a time, while still in the CPU's caches, they cost ~15 us a
decision, against ~60 us collected 500 at a time (bench/README, "Where a batch's time goes")."""


@contextmanager
def collected_by_hand() -> Iterator[Callable[[], None]]:
    """The automatic collector paused for the block; yields what the caller runs at each of its
    boundaries (a page read, a chunk saved): a collection of the young generation, which frees
    any cycles made since while they are still young, and walks nothing older.

    Only the outermost block pauses and resumes the collector, and only its boundaries collect:
    inside a batch, which collects on its own, a read's pages leave the collector alone. Nothing
    is lost if a boundary is never reached: the collector resumes after the block and collects
    then. The switch is the process's, so in the web server another request's thread runs
    uncollected too while a long read lasts: its cycles wait for the read's next page, or its
    end, which costs memory for that long, never a wrong answer."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield _collect_young if paused else _leave_alone
    finally:
        if paused:
            gc.enable()


def _collect_young() -> None:
    gc.collect(0)


def _leave_alone() -> None:
    """A boundary inside an enclosing block: that block collects at its own."""


def after_decision(decisions: int) -> None:
    """Called after each rule decision of a long run with the run's count so far: collects the
    youngest generation every `DECISIONS_PER_COLLECTION`. Inside a block `collected_by_hand`
    pauses, that is the rule engine's garbage freed young; outside, a collection of a small
    generation, which is cheap."""
    if decisions % DECISIONS_PER_COLLECTION == 0:
        gc.collect(0)
