"""Hostile inputs tried across commands, each in a real process with a timeout.

A probe passes when the command exits with the code the table says (never 1, an internal
error), within the timeout (no hang), and a refusal writes no event. Run it on any store:

    python -m tests.probes.hostile_inputs --store sqlite:///probe.sqlite
    python -m tests.probes.hostile_inputs --store postgresql://postgres@127.0.0.1:5432/db?schema=s

It exits 0 when every probe passes, else 1 with one line per failure; tests/e2e/
test_hostile_input_probes.py runs it in CI on both stores.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from succession_flow.domain.values import unsafe_character

CLI = str(Path(sys.executable).parent / "succession-flow")
TIMEOUT = 60
"""Seconds before a probe counts as hung; the slowest honest refusal takes a few."""

EMPLOYEE_HEADER = (
    "employee_id,name,department,hire_date,education,years_experience,certifications,prior_posts"
)


@dataclass(frozen=True)
class Probe:
    name: str
    args: tuple[str, ...]
    code: int
    """The exit code the command must give (0: accepted, anything else: refused)."""
    files: dict[str, bytes] = field(default_factory=dict)
    sqlite_only: bool = False
    lines: int | None = None
    """How many lines stderr must have, when the refusal echoes one bad value."""


def employees(*rows: str) -> bytes:
    return "\n".join((EMPLOYEE_HEADER, *rows)).encode("utf-8") + b"\n"


def row(
    name: str = "Ana Lima", hired: str = "2012-03-01", years: str = "12", eid: str = "E9"
) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(
        [eid, name, "Sales", hired, "master", years, "", ""]
    )
    return buffer.getvalue()


RECORD = {
    "employee_id": "E9",
    "name": "Ana",
    "department": "Sales",
    "hire_date": "2012-03-01",
    "education": "master",
    "years_experience": 12,
    "certifications": [],
    "prior_posts": [],
}
BOMB = b"a: &a [x, x, x, x, x, x, x, x, x, x]\n" + b"".join(
    f"{chr(98 + n)}: &{chr(98 + n)} [{', '.join([f'*{chr(97 + n)}'] * 10)}]\n".encode()
    for n in range(8)
)
"""Ten to the ninth values once every alias is expanded: a billion laughs."""


def read_with(name: str, *args: str, code: int = 3) -> Probe:
    """A read given an id with a control character: refused on one line, the id escaped."""
    return Probe(f"read: {name}", args, code, lines=1)


def imports(name: str, content: bytes, suffix: str = "csv") -> Probe:
    return Probe(
        f"import: {name}", ("import", f"{{dir}}/in.{suffix}"), 2, {f"in.{suffix}": content}
    )


PROBES: tuple[Probe, ...] = (
    imports("hire date 0001-01-01", employees(row(hired="0001-01-01"))),
    imports("hire date 9999-12-31", employees(row(hired="9999-12-31"))),
    imports("basic-format date", employees(row(hired="20150401"))),
    imports("Arabic-Indic digits", employees(row(years="١٢"))),
    imports("ANSI escape in a name", employees(row(name="\x1b[31mAna\x1b[0m"))),
    imports("newline in a name", employees(row(name="Ana\nLima"))),
    imports("NUL in a name", employees(row(name="Ana\x00Lima"))),
    imports("bidi override in a name", employees(row(name="Ana\u202eLima"))),
    imports("duplicate employee rows", employees(row(), row(name="Other"))),
    imports(
        "duplicate rating rows",
        b"employee_id,year,rating\nE1,2024,meets\nE1,2024,exceeds\n",
    ),
    imports("Arabic-Indic year", "employee_id,year,rating\nE1,٢٠٢٤,meets\n".encode()),
    imports("JSON object as a name", json.dumps([{**RECORD, "name": {"a": 1}}]).encode(), "json"),
    imports("JSON null as a name", json.dumps([{**RECORD, "name": None}]).encode(), "json"),
    imports("duplicate JSON keys", b'[{"employee_id": "E9", "employee_id": "E8"}]', "json"),
    imports("100,000-deep JSON", b"[" * 100_000 + b"]" * 100_000, "json"),
    imports("Latin-1 bytes", employees(row()).replace(b"Ana", b"An\xe9")),
    Probe(
        "import --skip-bad: rejects in a missing folder",
        ("import", "--skip-bad", "--rejects", "{dir}/no/such/rejects.csv", "{dir}/in.csv"),
        2,
        {"in.csv": employees(row(hired="0001-01-01"))},
    ),
    Probe("promote --effective 0001-01-01", ("promote", "E1@VP", "--effective", "0001-01-01"), 2),
    Probe("promote --effective basic format", ("promote", "E1@VP", "--effective", "20270101"), 2),
    Probe(
        "position id with a trailing newline",
        ("position", "add", "VP2\n", "--title", "T", "--echelon", "key-position", "--unit", "U"),
        2,
    ),
    Probe(
        "position title with ANSI",
        (
            "position",
            "add",
            "VP2",
            "--title",
            "\x1b[2JT",
            "--echelon",
            "key-position",
            "--unit",
            "U",
        ),
        2,
    ),
    Probe("empty demand reason", ("position", "demand", "VP", "1", "--reason", ""), 2),
    Probe("ANSI in a demand reason", ("position", "demand", "VP", "1", "--reason", "a\x1b[Hb"), 2),
    Probe("candidate with a trailing newline", ("nominate", "E1@VP\n", "--reason", "r"), 2),
    Probe("run evaluate --workers 1000", ("run", "evaluate", "--workers", "1000"), 2),
    Probe("run evaluate --workers -1", ("run", "evaluate", "--workers", "-1"), 2),
    Probe("--as-of garbage", ("position", "show", "VP", "--as-of", "yesterday-ish"), 2),
    Probe(
        "an alias bomb in a rule file",
        ("rules", "check", "--rules", "{dir}/rules"),
        2,
        {"rules/pool.yaml": BOMB},
    ),
    Probe(
        "a digest with a string count",
        ("audit", "verify", "--since-digest", "{dir}/d.json"),
        2,
        {"d.json": b'{"events": "many", "head": "x"}'},
    ),
    Probe(
        "a digest of 1e400 events",
        ("audit", "verify", "--since-digest", "{dir}/d.json"),
        2,
        {"d.json": b'{"events": 1e400, "head": "x"}'},
    ),
    Probe(
        "empty ?mode= on a SQLite store", ("--store", "{store}?mode=", "list"), 2, sqlite_only=True
    ),
    Probe(
        "recursive YAML alias in a rule file",
        ("rules", "check", "--rules", "{dir}/rules"),
        2,
        {"rules/pool.yaml": b"a: &a [*a]\n"},
    ),
    Probe(
        "5,000-deep YAML nesting in a rule file",
        ("rules", "check", "--rules", "{dir}/rules"),
        2,
        {"rules/pool.yaml": b"a: " + b"[" * 5000 + b"]" * 5000 + b"\n"},
    ),
    Probe(
        "unknown YAML tag in a plan",
        ("plan", "check", "{dir}/plan.yaml"),
        2,
        {"plan.yaml": b"name: !!python/object:os.system x\n"},
    ),
    Probe(
        "a list as a YAML key in a workflow",
        ("workflows", "check", "--workflows", "{dir}/wf"),
        2,
        {"wf/management.yaml": b"? [a, b]\n: c\n"},
    ),
    Probe(
        "Latin-1 bytes in a rule file",
        ("rules", "check", "--rules", "{dir}/rules"),
        2,
        {"rules/pool.yaml": b"name: p\xe9ol\n"},
    ),
    Probe(
        "a NUL byte in a rule file",
        ("rules", "check", "--rules", "{dir}/rules"),
        2,
        {"rules/pool.yaml": b"name: po\x00ol\n"},
    ),
    Probe(
        "a digest that is null",
        ("audit", "verify", "--since-digest", "{dir}/d.json"),
        2,
        {"d.json": b"null"},
    ),
    Probe(
        "a 100,000-deep digest",
        ("audit", "verify", "--since-digest", "{dir}/d.json"),
        2,
        {"d.json": b"[" * 100_000 + b"]" * 100_000},
    ),
    Probe(
        "a Latin-1 digest",
        ("audit", "verify", "--since-digest", "{dir}/d.json"),
        2,
        {"d.json": b'{"events": 1, "head": "\xe9"}'},
    ),
    Probe(
        "an export line that is a list",
        ("audit", "verify", "--export", "{dir}/e.jsonl"),
        2,
        {"e.jsonl": b"[1, 2]\n"},
    ),
    Probe(
        "an export line of 100,000-deep JSON",
        ("audit", "verify", "--export", "{dir}/e.jsonl"),
        2,
        {"e.jsonl": b"[" * 100_000 + b"]" * 100_000 + b"\n"},
    ),
    Probe("role granted to an empty name", ("role", "grant", "", "hr-owner"), 2),
    Probe("role granted to a name with a newline", ("role", "grant", "a\nb", "hr-owner"), 2),
    Probe("an actor of spaces", ("--actor", "   ", "nominate", "E1@VP", "--reason", "r"), 2),
    read_with("position id with a newline", "position", "show", "VP\nx"),
    read_with("position id with an ANSI escape", "position", "show", "VP\x1b[2Jx"),
    read_with("employee id with a line separator", "employee", "show", "E1\u2028x"),
    read_with("history subject with a newline", "history", "position:VP\nx"),
    read_with("review name with a carriage return", "review", "show", "R\rx"),
    read_with("candidate with a newline inside", "status", "E1@VP\nx", code=2),
    read_with("output format with a newline", "--format", "j\nx", "list", code=2),
    Probe(
        "a valid name in another script is accepted",
        ("import", "{dir}/in.csv"),
        0,
        {"in.csv": employees(row(name="محمد Zoë"))},
    ),
)


@dataclass(frozen=True)
class Outcome:
    probe: Probe
    code: int | None
    """None: the process did not end within TIMEOUT."""
    written: int
    stderr: str

    def problem(self) -> str:
        if self.code is None:
            return f"hung past {TIMEOUT} s"
        if self.code == 1:
            return f"exit 1 (internal error): {self.stderr.strip()[:200]}"
        if self.code != self.probe.code:
            return f"exit {self.code}, expected {self.probe.code}: {self.stderr.strip()[:200]}"
        if self.code != 0 and self.written:
            return f"refused but wrote {self.written} event(s)"
        if unsafe_character(self.stderr.replace("\n", "")) is not None:
            return f"a raw control character on stderr: {self.stderr[:200]!r}"
        if self.probe.lines is not None and len(self.stderr.splitlines()) != self.probe.lines:
            return f"{self.probe.lines} line(s) expected on stderr: {self.stderr[:200]!r}"
        return ""


def event_count(store: str) -> int:
    from succession_flow.bootstrap import bootstrap

    services = bootstrap(store)
    try:
        return services.store.event_count()
    finally:
        services.close()


def prepare(store: str) -> None:
    """A position VP and employee E1, so the probes reach their command's checks."""
    from tests.e2e.cli_helpers import run

    people = Path(tempfile.mkdtemp()) / "e.csv"
    people.write_bytes(employees(row(eid="E1")))
    for args in (
        ("position", "add", "VP", "--title", "VP", "--echelon", "key-position", "--unit", "S"),
        ("import", str(people)),
    ):
        result = run(store, *args)
        if result.exit_code != 0:
            raise SystemExit(f"setup failed: {' '.join(args)}: {result.stderr}")


