"""`?as_of=` read the way `--as-of` is: a date means its end, a time its last second (UTC)."""

from __future__ import annotations

from datetime import datetime

import click

from succession_flow.cli.options import UNTIL
from succession_flow.domain.errors import InvalidInput


def as_of_moment(text: str | None) -> datetime | None:
    """None (now) for a missing or empty value, so the date picker's blank means "now"."""
    if not text:
        return None
    try:
        return UNTIL.convert(text, None, None)
    except click.BadParameter as error:
        raise InvalidInput(f"as_of: {error.message}") from None


def shown(moment: datetime | None) -> str:
    """The moment as pages and the API name it: "now", or the ISO time to the second."""
    return "now" if moment is None else moment.isoformat(timespec="seconds")
