"""The API's load test in short mode (a few clients, a few seconds) on PostgreSQL: every step
a client was told succeeded is one event in the store, none lost and none doubled (no timings)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bench.load import measure

pytestmark = pytest.mark.postgres


def test_concurrent_clients_lose_and_double_no_event(postgres_server: str, tmp_path: Path) -> None:
    found = measure(postgres_server.split("?")[0], 120, 4, 3.0, tmp_path)
    assert (found["lost"], found["doubled"], found["server_errors"]) == (0, 0, 0)
    assert found["client_failures"] == []
    assert found["reads"] > 0 and found["steps"] > 0
    assert found["steps_told_succeeded"] == found["step_events_stored"] > 0
    assert set(found["statuses"]) <= {"200", "409"}, found["statuses"]
