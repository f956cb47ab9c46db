"""Exit codes, in one place: each named error maps to its own code (see docs/operators.md)."""

from __future__ import annotations

from succession_flow.domain.errors import (
    Conflict,
    DamagedRecord,
    IllegalTransition,
    InvalidInput,
    NotFound,
    PermissionDenied,
    StoreUnavailable,
    SuccessionError,
)

OK = 0
INTERNAL = 1
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
