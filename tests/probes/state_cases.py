"""Every write command in every state that must refuse it (read-only, wrong or no secret, no
role or a lesser one), every read under a wrong or missing secret, and bad stores and options."""

from __future__ import annotations

from collections.abc import Iterator

from succession_flow.cli.authorisation import NEEDS
from succession_flow.domain.roles import Capability
from tests.probes.cases import BAD_INPUT, Case
from tests.probes.file_cases import ROOT

PERMISSION = frozenset({7})
STOPPED_FIRST = frozenset({3, 4, 7})
"""A read-only store or a wrong secret refuses the write (7), unless the command stopped for
its own reason first (not found, not allowed in the candidate's state), writing nothing."""
NOTHING_TO_DO = frozenset({"run", "run approve"})
"""Batches that find no candidate waiting in the untouched company: a no-op (exit 0) that
writes nothing is right there too."""
ROLE_STATES = frozenset({"no role", "reviewer", "operator", "approver"})
"""The role is checked before the command runs (cli/authorisation.py): always 7."""
EMPLOYEES = (
    b"employee_id,name,department,hire_date,education,years_experience,certifications,prior_posts\n"
)
POSITIONS = b"position_id,title,echelon,unit\n"
WRITES: dict[str, tuple[tuple[str, ...], dict[str, bytes]]] = {
    "role grant": (("role", "grant", "mallory", "hr-owner"), {}),
    "role revoke": (("role", "revoke", "op", "operator"), {}),
    "user add": (("user", "add", "zed", "--password-file", "{dir}/pw"), {"pw": b"long enough pw"}),
    "user disable": (("user", "disable", "zed"), {}),
    "token create": (("token", "create", "--user", "zed", "--role", "reviewer"), {}),
    "token revoke": (("token", "revoke", "t-0"), {}),
    "position add": (
        ("position", "add", "CFO", "--title", "C", "--echelon", "management", "--unit", "F"),
        {},
    ),
    "position update": (
        ("position", "update", "VP-SALES", "--min-years", "9", "--reason", "r"),
        {},
    ),
    "position retire": (("position", "retire", "VP-SALES", "--reason", "r"), {}),
    "position import": (
        ("position", "import", "{dir}/p.csv"),
        {"p.csv": POSITIONS + b"CTO,CTO,key-position,Tech\n"},
    ),
    "position demand": (("position", "demand", "VP-SALES", "2", "--reason", "r"), {}),
    "rules publish": (("rules", "publish", "--rules", str(ROOT / "rules")), {}),
    "workflows publish": (
        ("workflows", "publish", "--folder", str(ROOT / "workflows"), "--note", "n"),
        {},
    ),
    "plan adopt": (("plan", "adopt", str(ROOT / "plans" / "talent-plan.yaml")), {}),
    "plan task-done": (("plan", "task-done", "talent-plan", "T1"), {}),
    "import": (
        ("import", "{dir}/e.csv"),
        {"e.csv": EMPLOYEES + b"E7,Bo,Sales,2012-03-01,master,3,,\n"},
    ),
    "nominate": (("nominate", "E1003@VP-SALES", "--reason", "r"), {}),
    "approve": (("approve", "E1001@VP-SALES", "--reason", "r"), {}),
    "reject": (("reject", "E1001@VP-SALES", "--reason", "r"), {}),
    "evaluate": (("evaluate", "E1001@VP-SALES"), {}),
    "pool": (("pool", "E1001@VP-SALES"), {}),
    "readiness": (("readiness", "E1001@VP-SALES", "ready-now", "--reason", "r"), {}),
    "train": (("train", "E1001@VP-SALES"), {}),
    "record-course": (("record-course", "E1001@VP-SALES", "C1", "--score", "80"), {}),
    "complete-training": (("complete-training", "E1001@VP-SALES"), {}),
    "promote": (("promote", "E1001@VP-SALES"), {}),
    "exit": (("exit", "E1002@VP-SALES", "--reason", "withdrawn"), {}),
    "run": (("run", "evaluate"), {}),
    "run approve": (("run", "approve", "--reason", "r"), {}),
    "select": (("select", "VP-SALES"), {}),
    "review open": (("review", "open", "R1", "--position", "VP-SALES", "--reason", "r"), {}),
    "review propose": (
        ("review", "propose", "R1", "E1001@VP-SALES", "--readiness", "ready-now", "--reason", "r"),
        {},
    ),
    "review close": (("review", "close", "R1"), {}),
}
"""A write as it would succeed in the company's store (or fail later than the check asked)."""

REFUSING = ("read-only", "wrong secret", "no secret", "no role", "reviewer")
BELOW = {Capability.CONFIGURE: ("operator", "approver"), Capability.OPERATE: ("approver",)}
"""The roles below what a capability needs (an approver approves, nothing else)."""
READS = (
    ("list",),
    ("status", "E1001@VP-SALES"),
    ("history", "E1001@VP-SALES"),
    ("explain", "E1001@VP-SALES"),
    ("employee", "show", "E1001"),
    ("position", "show", "VP-SALES"),
    ("report", "ninebox"),
    ("report", "bench"),
    ("report", "pipeline"),
    ("audit", "export", "{dir}/x.jsonl"),
    ("audit", "verify"),
    ("role", "list"),
)


