"""The sample HR exports import cleanly, as events, and importing them again records nothing."""

from __future__ import annotations

from pathlib import Path

from succession_flow.data import SHIPPED_SAMPLES
from tests.e2e.cli_helpers import event_count, run_json

FILES = [
    "employees.csv",
    "ratings.csv",
    "competencies.csv",
    "job_match.csv",
    "talent.csv",
    "records.json",
]


def test_the_sample_exports_import_as_events_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/samples.sqlite"
    paths = [str(SHIPPED_SAMPLES / name) for name in FILES]
    first = run_json(url, "import", *paths)
    assert first == {
        "rows": 160,
        "applied": 160,
        "rejected": 0,
        "events": 180,
        "rejects_file": None,
    }
    history = run_json(url, "history", "employee:E1027")
    assert [e["event"] for e in history] == [
        "Registered",
        "RatingRecorded",
        "RatingRecorded",
        "CompetenciesAssessed",
        "JobMatchAssessed",
        "TalentAssessed",
    ]
    before = event_count(url)
    again = run_json(url, "import", *reversed(paths))
    assert (again["applied"], again["events"]) == (160, 0)
    assert event_count(url) == before
    assert run_json(url, "employee", "show", "E1001")["name"] == "Ana Lima"
