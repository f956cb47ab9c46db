"""The probe matrix (tests/probes/matrix.py) on each store: every hostile value in every input
that takes it, in every state that must refuse, classified as issue 15 counted them. None may
crash (exit 1), hang, accept bad input, write while refusing, or refuse with the wrong code or
message; the table goes to the run's summary (tests/conftest.py) so CI shows the counts per
category, whichever worker ran the test."""

from __future__ import annotations

import tempfile
from contextlib import ExitStack
from pathlib import Path

import pytest

from tests.conftest import SUMMARY, RecordProperty
from tests.harness.backends import fresh_store
from tests.probes.matrix import SCRATCH, all_cases, failures, run_matrix, table
from tests.probes.running import HANG, Outcome


def test_every_probe_is_refused_cleanly_or_handled_as_valid_without_a_crash_hang_or_write(
    backend: str, request: pytest.FixtureRequest, record_property: RecordProperty
) -> None:
    server = request.getfixturevalue("postgres_server") if backend == "postgres" else ""
    with tempfile.TemporaryDirectory(dir=SCRATCH) as top, ExitStack() as stack:

        def store(name: str) -> str:
            return stack.enter_context(fresh_store(request, Path(top), backend, name))

        outcomes = list(run_matrix(backend, store, server, scope="ci"))
    record_property(SUMMARY, f"{backend}: {len(outcomes)} cases\n{table(outcomes)}")
    assert failures(outcomes) == []
    cases = [c for c in all_cases("ci") if backend in c.backends]
    processes = sum(c.subprocess for c in cases)
    assert len(outcomes) == len(cases) + processes
    assert len(cases) > 1500 and processes >= 7


def test_the_classifier_calls_a_write_while_refusing_accepted_and_a_silent_kill_a_hang() -> None:
    """The table is only as good as its classifier: a refusal that wrote, and a case that
    never ended, are failures, not clean refusals."""
    case = next(c for c in all_cases() if c.bad and c.expect == frozenset({2}))
    wrote = Outcome(case, "in-process", 2, 1, "error: x\n")
    assert wrote.verdict[0] == "accepted bad input or changed the store"
    assert Outcome(case, "process", None, 0, "").verdict[0] == HANG
    assert Outcome(case, "in-process", 2, 0, "error: a\nb\n").verdict[0] == (
        "wrong message or code" if case.category != "HR import" else "refused cleanly"
    )
