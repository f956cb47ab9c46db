"""Failed sign-ins, counted per name: a few tries, then that name waits.

Counted for names that do not exist too, so the wait says nothing about who has an account.
While a name waits its password is not even checked, so guessing gains nothing then.
"""

from __future__ import annotations

import time
import unicodedata
from collections import deque
from collections.abc import Callable

ATTEMPTS = 5
WINDOW_SECONDS = 15 * 60


class FailedLogins:
    def __init__(
        self,
        attempts: int = ATTEMPTS,
        window_seconds: float = WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.attempts, self.window_seconds, self.clock = attempts, window_seconds, clock
        self._failures: dict[str, deque[float]] = {}

    def waiting(self, name: str) -> bool:
        """Whether this name has failed `attempts` times within the window."""
        failures = self._recent(key(name))
        return len(failures) >= self.attempts

    def failed(self, name: str) -> None:
        self._recent(key(name)).append(self.clock())

    def succeeded(self, name: str) -> None:
        self._failures.pop(key(name), None)

    def _recent(self, name: str) -> deque[float]:
        """The name's failures within the window; names whose failures all passed are dropped,
        so guessing many names cannot grow the memory beyond one window's worth."""
        now = self.clock()
        for stale in [
            k for k, f in self._failures.items() if not f or now - f[-1] > self.window_seconds
        ]:
            del self._failures[stale]
        failures = self._failures.setdefault(name, deque())
        while failures and now - failures[0] > self.window_seconds:
            failures.popleft()
        return failures


def key(name: str) -> str:
    """One counter for every spelling of a name that signs in as the same user."""
    return unicodedata.normalize("NFC", name).strip().casefold()
