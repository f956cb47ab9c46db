"""Named domain errors, so callers (and exit codes) can tell a bad request from a broken store."""

from __future__ import annotations


class SuccessionError(Exception):
    """Base of every error this package raises on purpose; its message is one line for users."""


class InvalidInput(SuccessionError):
    """A value given to a command is malformed or outside its allowed set."""


class ManyProblems(InvalidInput):
    """Every problem found at once (a file's, an import's), each a line of its own for the user.

    The one kind of error whose message has several lines: any other message is one line, so
    a newline inside a value it echoes is the value's, and is shown escaped."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


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


class DamagedRecord(SuccessionError):
    """An aggregate's stored events fail their seal or version check: changed outside the app.

    Carries the aggregate's id and the first bad version, so a caller that knows the aggregate's
    name (a candidate's E@P) can say it, and a batch can skip that one aggregate.
    """

    def __init__(self, subject: str, version: int, problem: str, originator_id: object = None):
        super().__init__(f"{subject} version {version}: {problem}; run `audit verify`")
        self.subject, self.version, self.problem = subject, version, problem
        self.originator_id = originator_id

    def named(self, subject: str) -> DamagedRecord:
        return DamagedRecord(subject, self.version, self.problem, self.originator_id)
