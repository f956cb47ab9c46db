"""Exit codes and error lines, in one place: each named error maps to its own code (see
docs/operators.md) and is shown as `error: ` lines that a value it echoes cannot split."""

from __future__ import annotations

from succession_flow.domain.errors import (
    Conflict,
    DamagedRecord,
    IllegalTransition,
    InvalidInput,
    ManyProblems,
    NotFound,
    PermissionDenied,
    StoreUnavailable,
    SuccessionError,
)
from succession_flow.domain.values import escaped

OK = 0
INTERNAL = 1
INTERRUPTED_CODE = 130
"""Like a shell's Ctrl-C: the command stopped early; what was saved is whole."""
BAD_INPUT = 2
NOT_FOUND = 3
ILLEGAL_TRANSITION = 4
CONFLICT = 5
STORE_UNAVAILABLE = 6
PERMISSION_DENIED = 7
CHECK_FAILED = 8  # also a damaged record: a check failed on load

EXIT_CODES: tuple[tuple[type[SuccessionError], int], ...] = (
    (InvalidInput, BAD_INPUT),
    (NotFound, NOT_FOUND),
    (IllegalTransition, ILLEGAL_TRANSITION),
    (Conflict, CONFLICT),
    (StoreUnavailable, STORE_UNAVAILABLE),
    (PermissionDenied, PERMISSION_DENIED),
    (DamagedRecord, CHECK_FAILED),
)


class CheckFailed(SuccessionError):
    """A check the user asked for found problems (rule tests, verification); already reported."""


def exit_code_for(error: BaseException) -> int:
    if isinstance(error, CheckFailed):
        return CHECK_FAILED
    for cls, code in EXIT_CODES:
        if isinstance(error, cls):
            return code
    return INTERNAL


def error_lines(error: BaseException, message: str) -> list[str]:
    """What stderr shows: one line per problem, each with its unsafe characters escaped, so an
    id typed with a newline or an ANSI sequence is echoed on one line, as it was typed."""
    problems = error.problems if isinstance(error, ManyProblems) else [message]
    return [f"error: {escaped(problem)}" for problem in problems]
