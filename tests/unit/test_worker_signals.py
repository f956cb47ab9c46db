"""The parent's side of the workers' link: progress is relayed once every worker has counted
its share (with what was done before that), and a worker's progress raises the stop request
between chunks only for a stoppable batch. Real queues and events, no processes."""

from __future__ import annotations

import queue
import signal
import threading
from typing import Any

import pytest

from succession_flow.application.batch import signals
from succession_flow.application.batch.signals import WorkerLink


class Done:
    """A pool result that is ready at once: `follow` stops when the news runs dry."""

    def ready(self) -> bool:
        return True


def relayed(news: list[tuple[str, int]], workers: int) -> list[tuple[str, int]]:
    link = WorkerLink(threading.Event(), queue.Queue())
    for item in news:
        link.news.put(item)
    seen: list[tuple[str, int]] = []
    pending: Any = Done()
    signals.follow(
        pending,
        link,
        workers,
        lambda n: seen.append(("done", n)),
        lambda n: seen.append(("total", n)),
    )
    return seen


def test_the_bar_appears_once_every_worker_counted_and_includes_earlier_progress() -> None:
    news = [("total", 10), ("done", 3), ("done", 2), ("total", 5), ("done", 4)]
    assert relayed(news, workers=2) == [("total", 15), ("done", 5), ("done", 4)]


def test_with_a_worker_still_counting_nothing_is_shown() -> None:
    assert relayed([("total", 10), ("done", 3)], workers=2) == []


@pytest.fixture
def linked() -> Any:
    """This process as a worker of a parent (the link `join` would set), restored after."""
    link = WorkerLink(threading.Event(), queue.Queue())
    previous, signals._link = signals._link, link
    try:
        yield link
    finally:
        signals._link = previous


def test_outside_a_worker_the_counters_do_nothing_and_no_stop_is_asked() -> None:
    assert signals._link is None
    progress, on_total = signals.worker_counters(stoppable=True)
    progress(3)
    on_total(9)
    assert signals.stop_requested() is False


def test_a_worker_reports_its_progress_and_a_stoppable_batch_stops_after_the_chunk(
    linked: WorkerLink,
) -> None:
    progress, on_total = signals.worker_counters(stoppable=True)
    on_total(9)
    progress(3)
    linked.stop.set()
    assert signals.stop_requested() is True
    with pytest.raises(KeyboardInterrupt):
        progress(2)
    assert [linked.news.get_nowait() for _ in range(3)] == [("total", 9), ("done", 3), ("done", 2)]


def test_a_batch_that_cannot_stop_midway_keeps_going_after_the_stop_request(
    linked: WorkerLink,
) -> None:
    progress, _ = signals.worker_counters(stoppable=False)
    linked.stop.set()
    progress(4)
    assert linked.news.get_nowait() == ("done", 4)


def test_ctrl_c_in_the_parent_becomes_the_stop_request_while_workers_run() -> None:
    link = WorkerLink(threading.Event(), queue.Queue())
    before = signal.getsignal(signal.SIGINT)
    with signals.ctrl_c_asks_to_stop(link):
        signal.raise_signal(signal.SIGINT)
        assert link.stop.is_set()
    assert signal.getsignal(signal.SIGINT) is before
    with signals.workers_ignore_ctrl_c():
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    assert signal.getsignal(signal.SIGINT) is before


def test_outside_the_main_thread_the_handlers_are_left_alone() -> None:
    """Only the main thread may set signal handlers (a server runs batches in others)."""
    link = WorkerLink(threading.Event(), queue.Queue())
    failures: list[BaseException] = []

    def run() -> None:
        try:
            with signals.workers_ignore_ctrl_c(), signals.ctrl_c_asks_to_stop(link):
                pass
        except BaseException as error:
            failures.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert failures == []