def state_cases() -> Iterator[Case]:
    for command, capability in NEEDS.items():
        if command in ("init", "demo"):
            continue  # a store of their own, or none written
        args, files = WRITES[command]
        below = BELOW.get(capability, ()) if isinstance(capability, Capability) else ()
        for state in (*REFUSING, *below):
            codes = PERMISSION if state in ROLE_STATES else STOPPED_FIRST
            if state == "read-only" and command in NOTHING_TO_DO:
                codes |= {0}
            yield Case("write in a refusing state", command, args, codes, True, state, files)
    for args in READS:
        for state in ("wrong secret", "no secret"):
            yield Case(
                "read under a wrong secret", " ".join(args[:2]), args, PERMISSION, True, state
            )


STORES: tuple[tuple[str, tuple[str, ...], frozenset[int], frozenset[str]], ...] = (
    ("?mode= empty", ("--store", "{store}?mode=", "list"), BAD_INPUT, frozenset({"sqlite"})),
    ("?mode=rw", ("--store", "{store}?mode=rw", "list"), BAD_INPUT, frozenset({"sqlite"})),
    ("?mode=ro&x=1", ("--store", "{store}?mode=ro&x=1", "list"), BAD_INPUT, frozenset({"sqlite"})),
    ("an unknown scheme", ("--store", "mysql://x/y", "list"), BAD_INPUT, frozenset()),
    ("an empty URL", ("--store", "", "list"), BAD_INPUT, frozenset()),
    (
        "a Latin-1 secret file on a store in clear",
        ("--secret-file", "{dir}/latin", "list"),
        frozenset({0}),
        frozenset(),
    ),
    (
        "a URL with a newline",
        ("--store", "sqlite:///a\nb.sqlite", "list"),
        frozenset({2, 3}),
        frozenset(),
    ),
    (
        "SQLite in a missing folder, read",
        ("--store", "sqlite:///{dir}/no/x.sqlite", "list"),
        frozenset({6}),
        frozenset(),
    ),
    (
        "SQLite in a missing folder, write",
        ("--store", "sqlite:///{dir}/no/x.sqlite", "nominate", "E1@P", "--reason", "r"),
        frozenset({6}),
        frozenset(),
    ),
    (
        "a missing SQLite file, read",
        ("--store", "sqlite:///{dir}/x.sqlite", "list"),
        frozenset({3}),
        frozenset(),
    ),
    (
        "a file that is not SQLite",
        ("--store", "sqlite:///{dir}/junk.sqlite", "list"),
        frozenset({6}),
        frozenset(),
    ),
    (
        "an empty SQLite file, write",
        ("--store", "sqlite:///{dir}/empty.sqlite", "role", "list"),
        frozenset({0, 3}),
        frozenset(),
    ),
    (
        "PostgreSQL on a closed port",
        ("--store", "postgresql://postgres@127.0.0.1:1/x", "list"),
        frozenset({6}),
        frozenset(),
    ),
    (
        "a missing PostgreSQL schema",
        ("--store", "{server}?schema=sf_probe_none", "list"),
        frozenset({3}),
        frozenset({"postgres"}),
    ),
    (
        "a schema name with a quote",
        ("--store", '{server}?schema=a"b', "list"),
        BAD_INPUT,
        frozenset({"postgres"}),
    ),
    ("an empty secret file", ("--secret-file", "{dir}/empty", "list"), BAD_INPUT, frozenset()),
    ("a missing secret file", ("--secret-file", "{dir}/none", "list"), BAD_INPUT, frozenset()),
    ("a folder as the secret file", ("--secret-file", "{dir}", "list"), BAD_INPUT, frozenset()),
    ("--format csv", ("--format", "csv", "list"), BAD_INPUT, frozenset()),
    ("--rules a file", ("rules", "check", "--rules", "{dir}/empty"), BAD_INPUT, frozenset()),
    (
        "--rules a missing folder",
        ("rules", "check", "--rules", "{dir}/none"),
        BAD_INPUT,
        frozenset(),
    ),
    ("import a folder", ("import", "{dir}"), BAD_INPUT, frozenset()),
    ("import a missing file", ("import", "{dir}/none.csv"), BAD_INPUT, frozenset()),
    (
        "import --skip-bad --rejects in a missing folder",
        ("import", "--skip-bad", "--rejects", "{dir}/no/r.csv", "{dir}/bad.csv"),
        BAD_INPUT,
        frozenset(),
    ),
    (
        "import --rejects a folder",
        ("import", "--skip-bad", "--rejects", "{dir}", "{dir}/bad.csv"),
        BAD_INPUT,
        frozenset(),
    ),
    (
        "audit export into a missing folder",
        ("audit", "export", "{dir}/no/x.jsonl"),
        BAD_INPUT,
        frozenset(),
    ),
    (
        "report html into a missing folder",
        ("report", "html", "{dir}/no/x.html"),
        BAD_INPUT,
        frozenset(),
    ),
)
"""(what, the command, the right codes, the backends it applies to (empty: both))."""
STORE_FILES = {
    "junk.sqlite": b"this is not a database" * 100,
    "empty.sqlite": b"",
    "empty": b"",
    "latin": b"caf\xe9",
    "bad.csv": EMPLOYEES + b"E7,Bo,Sales,0001-01-01,master,3,,\n",
}


def store_cases() -> Iterator[Case]:
    for name, args, codes, only in STORES:
        backends = only or frozenset({"sqlite", "postgres"})
        bad = 0 not in codes
        yield Case(
            "stores and options", name, args, codes, bad, files=STORE_FILES, backends=backends
        )
