"""What the collector tests watch: an object only the cyclic collector frees, and how many
collections of the older generations have run (a young collection walks nothing older)."""

from __future__ import annotations

import gc
import weakref


class Node:
    """An object in a reference cycle: only the cyclic collector frees it."""

    def __init__(self) -> None:
        self.me = self


def cycle() -> weakref.ref[Node]:
    """A new cycle, held only by the weak reference returned: alive until a collection."""
    return weakref.ref(Node())


def older_collections() -> int:
    """How many collections of the older generations have run: a boundary collects only the
    young one, which is cheap, where a collection of the older ones walks what the work keeps."""
    return sum(stats["collections"] for stats in gc.get_stats()[1:])