def attempt(store: str, probe: Probe, folder: Path) -> Outcome:
    for name, content in probe.files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)
    args = [a.format(dir=folder, store=store) for a in probe.args]
    if args[0] != "--store":
        args = ["--store", store, *args]
    before = event_count(store)
    command = [CLI, "--actor", "prober", *args]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=TIMEOUT, cwd=folder, env=os.environ
        )
    except subprocess.TimeoutExpired:
        return Outcome(probe, None, 0, "")
    return Outcome(probe, done.returncode, event_count(store) - before, done.stderr)


def run_probes(
    store: str, on_outcome: Callable[[Outcome], None] = lambda o: None
) -> Iterator[Outcome]:
    prepare(store)
    sqlite = store.startswith("sqlite")
    for probe in PROBES:
        if probe.sqlite_only and not sqlite:
            continue
        with tempfile.TemporaryDirectory() as folder:
            outcome = attempt(store, probe, Path(folder))
        on_outcome(outcome)
        yield outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", required=True, help="A fresh store URL (it is written).")
    store = parser.parse_args().store
    failures = 0
    for outcome in run_probes(store):
        problem = outcome.problem()
        failures += bool(problem)
        print(
            f"{'FAIL' if problem else 'ok  '} {outcome.probe.name}"
            + (f": {problem}" if problem else "")
        )
    print(f"{len(PROBES)} probes, {failures} failed")
    raise SystemExit(1 if failures else 0)


if __name__ == "__main__":
    main()
