"""A batch step killed midway (SIGKILL, a real process) is completed by a re-run, nothing doubled.

Each chunk is saved in one transaction, so the kill leaves every candidate either stepped or
untouched; the re-run takes only those still waiting.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from succession_flow.bootstrap import bootstrap
from succession_flow.domain.candidate import Candidate
from succession_flow.domain.keys import CandidateKey, pool_uuid
from succession_flow.domain.pool import TalentPool
from tests.e2e import crash_company

PEOPLE = 1500
CLI = [str(Path(sys.executable).parent / "succession-flow")]
"""The installed command, as an operator runs it."""


def succession_flow(url: str, *args: str, output: bool = True) -> subprocess.Popen[bytes]:
    pipe = subprocess.PIPE if output else subprocess.DEVNULL
    return subprocess.Popen(
        [*CLI, "--store", url, "--actor", "operator", *args], stdout=pipe, stderr=pipe
    )


def stop_after_some_chunks(
    process: subprocess.Popen[bytes], path: Path, start: int, sig: signal.Signals
) -> None:
    """Wait until a few chunks are saved (the event count grows), then send the signal."""
    deadline = time.monotonic() + 120
    while crash_company.stored_events(path) < start + 40:
        assert process.poll() is None, "the batch ended before it could be killed"
        assert time.monotonic() < deadline, "the batch saved nothing in two minutes"
        time.sleep(0.005)
    process.send_signal(sig)


def step_events(url: str, keys: list[str], names: tuple[str, ...]) -> Counter[str]:
    services = bootstrap(url)
    try:
        counts: Counter[str] = Counter()
        for text in keys:
            key = CandidateKey.parse(text)
            for e in services.store.events_of(key.uuid):
                if type(e).__qualname__.split(".")[-1] in names:
                    counts[text] += 1
        return counts
    finally:
        services.close()


def candidate_states(url: str, keys: list[str]) -> dict[str, str]:
    services = bootstrap(url)
    try:
        return {
            k: services.store.get(CandidateKey.parse(k).uuid, Candidate, k).state.value
            for k in keys
        }
    finally:
        services.close()


def pools_agree_with_candidates(url: str, keys: list[str]) -> bool:
    """Every pool holds exactly the candidates who are in a pool state, at their readiness."""
    services = bootstrap(url)
    try:
        expected: dict[str, dict[str, str]] = {p: {} for p in crash_company.POSITIONS}
        for k in keys:
            c = services.store.get(CandidateKey.parse(k).uuid, Candidate, k)
            if c.state in ("pooled", "in_training", "trained"):
                expected[c.position_id][c.employee_id] = c.readiness
        for position_id, members in expected.items():
            pool = services.store.find(pool_uuid(position_id), TalentPool)
            found = {e: m["readiness"] for e, m in (pool.members if pool else {}).items()}
            if found != members:
                return False
        return True
    finally:
        services.close()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("step", "events", "before", "after"),
    [
        ("evaluate", ("Evaluated",), "nominated", {"evaluated"}),
        ("pool", ("Pooled", "PoolEntryDeclined"), "evaluated", {"pooled"}),
        ("train", ("TrainingStarted",), "pooled", {"in_training"}),
    ],
)
def test_a_killed_batch_is_completed_by_a_rerun_with_nothing_done_twice(
    tmp_path: Path, step: str, events: tuple[str, ...], before: str, after: set[str]
) -> None:
    path = tmp_path / "crash.sqlite"
    url = f"sqlite:///{path}"
    services = bootstrap(url)
    keys = crash_company.build(services, PEOPLE, before)
    services.close()
    start = crash_company.stored_events(path)

    first = succession_flow(url, "run", step, "--chunk-size", "3", output=False)
    stop_after_some_chunks(first, path, start, signal.SIGKILL)
    first.wait()
    assert first.returncode == -signal.SIGKILL
    halfway = step_events(url, keys, events)
    assert 0 < sum(halfway.values()) < PEOPLE
    assert set(halfway.values()) == {1}
    assert pools_agree_with_candidates(url, keys)

    rerun = succession_flow(url, "--format", "json", "run", step, "--chunk-size", "50")
    out, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, err.decode()
    assert json.loads(out)["applied"] == PEOPLE - sum(halfway.values())
    assert step_events(url, keys, events) == Counter({key: 1 for key in keys})
    assert set(candidate_states(url, keys).values()) == after
    assert pools_agree_with_candidates(url, keys)


@pytest.mark.slow
def test_ctrl_c_stops_a_batch_between_whole_chunks_and_says_to_run_it_again(
    tmp_path: Path,
) -> None:
    path = tmp_path / "interrupted.sqlite"
    url = f"sqlite:///{path}"
    services = bootstrap(url)
    keys = crash_company.build(services, PEOPLE)
    services.close()
    start = crash_company.stored_events(path)
    first = succession_flow(url, "run", "evaluate", "--chunk-size", "3")
    stop_after_some_chunks(first, path, start, signal.SIGINT)
    out, _ = first.communicate(timeout=120)
    assert first.returncode == 130
    assert out.decode().splitlines()[-1] == (
        "interrupted: the chunks saved are kept; run the same command again to finish"
    )
    halfway = step_events(url, keys, ("Evaluated",))
    assert set(halfway.values()) == {1}
    rerun = succession_flow(url, "--format", "json", "run", "evaluate")
    out, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, err.decode()
    assert json.loads(out)["applied"] == PEOPLE - sum(halfway.values())
    assert step_events(url, keys, ("Evaluated",)) == Counter({key: 1 for key in keys})
