"""`--as-of` means the end of the last unit written: a day, a minute, or a second from `history`."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from succession_flow.cli.options import UNTIL


@pytest.mark.parametrize(
    ("text", "moment"),
    [
        ("2026-06-30", datetime(2026, 6, 30, 23, 59, 59, 999_999, tzinfo=UTC)),
        ("2026-06-30T17:00", datetime(2026, 6, 30, 17, 0, 59, 999_999, tzinfo=UTC)),
        ("2026-06-30T17:00:05", datetime(2026, 6, 30, 17, 0, 5, 999_999, tzinfo=UTC)),
        ("2026-06-30 17:00:05+00:00", datetime(2026, 6, 30, 17, 0, 5, 999_999, tzinfo=UTC)),
        ("2026-06-30T17:00:05.250000", datetime(2026, 6, 30, 17, 0, 5, 250_000, tzinfo=UTC)),
    ],
)
def test_a_moment_means_the_end_of_the_last_unit_written(text: str, moment: datetime) -> None:
    assert UNTIL.convert(text, None, None) == moment
