"""SIGKILL at a seeded random moment of each writing command, on SQLite and PostgreSQL.

Every trial kills a real `succession-flow` process (`import`, `run evaluate`, `run pool`,
`rules publish`, `readmodel rebuild`), checks what the kill left (whole chunks, whole saves,
nothing doubled, pools agreeing with their candidates, the record verifying), runs the same
command again to its end and checks the finished store: each step once per candidate, the read
model equal to a rebuild, `audit verify` clean. A batch is killed when the event count reaches a
seeded random point inside it (so the kill always lands inside); a command that saves once is
killed once it has used a seeded random amount of CPU time (so the moment is one of its own work,
however busy the machine). Each trial prints its seed and where the kill landed (`pytest -n 0 -s`). Sizes are chosen so the whole suite stays within a
few minutes on two cores; SUCCESSION_FLOW_FAULT_TRIALS runs more trials.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from bench.hr_exports import EVENTS_PER_EMPLOYEE, write_hr_exports

from succession_flow.application.hr_files.rule_publishing import published_rulesets
from succession_flow.bootstrap import caught_up_read_model
from succession_flow.data import SHIPPED_RULES
from succession_flow.readmodel.comparison import read_model_differences
from tests.conftest import fresh_pg_schema
from tests.e2e import crash_company
from tests.faults.harness import (
    TRIALS,
    check_whole,
    finish,
    kill_at_cpu,
    kill_when,
    opened,
    start,
    trial_rng,
)

pytestmark = pytest.mark.slow
TRIAL = pytest.mark.parametrize("trial", range(TRIALS))
CANDIDATES = 60
STEPS = {
    "evaluate": ("nominated", ("Evaluated",)),
    "pool": ("evaluated", ("Pooled", "PoolEntryDeclined")),
}
"""Each batch step killed: where its candidates stand before it, and the events it records."""
EMPLOYEES = 600
"""An import long enough for the kill to land inside it."""
COMPANY = 300
"""Candidates of the store the publishing and rebuilding trials share (about 3,000 events,
two pages of a read-model catch-up)."""
IMPORT_CPU, PUBLISH_CPU, REBUILD_CPU = 0.33, 0.55, 0.35
"""About the CPU seconds each command takes on the CI machine (start-up included): the kill
lands at a seeded random amount of the command's own work below that, whatever else runs."""


@TRIAL
@pytest.mark.parametrize("step", sorted(STEPS))
def test_a_batch_killed_at_a_random_chunk_is_finished_by_a_rerun_with_each_step_once(
    store_url: str, step: str, trial: int
) -> None:
    rng = trial_rng(f"run {step}", store_url, trial)
    stage, events = STEPS[step]
    with opened(store_url) as services:
        keys = crash_company.build(services, CANDIDATES, stage)
    before = crash_company.stored_events(store_url)
    target = before + rng.randrange(1, CANDIDATES)
    batch = start(store_url, "run", step, "--chunk-size", str(rng.choice((1, 2, 3))))
    killed = kill_when(batch, lambda: crash_company.stored_events(store_url) >= target)
    crash_company.settled(store_url)
    where = f"{step} trial {trial}, killed at {target - before} events: {killed}"

    halfway = crash_company.step_events(store_url, keys, events)
    assert set(halfway.values()) <= {1}, where
    assert crash_company.pools_agree_with_candidates(store_url, keys), where

    rerun = finish(store_url, "--format", "json", "run", step)
    assert rerun.returncode == 0, f"{where}: {rerun.stderr}"
    assert json.loads(rerun.stdout)["applied"] == CANDIDATES - sum(halfway.values()), where
    done = crash_company.step_events(store_url, keys, events)
    assert done == Counter(dict.fromkeys(keys, 1)), where
    assert crash_company.pools_agree_with_candidates(store_url, keys), where
    check_whole(store_url, where)


