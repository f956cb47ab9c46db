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
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collected_by_hand() -> Iterator[bool]:
    """The automatic collector paused for the block; yields whether this block paused it (an
    enclosing block may have already), so only the outermost one collects and resumes it.

    Inside, the caller runs `gc.collect(0)` at its own boundaries, which frees any cycles it
    made there while they are still young. Nothing is lost if it does not: the collector
    resumes after the block and collects them then. The switch is the process's, so in the
    web server another request's thread runs unpaused-by-hand too while a long read lasts: its
    cycles wait for the read's next page, or its end, which costs memory for that long, never
    a wrong answer."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield paused
    finally:
        if paused:
            gc.enable()
