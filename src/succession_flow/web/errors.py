"""HTTP statuses from the CLI's exit codes: one category table (cli/errors.py), two spellings.

A refused request answers the same category the CLI would exit with, as JSON for the API and as
a page for a person, and it never writes: every route here only reads.
"""

from __future__ import annotations

from succession_flow.cli.errors import (
    BAD_INPUT,
    CHECK_FAILED,
    CONFLICT,
    ILLEGAL_TRANSITION,
    INTERNAL,
    NOT_FOUND,
    PERMISSION_DENIED,
    STORE_UNAVAILABLE,
    exit_code_for,
)

HTTP_STATUS: dict[int, tuple[int, str]] = {
    BAD_INPUT: (400, "bad-input"),
    NOT_FOUND: (404, "not-found"),
    ILLEGAL_TRANSITION: (409, "illegal-transition"),
    CONFLICT: (409, "conflict"),
    STORE_UNAVAILABLE: (503, "store-unavailable"),
    PERMISSION_DENIED: (403, "permission-denied"),
    CHECK_FAILED: (409, "damaged-record"),
    INTERNAL: (500, "internal"),
}
"""Exit code -> (HTTP status, category); a damaged record conflicts with what was stored."""


def status_of(error: BaseException) -> tuple[int, str]:
    """The HTTP status and category of any error, by its exit code."""
    return HTTP_STATUS[exit_code_for(error)]


def error_body(error: BaseException) -> dict[str, object]:
    status, category = status_of(error)
    message = str(error) if status != 500 else f"internal error: {type(error).__name__}"
    return {"error": {"status": status, "category": category, "message": message}}
