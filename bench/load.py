"""The API under load: C concurrent clients for a bounded time against `succession-flow serve`.

A company of N nominated candidates on a fresh PostgreSQL schema (the shipped rules
published, one operator with an API token), a real uvicorn server in its own process, and the
clients of `bench/load_clients.py` asking for reads and steps until the time is up. Reported:
p50 and p95 latency per kind of request, requests per second, and the events lost or doubled:
every step a client was told succeeded must be exactly one event of that step in the store,
and no step event may be there that no client was told of.

    python -m bench.load --serve-seconds 60 --clients 50      # the issue's bounded minute
    python -m bench.load --serve-seconds 5 --clients 4 --n 200
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from statistics import quantiles
from typing import Any

from eventsourcing.utils import get_topic

from bench.company import generate, position_ids
from bench.load_clients import READS, Answer, Client, run_clients
from bench.rulesets import publish_shipped
from bench.stores import PG_DEFAULT, pg_schema
from succession_flow.application.people import access, users
from succession_flow.bootstrap import bootstrap
from succession_flow.domain.candidate import Candidate
from succession_flow.domain.keys import CandidateKey

ROOT = Path(__file__).resolve().parent.parent
USER, ADMIN = "load-operator", "load-admin"
STEP_EVENTS = {"evaluate": ("Evaluated",), "pool": ("Pooled", "PoolEntryDeclined")}
"""The candidate events each step the clients take records (one per success)."""
CONTESTED = 20
LOAD_N = 2000
"""Nominated candidates in the load test's company (fewer when the benchmark's N is smaller)."""
STARTUP_TRIES = 300


def prepare(url: str, n: int) -> str:
    """The company, the rules, and an operator's API token (returned)."""
    services = bootstrap(url)
    try:
        generate(services, n)
        publish_shipped(services)
        access.grant(services, ADMIN, ADMIN, "hr-owner")
        access.grant(services, ADMIN, USER, "operator")
        users.add_user(services, ADMIN, USER, "load test only, never signs in")
        return users.create_token(services, ADMIN, USER, "operator", "bench load").token
    finally:
        services.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def serve(url: str, port: int, log: Path) -> subprocess.Popen[bytes]:
    """`succession-flow serve` in its own process, once it answers."""
    paths = [str(ROOT / "src"), *filter(None, [os.environ.get("PYTHONPATH")])]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    command = [sys.executable, "-c", "from succession_flow.cli.main import main; main()"]
    command += ["serve", "--store", url, "--port", str(port)]
    with log.open("wb") as output:
        server = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
    for _ in range(STARTUP_TRIES):
        if server.poll() is not None:
            raise RuntimeError(f"the server stopped: {log.read_text()[-2000:]}")
        if answers(port):
            return server
        time.sleep(0.1)
    server.terminate()
    server.wait()
    raise RuntimeError("the server did not answer")


def answers(port: int) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/api/v1/openapi.json")
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def stored_step_events(url: str) -> Counter[tuple[str, str]]:
    """(candidate, step) -> the events of that step the load's operator recorded."""
    step_of = {name: step for step, names in STEP_EVENTS.items() for name in names}
    classes = tuple(Candidate.__dict__[name] for name in step_of)
    services = bootstrap(url)
    try:
        found: Counter[tuple[str, str]] = Counter()
        for notification in services.store.notifications(classes):
            event = services.store.decode(notification)
            if event.actor == USER:
                name = get_topic(type(event)).rsplit(".", 1)[1]
                found[(str(event.originator_id), step_of[name])] += 1
        return found
    finally:
        services.close()


def told_step_events(answers: list[Answer]) -> Counter[tuple[str, str]]:
    told: Counter[tuple[str, str]] = Counter()
    for a in answers:
        if a.kind == "step" and a.status == 200 and a.candidate is not None:
            told[(str(CandidateKey.parse(a.candidate).uuid), a.what)] += 1
    return told


