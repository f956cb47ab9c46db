"""The CLI's argument types and option checks (cli/options.py, cli/authorisation.py): what
they accept, the one message they refuse with, and which capability a command needs."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import click
import pytest

from succession_flow.cli.authorisation import command_name, needed
from succession_flow.cli.options import CANDIDATE, ISO_DATE, MOMENT, make_override
from succession_flow.domain.candidate import Override
from succession_flow.domain.roles import Capability


def refusal(convert: click.ParamType[Any, Any], text: str) -> str:
    with pytest.raises(click.BadParameter) as refused:
        convert.convert(text, None, None)
    return refused.value.message


def test_a_candidate_is_employee_at_position_and_a_parsed_key_passes_through() -> None:
    key = CANDIDATE.convert("E1@CFO", None, None)
    assert (key.employee_id, key.position_id) == ("E1", "CFO")
    assert CANDIDATE.convert(key, None, None) is key
    assert "E1CFO" in refusal(CANDIDATE, "E1CFO")


def test_a_date_is_iso_and_its_refusal_drops_the_field_name() -> None:
    assert ISO_DATE.convert("2026-06-30", None, None) == date(2026, 6, 30)
    assert ISO_DATE.convert(date(2026, 1, 2), None, None) == date(2026, 1, 2)
    message = refusal(ISO_DATE, "30/06/2026")
    assert "30/06/2026" in message and not message.startswith("date: ")


def test_a_moment_is_a_dates_end_or_a_time_in_utc_unless_it_says() -> None:
    assert MOMENT.convert("2026-06-30", None, None) == datetime(
        2026, 6, 30, 23, 59, 59, 999_999, tzinfo=UTC
    )
    assert MOMENT.convert("2026-06-30T17:00", None, None) == datetime(2026, 6, 30, 17, tzinfo=UTC)
    plus_two = timezone(timedelta(hours=2))
    assert MOMENT.convert("2026-06-30T17:00+02:00", None, None).tzinfo == plus_two
    given = datetime(2026, 1, 1, tzinfo=UTC)
    assert MOMENT.convert(given, None, None) is given


def test_a_moment_that_is_neither_a_date_nor_a_time_is_refused_with_an_example() -> None:
    assert refusal(MOMENT, "yesterday") == (
        "'yesterday' is not a date or date-time like 2026-06-30 or 2026-06-30T17:00"
    )
    assert "2026-13-01" in refusal(MOMENT, "2026-13-01")


def test_an_override_needs_its_justification_option_only_with_an_outcome() -> None:
    assert make_override(None, "") is None
    assert make_override("pass", "calibrated") == Override("pass", "calibrated")
    with pytest.raises(click.UsageError, match="--justification goes with --override"):
        make_override(None, "because")


@pytest.mark.parametrize(
    ("path", "step", "capability"),
    [
        ("succession-flow position add", None, Capability.CONFIGURE),
        ("succession-flow init", None, None),
        ("succession-flow run", "evaluate", Capability.OPERATE),
        ("succession-flow run", "approve", Capability.APPROVE),
        ("approve", None, Capability.APPROVE),
    ],
)
def test_each_writing_command_needs_the_capability_of_its_row(
    path: str, step: str | None, capability: Capability | None
) -> None:
    assert needed(path, step) == capability


def test_a_writing_command_missing_from_the_table_is_a_bug() -> None:
    assert command_name("succession-flow role grant") == "role grant"
    with pytest.raises(KeyError):
        needed("succession-flow frobnicate")