@TRIAL
def test_an_import_killed_at_a_random_moment_saved_all_or_nothing_and_a_rerun_adds_the_rest(
    store_url: str, tmp_path: Path, trial: int
) -> None:
    rng = trial_rng("import", store_url, trial)
    exports = write_hr_exports(tmp_path, EMPLOYEES, seed=rng.randrange(1 << 30))
    with opened(store_url) as services:
        before = services.store.event_count()
    expected = EMPLOYEES * EVENTS_PER_EMPLOYEE
    importing = start(store_url, "import", *map(str, exports))
    killed = kill_at_cpu(importing, rng.uniform(0.1, IMPORT_CPU))
    crash_company.settled(store_url)
    where = f"import trial {trial}: {killed}"

    assert crash_company.stored_events(store_url) - before in (0, expected), where

    rerun = finish(store_url, "import", *map(str, exports))
    assert rerun.returncode == 0, f"{where}: {rerun.stderr}"
    assert crash_company.stored_events(store_url) - before == expected, where
    check_whole(store_url, where)


def published_versions(url: str) -> dict[str, Counter[str]]:
    """How often each version of each rule set was published (a version twice is doubled)."""
    with opened(url) as services:
        return {n: Counter(r.history) for n, r in published_rulesets(services).items()}


def changed_rules(tmp_path: Path, trial: int) -> Path:
    """The shipped rules with a line added to every file: every rule set gets a new version."""
    folder = tmp_path / "rules"
    shutil.copytree(SHIPPED_RULES, folder)
    for source in folder.glob("*.yaml"):
        source.write_text(source.read_text() + f"# reviewed in fault trial {trial}\n")
    return folder


KINDS = pytest.mark.parametrize(
    "kind", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
Company = Callable[[str, pytest.FixtureRequest], str]


@pytest.fixture(scope="module")
def company(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Company]:
    """One company per store for the trials that do not use it up (publishing, rebuilding),
    built on first use: each trial starts from what the one before left, as a store would.
    (A lookup rather than a parametrised fixture, so a shuffled order never rebuilds it.)"""
    built: dict[str, str] = {}
    with ExitStack() as stack:

        def on(kind: str, request: pytest.FixtureRequest) -> str:
            if kind not in built:
                if kind == "sqlite":
                    url = f"sqlite:///{tmp_path_factory.mktemp('faults')}/store.sqlite"
                else:
                    server = request.getfixturevalue("postgres_server")
                    url = stack.enter_context(fresh_pg_schema(server))
                with opened(url) as services:
                    crash_company.build(services, COMPANY, "pooled")
                built[kind] = url
            return built[kind]

        yield on


@TRIAL
@KINDS
def test_a_rules_publish_killed_at_a_random_moment_publishes_every_set_once_on_a_rerun(
    company: Company, kind: str, request: pytest.FixtureRequest, tmp_path: Path, trial: int
) -> None:
    url = company(kind, request)
    rng = trial_rng("rules publish", url, trial)
    before = {n: len(c) for n, c in published_versions(url).items()}
    folder = changed_rules(tmp_path, trial)
    args = ("rules", "publish", "--rules", str(folder), "--note", f"trial {trial}")
    killed = kill_at_cpu(start(url, *args), rng.uniform(0.1, PUBLISH_CPU))
    crash_company.settled(url)
    where = f"rules publish trial {trial}: {killed}"

    halfway = {n: len(c) for n, c in published_versions(url).items()}
    assert halfway in (before, {n: c + 1 for n, c in before.items()}), where

    rerun = finish(url, *args)
    assert rerun.returncode == 0, f"{where}: {rerun.stderr}"
    done = published_versions(url)
    assert {n: len(c) for n, c in done.items()} == {n: c + 1 for n, c in before.items()}, where
    assert all(set(c.values()) == {1} for c in done.values()), where
    check_whole(url, where)


@TRIAL
@KINDS
def test_a_readmodel_rebuild_killed_at_a_random_moment_leaves_reads_right_and_reruns(
    company: Company, kind: str, request: pytest.FixtureRequest, trial: int
) -> None:
    url = company(kind, request)
    rng = trial_rng("readmodel rebuild", url, trial)
    with opened(url) as services:
        caught_up_read_model(services.store).close()  # type: ignore[union-attr]
    killed = kill_at_cpu(start(url, "readmodel", "rebuild"), rng.uniform(0.1, REBUILD_CPU))
    crash_company.settled(url)
    where = f"readmodel rebuild trial {trial}: {killed}"
    with opened(url) as services:  # the rows left agree with the events they say they applied
        assert read_model_differences(services.store) == [], where

    rerun = finish(url, "readmodel", "rebuild")
    assert rerun.returncode == 0, f"{where}: {rerun.stderr}"
    check_whole(url, where)