def latency(answers: list[Answer]) -> dict[str, float]:
    seconds = sorted(a.seconds for a in answers)
    if len(seconds) < 2:
        only = seconds[0] if seconds else 0.0
        return {"p50_ms": only * 1000, "p95_ms": only * 1000}
    cuts = quantiles(seconds, n=100, method="inclusive")
    return {"p50_ms": cuts[49] * 1000, "p95_ms": cuts[94] * 1000}


def measure(server_url: str, n: int, clients: int, seconds: float, folder: Path) -> dict[str, Any]:
    """The whole load test on a fresh schema of the server; the figures as plain values."""
    with pg_schema(server_url) as url:
        token = prepare(url, n)
        keys = [f"E{i:07d}@{position_ids(n)[i % len(position_ids(n))]}" for i in range(n)]
        contested, owned = keys[:CONTESTED], keys[CONTESTED:]
        port = free_port()
        server = serve(url, port, folder / "load-server.log")
        try:
            team = [
                Client(i, port, token, owned[i::clients], contested, position_ids(n))
                for i in range(clients)
            ]
            elapsed = run_clients(team, seconds)
        finally:
            server.terminate()
            server.wait(timeout=60)
        answers = [a for c in team for a in c.answers]
        told, stored = told_step_events(answers), stored_step_events(url)
    kinds = {"read": [a for a in answers if a.kind == "read"],
             "step": [a for a in answers if a.kind == "step"]}  # fmt: skip
    return {
        "clients": clients,
        "seconds": elapsed,
        "requests": len(answers),
        "requests_per_s": len(answers) / elapsed if elapsed else 0.0,
        **{f"{kind}_{k}": v for kind, found in kinds.items() for k, v in latency(found).items()},
        "reads": len(kinds["read"]),
        "steps": len(kinds["step"]),
        "statuses": dict(sorted(Counter(str(a.status) for a in answers).items())),
        "server_errors": sum(1 for a in answers if a.status >= 500),
        "client_failures": [f for c in team for f in c.failures],
        "steps_told_succeeded": sum(told.values()),
        "step_events_stored": sum(stored.values()),
        "lost": sum(max(0, told[k] - stored[k]) for k in told | stored),
        "doubled": sum(max(0, stored[k] - told[k]) for k in told | stored),
        "read_kinds": list(READS),
    }


def lines(found: dict[str, Any]) -> list[str]:
    return [
        f"load: {found['clients']} clients for {found['seconds']:.1f} s: "
        f"{found['requests']} requests ({found['requests_per_s']:.1f}/s), "
        f"statuses {found['statuses']}",
        f"load: reads p50 {found['read_p50_ms']:.0f} ms, p95 {found['read_p95_ms']:.0f} ms; "
        f"steps p50 {found['step_p50_ms']:.0f} ms, p95 {found['step_p95_ms']:.0f} ms",
        f"load: steps told succeeded {found['steps_told_succeeded']}, step events stored "
        f"{found['step_events_stored']}: lost {found['lost']}, doubled {found['doubled']}",
    ]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__)
    p.add_argument("--pg", default=PG_DEFAULT, help="PostgreSQL server (a fresh schema is used)")
    p.add_argument("--n", type=int, default=LOAD_N, help=f"nominated candidates ({LOAD_N})")
    p.add_argument("--clients", type=int, default=50, help="concurrent clients (default 50)")
    p.add_argument("--serve-seconds", type=float, default=60.0, help="how long (default 60)")
    p.add_argument("--json", action="store_true", help="print the figures as one JSON line")
    args = p.parse_args(argv)
    import tempfile

    with tempfile.TemporaryDirectory(prefix="sf-load-") as folder:
        found = measure(args.pg, args.n, args.clients, args.serve_seconds, Path(folder))
    print(json.dumps(found) if args.json else "\n".join(lines(found)))
    return 0 if found["lost"] == found["doubled"] == found["server_errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
