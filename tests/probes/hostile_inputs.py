"""The examples issue 15 lists, each as written there: one case each in the probe matrix
(tests/probes/matrix.py), beside the generated variants of its category. Those that could
hang run in a real process too, killed past the bound."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

from tests.probes.cases import BOTH, Case
from tests.probes.hostile_values import HOSTILE_YAML, deep

EMPLOYEE_HEADER = (
    "employee_id,name,department,hire_date,education,years_experience,certifications,prior_posts"
)


def example(
    name: str,
    args: tuple[str, ...],
    code: int,
    files: dict[str, bytes] | None = None,
    sqlite_only: bool = False,
    subprocess: bool = False,
) -> Case:
    """One example of the issue: `code` is the exit code it must give (0: accepted)."""
    backends = frozenset({"sqlite"}) if sqlite_only else BOTH
    return Case(
        "issue example",
        name,
        args,
        frozenset({code}),
        code != 0,
        files=files or {},
        backends=backends,
        subprocess=subprocess,
    )


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
BOMB = dict(HOSTILE_YAML)["a billion laughs"]
"""Ten to the ninth values once every alias is expanded: a billion laughs."""


def read_with(name: str, *args: str, code: int = 3) -> Case:
    """A read given an id with a control character: refused on one line, the id escaped."""
    return example(f"read: {name}", args, code)


def imports(name: str, content: bytes, suffix: str = "csv") -> Case:
    return example(
        f"import: {name}", ("import", f"{{dir}}/in.{suffix}"), 2, {f"in.{suffix}": content}
    )


PROBES: tuple[Case, ...] = (
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
    imports("100,000-deep JSON", deep(100_000).encode(), "json"),
    imports("Latin-1 bytes", employees(row()).replace(b"Ana", b"An\xe9")),
    example(
        "import --skip-bad: rejects in a missing folder",
        ("import", "--skip-bad", "--rejects", "{dir}/no/such/rejects.csv", "{dir}/in.csv"),
        2,
        {"in.csv": employees(row(hired="0001-01-01"))},
    ),
    example("promote --effective 0001-01-01", ("promote", "E1@VP", "--effective", "0001-01-01"), 2),
    example("promote --effective basic format", ("promote", "E1@VP", "--effective", "20270101"), 2),
    example(
        "position id with a trailing newline",
        ("position", "add", "VP2\n", "--title", "T", "--echelon", "key-position", "--unit", "U"),
        2,
    ),
    example(
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
    example("empty demand reason", ("position", "demand", "VP", "1", "--reason", ""), 2),
    example(
        "ANSI in a demand reason", ("position", "demand", "VP", "1", "--reason", "a\x1b[Hb"), 2
    ),
    example("candidate with a trailing newline", ("nominate", "E1@VP\n", "--reason", "r"), 2),
    example("run evaluate --workers 1000", ("run", "evaluate", "--workers", "1000"), 2),
    example("run evaluate --workers -1", ("run", "evaluate", "--workers", "-1"), 2),
    example("--as-of garbage", ("position", "show", "VP", "--as-of", "yesterday-ish"), 2),
    example(
        "an alias bomb in a rule file",
        ("rules", "check", "--rules", "{dir}/rules"),
        2,
        {"rules/pool.yaml": BOMB},
    ),
    example(
        "a digest with a string count",
        ("audit", "verify", "--since-digest", "{dir}/d.json"),
        2,
        {"d.json": b'{"events": "many", "head": "x"}'},
    ),
    example(
        "a digest of 1e400 events",
        ("audit", "verify", "--since-digest", "{dir}/d.json"),
        2,
        {"d.json": b'{"events": 1e400, "head": "x"}'},
    ),
    example(
        "empty ?mode= on a SQLite store", ("--store", "{store}?mode=", "list"), 2, sqlite_only=True
    ),
    example(
        "recursive YAML alias in a rule file",
        ("rules", "check", "--rules", "{dir}/rules"),
        2,
        {"rules/pool.yaml": b"a: &a [*a]\n"},
    ),
    example(
        "5,000-deep YAML nesting in a rule file",
        ("rules", "check", "--rules", "{dir}/rules"),
        2,
        {"rules/pool.yaml": b"a: " + b"[" * 5000 + b"]" * 5000 + b"\n"},
    ),
    example(
        "unknown YAML tag in a plan",
        ("plan", "check", "{dir}/plan.yaml"),
        2,
        {"plan.yaml": b"name: !!python/object:os.system x\n"},
    ),
    example(
        "a list as a YAML key in a workflow",
        ("workflows", "check", "--workflows", "{dir}/wf"),
        2,
        {"wf/management.yaml": b"? [a, b]\n: c\n"},
    ),
    example(
        "Latin-1 bytes in a rule file",
        ("rules", "check", "--rules", "{dir}/rules"),
        2,
        {"rules/pool.yaml": b"name: p\xe9ol\n"},
    ),
    example(
        "a NUL byte in a rule file",
        ("rules", "check", "--rules", "{dir}/rules"),
        2,
        {"rules/pool.yaml": b"name: po\x00ol\n"},
    ),
    example(
        "a digest that is null",
        ("audit", "verify", "--since-digest", "{dir}/d.json"),
        2,
        {"d.json": b"null"},
    ),
    example(
        "a 100,000-deep digest",
        ("audit", "verify", "--since-digest", "{dir}/d.json"),
        2,
        {"d.json": deep(100_000).encode()},
    ),
    example(
        "a Latin-1 digest",
        ("audit", "verify", "--since-digest", "{dir}/d.json"),
        2,
        {"d.json": b'{"events": 1, "head": "\xe9"}'},
    ),
    example(
        "an export line that is a list",
        ("audit", "verify", "--export", "{dir}/e.jsonl"),
        2,
        {"e.jsonl": b"[1, 2]\n"},
    ),
    example(
        "an export line of 100,000-deep JSON",
        ("audit", "verify", "--export", "{dir}/e.jsonl"),
        2,
        {"e.jsonl": deep(100_000).encode() + b"\n"},
    ),
    example("role granted to an empty name", ("role", "grant", "", "hr-owner"), 2),
    example("role granted to a name with a newline", ("role", "grant", "a\nb", "hr-owner"), 2),
    example("an actor of spaces", ("--actor", "   ", "nominate", "E1@VP", "--reason", "r"), 2),
    read_with("position id with a newline", "position", "show", "VP\nx"),
    read_with("position id with an ANSI escape", "position", "show", "VP\x1b[2Jx"),
    read_with("employee id with a line separator", "employee", "show", "E1\u2028x"),
    read_with("history subject with a newline", "history", "position:VP\nx"),
    read_with("review name with a carriage return", "review", "show", "R\rx"),
    read_with("candidate with a newline inside", "status", "E1@VP\nx", code=2),
    read_with("output format with a newline", "--format", "j\nx", "list", code=2),
    example(
        "a valid name in another script is accepted",
        ("import", "{dir}/in.csv"),
        0,
        {"in.csv": employees(row(name="محمد Zoë"))},
    ),
)

HANG_PRONE = frozenset(
    {
        "import: 100,000-deep JSON",
        "run evaluate --workers 1000",
        "an alias bomb in a rule file",
        "recursive YAML alias in a rule file",
        "5,000-deep YAML nesting in a rule file",
        "a 100,000-deep digest",
        "an export line of 100,000-deep JSON",
    }
)
"""The examples that hung or crashed deep in a parser: run in a real process too, killed
past the bound, since an in-process timer cannot stop C code."""
EXAMPLES = tuple(replace(c, subprocess=c.name in HANG_PRONE) for c in PROBES)
