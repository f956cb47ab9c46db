"""The load test's clients: threads, each with one kept-alive HTTP connection, for a bounded time.

Each client owns its own candidates and steps them (evaluate, then pool whoever passed); one
step in ten goes to a small shared set that every client fights over, so the server is asked to
step the same candidate at the same moment and must refuse the loser (409), never record both.
Half the requests are reads of what the console shows. Every answer is kept: its kind, status,
latency, and for a step that succeeded, which candidate and step the client was told succeeded.
"""

from __future__ import annotations

import http.client
import json
import random
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

READS = ("candidate", "position", "positions")
CONTESTED_SHARE = 0.1
READ_SHARE = 0.5
TIMEOUT_S = 120.0
"""One request's bound: a server that stops answering fails the run instead of hanging it."""


@dataclass
class Answer:
    kind: str
    """`read` or `step`."""
    what: str
    """The read (candidate, position, positions) or the step (evaluate, pool)."""
    status: int
    seconds: float
    candidate: str | None = None
    outcome: str | None = None


@dataclass
class Client:
    """One API client: its own candidates, what it still has to do, and every answer it got."""

    index: int
    port: int
    token: str
    own: list[str]
    contested: Sequence[str]
    positions: Sequence[str]
    answers: list[Answer] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def run(self, until: float) -> None:
        rng = random.Random(self.index)
        todo = [(key, "evaluate") for key in self.own]
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT_S)
        try:
            while time.monotonic() < until:
                if rng.random() < READ_SHARE or not (todo or self.contested):
                    self.read(connection, rng)
                elif rng.random() < CONTESTED_SHARE or not todo:
                    self.step(
                        connection, rng.choice(self.contested), rng.choice(["evaluate", "pool"])
                    )
                else:
                    key, step = todo.pop(0)
                    answer = self.step(connection, key, step)
                    if step == "evaluate" and answer is not None and answer.outcome == "pass":
                        todo.append((key, "pool"))
        except (OSError, http.client.HTTPException) as error:
            self.failures.append(f"client {self.index}: {type(error).__name__}: {error}")
        finally:
            connection.close()

    def read(self, connection: http.client.HTTPConnection, rng: random.Random) -> None:
        what = rng.choice(READS)
        path = {
            "candidate": f"/api/v1/candidates/{rng.choice([*self.own, *self.contested])}",
            "position": f"/api/v1/positions/{rng.choice(self.positions)}",
            "positions": "/api/v1/positions",
        }[what]
        status, _, seconds = self.ask(connection, "GET", path)
        self.answers.append(Answer("read", what, status, seconds))

    def step(self, connection: http.client.HTTPConnection, key: str, step: str) -> Answer | None:
        status, body, seconds = self.ask(connection, "POST", f"/api/v1/candidates/{key}/{step}")
        outcome = body.get("outcome") if status == 200 and isinstance(body, dict) else None
        answer = Answer("step", step, status, seconds, key, outcome)
        self.answers.append(answer)
        return answer

    def ask(
        self, connection: http.client.HTTPConnection, method: str, path: str
    ) -> tuple[int, object, float]:
        headers = {"Authorization": f"Bearer {self.token}"}
        body = None
        if method == "POST":
            body, headers["Content-Type"] = b"{}", "application/json"
        started = time.perf_counter()
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        seconds = time.perf_counter() - started
        try:
            parsed: object = json.loads(data) if data else None
        except ValueError:
            parsed = None
        return response.status, parsed, seconds


def run_clients(clients: list[Client], seconds: float) -> float:
    """Every client at once until the time is up (each finishes its request in flight)."""
    until = time.monotonic() + seconds
    threads = [threading.Thread(target=c.run, args=(until,), daemon=True) for c in clients]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started
