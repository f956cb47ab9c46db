"""A batch step killed midway (SIGKILL, a real process) is completed by a re-run, nothing doubled.

Each chunk is saved in one transaction, so the kill leaves every candidate either stepped or
untouched; the re-run takes only those still waiting.
"""

from __future__ import annotations

import json
import os
import pty
import select
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from succession_flow.bootstrap import bootstrap
from succession_flow.cli.commands_batch import INTERRUPTED
from tests.e2e import crash_company

PEOPLE = 800
CLI = [str(Path(sys.executable).parent / "succession-flow")]
"""The installed command, as an operator runs it."""


def succession_flow(
    url: str, *args: str, output: bool = True, session: bool = False
) -> subprocess.Popen[bytes]:
    """`session`: in a process group of its own, as a terminal's foreground job is."""
    pipe = subprocess.PIPE if output else subprocess.DEVNULL
    return subprocess.Popen(
        [*CLI, "--store", url, "--actor", "operator", *args],
        stdout=pipe,
        stderr=pipe,
        start_new_session=session,
    )


def stop_after_some_chunks(
    process: subprocess.Popen[bytes],
    url: str,
    start: int,
    sig: signal.Signals,
    group: bool = False,
) -> None:
    """Wait until a few chunks are saved (the event count grows), then send the signal: to the
    command, or (`group`) to all its processes, as a terminal's Ctrl-C does."""
    deadline = time.monotonic() + 120
    while crash_company.stored_events(url) < start + 40:
        assert process.poll() is None, "the batch ended before it could be killed"
        assert time.monotonic() < deadline, "the batch saved nothing in two minutes"
        time.sleep(0.005)
    if group:
        os.killpg(process.pid, sig)
    else:
        process.send_signal(sig)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("step", "events", "before", "after"),
    [
        ("evaluate", ("Evaluated",), "nominated", {"evaluated"}),
        ("pool", ("Pooled", "PoolEntryDeclined"), "evaluated", {"pooled", "evaluated"}),
        ("train", ("TrainingStarted",), "pooled", {"in_training"}),
    ],
)
def test_a_killed_batch_is_completed_by_a_rerun_with_nothing_done_twice(
    store_url: str, step: str, events: tuple[str, ...], before: str, after: set[str]
) -> None:
    url = store_url
    services = bootstrap(url)
    keys = crash_company.build(services, PEOPLE, before)
    services.close()
    start = crash_company.stored_events(url)

    first = succession_flow(url, "run", step, "--chunk-size", "3", output=False)
    stop_after_some_chunks(first, url, start, signal.SIGKILL)
    first.wait()
    assert first.returncode == -signal.SIGKILL
    halfway = crash_company.step_events(url, keys, events)
    assert 0 < sum(halfway.values()) < PEOPLE
    assert set(halfway.values()) == {1}
    assert crash_company.pools_agree_with_candidates(url, keys)

    rerun = succession_flow(url, "--format", "json", "run", step, "--chunk-size", "50")
    out, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, err.decode()
    assert json.loads(out)["applied"] == PEOPLE - sum(halfway.values())
    assert crash_company.step_events(url, keys, events) == Counter({key: 1 for key in keys})
    assert set(crash_company.candidate_states(url, keys).values()) == after
    assert crash_company.pools_agree_with_candidates(url, keys)


@pytest.mark.slow
def test_ctrl_c_stops_a_batch_between_whole_chunks_and_says_to_run_it_again(
    store_url: str,
) -> None:
    url = store_url
    services = bootstrap(url)
    keys = crash_company.build(services, PEOPLE)
    services.close()
    start = crash_company.stored_events(url)
    first = succession_flow(url, "run", "evaluate", "--chunk-size", "3")
    stop_after_some_chunks(first, url, start, signal.SIGINT)
    out, _ = first.communicate(timeout=120)
    assert first.returncode == 130
    assert out.decode().splitlines()[-1] == (
        "interrupted: the chunks saved are kept; run the same command again to finish"
    )
    halfway = crash_company.step_events(url, keys, ("Evaluated",))
    assert set(halfway.values()) == {1}
    rerun = succession_flow(url, "--format", "json", "run", "evaluate")
    out, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, err.decode()
    assert json.loads(out)["applied"] == PEOPLE - sum(halfway.values())
    assert crash_company.step_events(url, keys, ("Evaluated",)) == Counter({key: 1 for key in keys})


