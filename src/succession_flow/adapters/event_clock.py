"""Events stamped by a clock of our choosing instead of the wall clock, for a story told in the
past: the demo company's year happens on the dates it says, so `--as-of` has answers.

`eventsourcing` stamps every event it creates with `eventsourcing.domain.datetime_now_with_tzinfo`
(looked up when the event is created); inside `stamped_by(clock)` that is `clock`. Only the
demo uses it, in its own fresh store and its own process; an operator's command never does, so
the record of a real store is always stamped with the time it was written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime

import eventsourcing.domain


@contextmanager
def stamped_by(clock: Callable[[], datetime]) -> Iterator[None]:
    """Every event created inside the block is stamped `clock()`; the wall clock after it."""
    previous = eventsourcing.domain.datetime_now_with_tzinfo
    eventsourcing.domain.datetime_now_with_tzinfo = clock
    try:
        yield
    finally:
        eventsourcing.domain.datetime_now_with_tzinfo = previous
