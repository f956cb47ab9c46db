"""Option groups and argument types shared by several commands."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Any, TypeVar

import click

from succession_flow.domain.errors import InvalidInput
from succession_flow.domain.keys import CandidateKey
from succession_flow.domain.values import check_date, parse_number

if TYPE_CHECKING:  # a type only: commands that read (`list`) need not load the candidate
    from succession_flow.domain.candidate import Override

F = TypeVar("F", bound=Callable[..., Any])


class CandidateKeyType(click.ParamType[CandidateKey, Any]):
    name = "EMPLOYEE@POSITION"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> CandidateKey:
        if isinstance(value, CandidateKey):
            return value
        try:
            return CandidateKey.parse(str(value))
        except InvalidInput as error:
            self.fail(str(error), param, ctx)


CANDIDATE = CandidateKeyType()


class WholeRange(click.IntRange):
    """click's IntRange in ASCII digits only, as the HR files (domain/values.parse_number):
    Python's `int()` would also take `1_2` and Arabic-Indic or fullwidth digits as twelve.
    Without bounds it shows as a plain INTEGER (the command checks its own range)."""

    def __init__(self, min: int | None = None, max: int | None = None) -> None:
        super().__init__(min, max)
        if min is None and max is None:
            self.name = "integer"

    def _describe_range(self) -> str:
        return super()._describe_range() if (self.min, self.max) != (None, None) else ""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str):
            try:
                parse_number(param.name if param else "value", value.strip(), whole=True)
            except InvalidInput:
                self.fail(f"{value!r} is not a whole number", param, ctx)
        return super().convert(value, param, ctx)


class NumberRange(click.FloatRange):
    """click's FloatRange in ASCII digits only: `float()` would also take `nan` or `1e3`."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str):
            try:
                parse_number(param.name if param else "value", value.strip())
            except InvalidInput:
                self.fail(f"{value!r} is not a number", param, ctx)
        return super().convert(value, param, ctx)


class IsoDate(click.ParamType[date, Any]):
    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return check_date("date", str(value))
        except InvalidInput as error:
            self.fail(str(error).removeprefix("date: "), param, ctx)


ISO_DATE = IsoDate()


def override_options(func: F) -> F:
    """--override/--justification: replace the rules' outcome, recorded as its own event."""
    func = click.option(
        "--justification",
        default="",
        help="Why the rules' outcome is overridden (required with --override).",
    )(func)
    func = click.option(
        "--override", "override_outcome", metavar="OUTCOME", help="Replace the rules' outcome."
    )(func)
    return func


def make_override(outcome: str | None, justification: str) -> Override | None:
    if outcome is None:
        if justification:
            raise click.UsageError("--justification goes with --override")
        return None
    from succession_flow.domain.candidate import Override  # only a step overrides

    return Override(outcome=outcome, justification=justification)


EXTENDED_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?![0-9])")


class Moment(click.ParamType[datetime, Any]):
    """A date (meaning the end of that day, UTC) or an ISO date-time (UTC unless it says)."""

    name = "DATETIME"
    inclusive_end = False

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> datetime:
        if isinstance(value, datetime):
            return value
        text = str(value)
        try:
            if not EXTENDED_DATE.match(text):
                raise ValueError(text)  # `20150401`: Python reads it, check_date refuses it
            if len(text) == 10:
                day = date.fromisoformat(text)
                return datetime.combine(day, time.max, tzinfo=UTC)
            moment = datetime.fromisoformat(text)
        except ValueError:
            self.fail(
                f"{text!r} is not a date or date-time like 2026-06-30 or 2026-06-30T17:00",
                param,
                ctx,
            )
        if self.inclusive_end:
            moment = end_of_given_precision(text, moment)
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


PRECISION = re.compile(r"[T ]\d{2}:\d{2}(?P<seconds>:\d{2})?(?P<fraction>[.,]\d+)?")


def end_of_given_precision(text: str, moment: datetime) -> datetime:
    """A time copied from `history` (to the second) includes the events of that second, as a
    date includes its whole day: a moment means the end of the last unit written."""
    given = PRECISION.search(text)
    if given is None or given["fraction"]:
        return moment
    if given["seconds"]:
        return moment.replace(microsecond=999_999)
    return moment.replace(second=59, microsecond=999_999)


MOMENT = Moment()
UNTIL = Moment()
UNTIL.inclusive_end = True
"""For `--as-of` and `--until`: up to the end of the second (or minute) written."""


def as_of_option(func: F) -> F:
    return click.option(
        "--as-of",
        "as_of",
        type=UNTIL,
        help="Show the state as it was then, rebuilt from the events "
        "(a date, or a time to the second, means its end; UTC).",
    )(func)


def redact_option(func: F) -> F:
    return click.option(
        "--redact",
        is_flag=True,
        help="Leave out personal data (names, hire dates; actors become pseudonyms).",
    )(func)
