"""Named domain errors, so callers (and exit codes) can tell a bad request from a broken store."""

from __future__ import annotations


class SuccessionError(Exception):
    """Base of every error this package raises on purpose; its message is one line for users."""


class InvalidInput(SuccessionError):
    """A value given to a command is malformed or outside its allowed set."""


class NotFound(SuccessionError):
    """The position, employee, candidate or rule set named does not exist."""


class IllegalTransition(SuccessionError):
    """The aggregate refuses the step in its current state; nothing was recorded."""


class AlreadyNominated(IllegalTransition):
    """The employee is already an active candidate for that position."""


class Conflict(SuccessionError):
    """Another writer kept changing the same aggregate; the command gave up after retrying."""


class StoreUnavailable(SuccessionError):
    """The event store cannot be opened or reached."""


class PermissionDenied(SuccessionError):
    """The store (or the actor's role) does not allow this write."""
