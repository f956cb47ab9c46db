"""`python -m bench.replay_parts URL`: what each part of a replay costs per event, in CPU time.

The experiment behind the replay ratio (bench/README.md): the same events read by each layer in
turn, every layer timed alone, the fastest of `REPEATS` runs in process CPU time (a shared
machine's load moves wall time by more than the parts differ). The store must exist (any
`python -m bench` store, or one made with `bench.company`).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from typing import Any, cast

from bench import limits
from succession_flow.bootstrap import bootstrap

REPEATS = 5
PAGE = 500


def cpu_per_event(run: Callable[[], int]) -> float:
    """Microseconds of CPU per event of the fastest of REPEATS runs (`run` returns the count)."""
    best, count = float("inf"), 1
    for _ in range(REPEATS):
        started = time.process_time()
        count = run()
        best = min(best, time.process_time() - started)
    return best / max(count, 1) * 1e6


def parts(url: str) -> dict[str, float]:
    services = bootstrap(url)
    store, recorder = services.store, cast(Any, services.store.app.recorder)
    mapper, notes = store.app.mapper, list(store.notifications())

    def paged(read: Callable[[int], list[Any]]) -> int:
        start, count = 1, 0
        while page := read(start):
            count += len(page)
            last = page[-1]
            start = (last[0] if isinstance(last, tuple) else last.id) + 1
        return count

    def each(work: Callable[[Any], Any]) -> int:
        for note in notes:
            work(note)
        return len(notes)

    def replay() -> int:
        count = 0
        for note in store.notifications():
            store.decode(note)
            count += 1
        return count

    found = {
        "raw SELECT + json.loads (the limit)": cpu_per_event(
            lambda: limits.raw_select_decode(url)[0]
        ),
        "json.loads of each body alone": cpu_per_event(lambda: each(lambda n: json.loads(n.state))),
        "rows read (recorder.log_rows: SELECT, ids made UUIDs)": cpu_per_event(
            lambda: paged(lambda start: recorder.log_rows(start, PAGE))
        ),
        "notifications (log_rows + seal cut + one Notification)": cpu_per_event(
            lambda: paged(lambda start: recorder.select_notifications(start, PAGE))
        ),
        "transcoder alone (json + the library's object hook)": cpu_per_event(
            lambda: each(lambda n: mapper.transcoder.decode(n.state))
        ),
        "mapper (transcoder + the domain event)": cpu_per_event(
            lambda: each(mapper.to_domain_event)
        ),
        "replay (Store.notifications + Store.decode)": cpu_per_event(replay),
    }
    services.close()
    return found


if __name__ == "__main__":
    for name, micros in parts(sys.argv[1]).items():
        print(f"{micros:6.2f} us/event  {name}")
