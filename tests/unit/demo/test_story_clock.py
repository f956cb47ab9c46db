"""The demo's calendar (demo/story_clock.py, demo/organisation.py): last calendar year, each
reading a tick later, chapters only forward, and the head of quality's retirement after it."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from succession_flow.demo.organisation import retirement
from succession_flow.demo.story_clock import TICK, StoryClock, last_year


def test_the_story_is_the_calendar_year_before_now_and_starts_on_new_years_morning() -> None:
    clock = last_year(datetime(2027, 1, 1, 0, 30, tzinfo=UTC))
    assert clock.year == 2026
    assert clock.now == datetime(2026, 1, 1, 9, tzinfo=UTC)


def test_each_reading_moves_the_clock_on_so_events_keep_their_order() -> None:
    clock = StoryClock(2026)
    first, second = clock(), clock()
    assert second - first == TICK
    assert first == datetime(2026, 1, 1, 9, tzinfo=UTC) + TICK


def test_a_chapter_turns_to_its_date_at_nine_and_never_back() -> None:
    clock = StoryClock(2026)
    clock.on(3, 9)
    assert clock() == datetime(2026, 3, 9, 9, tzinfo=UTC) + TICK
    with pytest.raises(ValueError, match="cannot go back to 2026-02-23"):
        clock.on(2, 23)


def test_the_head_of_quality_retires_at_the_end_of_june_after_the_story() -> None:
    assert retirement(2026) == date(2027, 6, 30)