@pytest.mark.slow
@pytest.mark.parametrize("group", [False, True], ids=["command", "terminal"])
def test_ctrl_c_stops_two_workers_between_chunks_with_the_summary_and_no_traceback(
    store_url: str, group: bool
) -> None:
    url = store_url
    services = bootstrap(url)
    keys = crash_company.build(services, PEOPLE)
    services.close()
    start = crash_company.stored_events(url)
    args = ("run", "evaluate", "--workers", "2", "--chunk-size", "3")
    first = succession_flow(url, *args, session=group)
    stop_after_some_chunks(first, url, start, signal.SIGINT, group)
    out, err = first.communicate(timeout=120)
    assert (first.returncode, err.decode()) == (130, "")
    lines = out.decode().splitlines()
    halfway = crash_company.step_events(url, keys, ("Evaluated",))
    assert lines[0] == (
        f"evaluate: {sum(halfway.values())} of {sum(halfway.values())} candidates "
        f"({sum(halfway.values())} events)"
    )
    assert lines[-1] == INTERRUPTED
    assert 0 < sum(halfway.values()) < PEOPLE
    assert set(halfway.values()) == {1}
    rerun = succession_flow(url, "--format", "json", "run", "evaluate", "--workers", "2")
    out, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, err.decode()
    assert json.loads(out)["applied"] == PEOPLE - sum(halfway.values())
    assert crash_company.step_events(url, keys, ("Evaluated",)) == Counter({key: 1 for key in keys})


@pytest.mark.slow
def test_two_batches_racing_on_the_same_candidates_step_each_one_once(store_url: str) -> None:
    """The loser of each race reloads, finds the candidate already stepped and skips it."""
    services = bootstrap(store_url)
    keys = crash_company.build(services, 400)
    services.close()
    racers = [
        succession_flow(store_url, "--format", "json", "run", "evaluate", "--chunk-size", "7")
        for _ in range(2)
    ]
    outputs = [racer.communicate(timeout=600) for racer in racers]
    assert [racer.returncode for racer in racers] == [0, 0], [e.decode() for _, e in outputs]
    applied = [json.loads(out)["applied"] for out, _ in outputs]
    assert sum(applied) == 400
    assert crash_company.step_events(store_url, keys, ("Evaluated",)) == Counter(
        {key: 1 for key in keys}
    )


def terminal_output(process: subprocess.Popen[bytes], master: int) -> str:
    """Everything the command wrote to its terminal, read while it runs."""
    chunks: list[bytes] = []
    while True:
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                data = os.read(master, 4096)
            except OSError:  # the terminal closed with the command
                break
            if not data:
                break
            chunks.append(data)
        elif process.poll() is not None:
            break
    os.close(master)
    return b"".join(chunks).decode(errors="replace")


@pytest.mark.slow
@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_batch_shows_a_progress_bar_on_a_terminal_with_or_without_workers(
    tmp_path: Path, workers: str
) -> None:
    url = f"sqlite:///{tmp_path}/store.sqlite"
    services = bootstrap(url)
    crash_company.build(services, 60)
    services.close()
    master, terminal = pty.openpty()
    args = ["run", "evaluate", "--workers", workers, "--chunk-size", "5"]
    process = subprocess.Popen(
        [*CLI, "--store", url, "--actor", "operator", *args],
        stdout=subprocess.DEVNULL,
        stderr=terminal,
    )
    os.close(terminal)
    shown = terminal_output(process, master)
    assert process.wait(timeout=300) == 0
    assert "evaluate" in shown
    assert "100%" in shown
