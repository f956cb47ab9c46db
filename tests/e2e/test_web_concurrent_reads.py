"""Eight readers and a writer at once through a real server (uvicorn, its threadpool, the kept
read services) on SQLite and PostgreSQL: no read fails, and each read sent after a write was
answered sees that write, both in the event log (a candidate's status) and in the read model
(the employee's candidacies)."""

from __future__ import annotations

import http.client
import json
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn

from succession_flow.config import Config
from succession_flow.web.app import create_app
from tests.e2e.cli_helpers import run
from tests.e2e.rules_setup import SHIPPED, company_store
from tests.e2e.web_identity import token_headers

PEOPLE = ("E1001", "E1002", "E1003")
STEPS = (("nominate", {"reason": "review"}, "nominated"), ("evaluate", None, "evaluated"))
READERS = 8


@pytest.fixture
def url(store_url: str) -> str:
    company_store(store_url)
    published = run(store_url, "rules", "publish", "--rules", str(SHIPPED), "--note", "go")
    assert published.exit_code == 0, published.stderr
    return store_url


@pytest.fixture
def port(url: str) -> Iterator[int]:
    """A real server in a thread of this process, on a free port, shut down after."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free = int(probe.getsockname()[1])
    config = uvicorn.Config(create_app(Config.resolve(url)), port=free, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run)
    thread.start()
    while not server.started and thread.is_alive():
        threading.Event().wait(0.02)
    assert server.started
    yield free
    server.should_exit = True
    thread.join()


def ask(port: int, method: str, path: str, headers: dict[str, str], body: Any = None) -> Any:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        sent = json.dumps(body).encode() if body is not None else None
        heads = {**headers, "Content-Type": "application/json"}
        connection.request(method, f"/api/v1{path}", body=sent, headers=heads)
        response = connection.getresponse()
        answer = json.loads(response.read())
    finally:
        connection.close()
    assert response.status == 200, (method, path, answer)
    return answer


def states_seen(port: int, headers: dict[str, str], person: str) -> tuple[str, str | None]:
    """The candidate's state in the event log, then in the read model (None: no candidacy)."""
    status = ask(port, "GET", f"/candidates/{person}@VP-SALES", headers)["status"]["state"]
    rows = ask(port, "GET", f"/employees/{person}", headers)["candidacies"]
    return status, (rows[0]["state"] if rows else None)


def test_eight_readers_and_a_writer_at_once_read_every_answered_write(url: str, port: int) -> None:
    operator = token_headers(url, "operator")
    reader = token_headers(url, "reviewer")
    answered: dict[str, str] = {}
    done = threading.Event()
    failures: list[str] = []
    rank: dict[str | None, int] = {None: -1, **{s: i for i, (_, _, s) in enumerate(STEPS)}}

    def read_until_done(index: int) -> None:
        reads = 0
        while not done.is_set() or reads < 3:
            person = PEOPLE[(index + reads) % len(PEOPLE)]
            known = answered.get(person)
            try:
                seen = states_seen(port, reader, person)
            except AssertionError as error:
                if known is not None or "not found" not in str(error):
                    failures.append(f"{person}: {error}")
                reads += 1
                continue
            if known is not None and any(rank[s] < rank[known] for s in seen):
                failures.append(f"{person}: answered {known}, then read {seen}")
            reads += 1

    threads = [threading.Thread(target=read_until_done, args=(i,)) for i in range(READERS)]
    for thread in threads:
        thread.start()
    try:
        for step, body, state in STEPS:
            for person in PEOPLE:
                ask(port, "POST", f"/candidates/{person}@VP-SALES/{step}", operator, body)
                answered[person] = state
    finally:
        done.set()
        for thread in threads:
            thread.join()
    assert failures == []
    assert all(states_seen(port, reader, p) == ("evaluated", "evaluated") for p in PEOPLE)
