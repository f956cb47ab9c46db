"""Signed-in sessions, kept in the server's memory by the hash of their id.

In memory, not as events: a session is not a fact about succession but a browser's proof,
touched on every request; as events it would write on every page view and a read-only store
could never be signed into. Only the SHA-256 of the id is kept, so a dump of the process's
sessions cannot be replayed as cookies. A restart signs everyone out, which is the safe side.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

IDLE_SECONDS = 30 * 60


@dataclass
class Session:
    name: str
    csrf: str
    """The per-session CSRF token every form of this session carries back."""
    last_seen: float


class Sessions:
    """The sessions of one running console; expired ones are dropped when next looked at."""

    def __init__(
        self, idle_seconds: float = IDLE_SECONDS, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.idle_seconds = idle_seconds
        self.clock = clock
        self._by_hash: dict[str, Session] = {}

    def open(self, name: str) -> tuple[str, Session]:
        """A new session id (given to the browser once, as its cookie) and the session."""
        self._drop_expired()
        session_id = secrets.token_urlsafe(32)
        session = Session(name, secrets.token_urlsafe(32), self.clock())
        self._by_hash[hashed(session_id)] = session
        return session_id, session

    def find(self, session_id: str) -> Session | None:
        """The live session of this id, its idle time restarted; None once idle too long."""
        key = hashed(session_id)
        session = self._by_hash.get(key)
        if session is None:
            return None
        now = self.clock()
        if now - session.last_seen > self.idle_seconds:
            del self._by_hash[key]
            return None
        session.last_seen = now
        return session

    def close(self, session_id: str) -> None:
        self._by_hash.pop(hashed(session_id), None)

    def _drop_expired(self) -> None:
        now = self.clock()
        for key in [k for k, s in self._by_hash.items() if now - s.last_seen > self.idle_seconds]:
            del self._by_hash[key]


def hashed(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()
