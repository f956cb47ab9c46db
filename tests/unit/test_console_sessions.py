"""The console's session memory and failed-login counts, on a clock the test turns."""

from __future__ import annotations

from succession_flow.web.security.sessions import Sessions, hashed
from succession_flow.web.security.throttle import FailedLogins


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_session_lives_while_used_and_ends_after_its_idle_time() -> None:
    clock = Clock()
    sessions = Sessions(idle_seconds=60, clock=clock)
    session_id, session = sessions.open("bob")
    clock.now += 59
    assert sessions.find(session_id) is session  # and its idle time starts again
    clock.now += 59
    assert sessions.find(session_id) is session
    clock.now += 61
    assert sessions.find(session_id) is None
    assert sessions.find(session_id) is None


def test_sessions_are_kept_by_the_hash_of_their_id_and_each_has_its_own_csrf_token() -> None:
    sessions = Sessions()
    first, one = sessions.open("bob")
    second, other = sessions.open("bob")
    assert first != second and one.csrf != other.csrf and len(first) >= 43
    assert first not in sessions._by_hash and hashed(first) in sessions._by_hash
    sessions.close(first)
    assert sessions.find(first) is None and sessions.find(second) is other


def test_a_name_waits_after_five_failures_until_the_window_passes() -> None:
    clock = Clock()
    failures = FailedLogins(attempts=5, window_seconds=900, clock=clock)
    for _ in range(4):
        failures.failed("Bob")
    assert not failures.waiting("bob")
    failures.failed(" bob ")
    assert failures.waiting("BOB") and not failures.waiting("carol")
    clock.now += 901
    assert not failures.waiting("bob")


def test_a_success_clears_the_names_failures() -> None:
    failures = FailedLogins(attempts=2)
    failures.failed("bob")
    failures.succeeded("bob")
    failures.failed("bob")
    assert not failures.waiting("bob")


def test_names_whose_failures_have_passed_are_forgotten() -> None:
    clock = Clock()
    failures = FailedLogins(window_seconds=900, clock=clock)
    for guess in range(100):
        failures.failed(f"guess-{guess}")
    clock.now += 901
    failures.failed("bob")
    assert list(failures._failures) == ["bob"]
