"""The demo company's calendar: its year is last calendar year, each chapter on its own date.

The demo tells one year of a company's succession work, from defining the posts in January
to approving nominations in December. Every event is stamped with the chapter's date (see
`adapters.event_clock`), and the decisions read their facts as of that date, so `--as-of`
questions about the demo have answers ("who was pooled in April?") and the summary is the same
on every run in the same year. Last calendar year, not the last 365 days: the evaluation rules
read ratings by calendar year, and a story crossing New Year would see different years before
and after it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

TICK = timedelta(milliseconds=1)
"""Each reading of the clock moves it on, so the events of one chapter keep their order."""


class StoryClock:
    """Services' clock and the events' stamp while the demo runs: the current chapter's moment."""

    def __init__(self, year: int) -> None:
        self.year = year
        self.now = datetime(year, 1, 1, 9, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += TICK
        return self.now

    def on(self, month: int, day: int) -> None:
        """Turn to a chapter's date, 09:00 UTC (never back: a story moves forward)."""
        moment = datetime(self.year, month, day, 9, tzinfo=UTC)
        if moment < self.now:
            raise ValueError(f"the demo's story cannot go back to {moment:%Y-%m-%d}")
        self.now = moment


def last_year(now: datetime) -> StoryClock:
    """The story of the calendar year before `now`: every date in it is in the past."""
    return StoryClock(now.year - 1)
