"""HR's YAML files and the audit's JSON inputs: each hostile document in each file kind, read
by the command that checks it and by the command that writes it (which must write nothing)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from tests.probes.cases import Case, case
from tests.probes.hostile_values import HOSTILE_JSON, HOSTILE_YAML, deep

ROOT = Path(__file__).resolve().parents[2]


def folder(name: str) -> dict[str, bytes]:
    return {f"{name}/{p.name}": p.read_bytes() for p in sorted((ROOT / name).glob("*.yaml"))}


YAML_KINDS: tuple[tuple[str, dict[str, bytes], str, tuple[tuple[str, ...], ...]], ...] = (
    (
        "rule file",
        folder("rules"),
        "rules/pool.yaml",
        (
            ("rules", "check", "--rules", "{dir}/rules"),
            ("rules", "publish", "--rules", "{dir}/rules"),
        ),
    ),
    (
        "workflow file",
        folder("workflows"),
        "workflows/management-positions.yaml",
        (
            ("workflows", "check", "--folder", "{dir}/workflows"),
            ("workflows", "publish", "--folder", "{dir}/workflows", "--note", "n"),
        ),
    ),
    (
        "plan file",
        {"plans/plan.yaml": (ROOT / "plans" / "talent-plan.yaml").read_bytes()},
        "plans/plan.yaml",
        (("plan", "check", "{dir}/plans/plan.yaml"), ("plan", "adopt", "{dir}/plans/plan.yaml")),
    ),
)
"""(kind, the shipped files, the one replaced by a hostile document, the commands reading it)."""


def yaml_cases() -> Iterator[Case]:
    for kind, shipped, target, commands in YAML_KINDS:
        for args in commands:
            verb = " ".join(args[:2])
            yield case("YAML file", f"{verb}: the shipped {kind}", args, False, shipped)
            for name, content in HOSTILE_YAML:
                files = {**shipped, target: content}
                label = f"{verb}: {kind} with {name}"
                yield case("YAML file", label, args, True, files, target.split("/")[1])


DIGEST = {"format": "succession-flow-digest", "version": 1, "events": 0, "head": "0" * 64}
BAD_DIGESTS: tuple[tuple[str, object], ...] = (
    ("a string count", {**DIGEST, "events": "many"}),
    ("a negative count", {**DIGEST, "events": -1}),
    ("a boolean count", {**DIGEST, "events": True}),
    ("a fractional count", {**DIGEST, "events": 1.5}),
    ("no head", {k: v for k, v in DIGEST.items() if k != "head"}),
    ("a numeric head", {**DIGEST, "head": 5}),
    ("a head with a newline", {**DIGEST, "head": "0\n1"}),
    ("an unknown format", {**DIGEST, "format": "x"}),
    ("version 99", {**DIGEST, "version": 99}),
    ("a list of digests", [DIGEST, DIGEST]),
)


def audit_cases() -> Iterator[Case]:
    """--since-digest files and export lines: hostile JSON, and digests wrong in one field."""
    verify = ("audit", "verify", "--since-digest", "{dir}/d.json")
    for name, content in HOSTILE_JSON:
        yield case(
            "audit input", f"--since-digest: {name}", verify, True, {"d.json": content}, "d.json"
        )
        line = content.replace(b"\n", b" ") + b"\n"
        export = ("audit", "verify", "--export", "{dir}/e.jsonl")
        yield case(
            "audit input", f"an export line: {name}", export, True, {"e.jsonl": line}, "e.jsonl"
        )
    for name, digest in BAD_DIGESTS:
        content = json.dumps(digest).encode()
        yield case(
            "audit input", f"--since-digest: {name}", verify, True, {"d.json": content}, "d.json"
        )
    yield case(
        "audit input",
        "--since-digest: a deep digest inside a valid one",
        verify,
        True,
        {
            "d.json": json.dumps({**DIGEST, "head": None}).encode()[:-1]
            + b', "x": '
            + deep(100).encode()
            + b"}"
        },
        "d.json",
    )


def file_cases() -> Iterator[Case]:
    yield from yaml_cases()
    yield from audit_cases()
