"""The hostile-input probes (tests/probes/hostile_inputs.py) on each store: every probe exits
with its documented code, none with 1, none hangs, and no refusal writes an event."""

from __future__ import annotations

from tests.probes.hostile_inputs import PROBES, run_probes


def test_every_hostile_input_probe_is_refused_cleanly_without_a_crash_a_hang_or_a_write(
    store_url: str,
) -> None:
    outcomes = list(run_probes(store_url))
    problems = [f"{o.probe.name}: {o.problem()}" for o in outcomes if o.problem()]
    assert problems == []
    expected = len(PROBES) - (0 if store_url.startswith("sqlite") else 1)  # ?mode= is SQLite's
    assert len(outcomes) == expected
