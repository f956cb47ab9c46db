"""Hostile or careless YAML in any HR file (rules, workflows, plans, facts) is one located line,
exit 2, and nothing written: it used to be exit 1 `MemoryError`, `RecursionError`,
`ConstructorError`, `TypeError`, `UnicodeDecodeError`, `ReaderError` or `OverflowError`, or a
hang, depending on the trick."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from succession_flow.formats.yaml_limits import MAX_YAML_BYTES
from tests.e2e.cli_helpers import event_count, run
from tests.e2e.rules_setup import SHIPPED, rules_copy
from tests.harness.backends import BACKENDS

ROOT = Path(__file__).parents[2]
CLI = str(Path(sys.executable).parent / "succession-flow")
TWO_COMMENTS = b"# HR wrote this\n# and this\n"
"""Every hostile value starts on line 3, so the tests also prove the line is counted."""

ALIAS_BOMB = b"lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + b"".join(
    b"lol%d: &l%d [%s]\n" % (n, n, b", ".join([b"*l%d" % (n - 1)] * 10)) for n in range(1, 10)
)

HOSTILE: list[tuple[str, bytes, str]] = [
    ("an alias bomb", ALIAS_BOMB, "aliases expand to more than 100,000 values (an alias bomb?)"),
    ("5,000-deep nesting", b"x: " + b"[" * 5000 + b"]" * 5000 + b"\n", "nested deeper than 64 levels"),
    ("a recursive alias", b"x: &me [1, *me]\n", "alias *me refers to a value that contains it"),
    ("a recursive merge", b"x: &me {<<: *me}\n", "alias *me refers to a value that contains it"),
    ("an unknown tag", b"x: !secret pool\n", "unknown tag '!secret': HR files hold plain values, lists and mappings"),
    ("a python tag", b"x: !!python/object:os.system ls\n", "unknown tag 'python/object:os.system': HR files hold plain values, lists and mappings"),
    ("a binary value", b"x: !!binary aGVsbG8=\n", "unknown tag 'binary': HR files hold plain values, lists and mappings"),
    ("a list as a key", b"[a, b]: 1\n", "a list cannot be a key: use a name"),
    ("a mapping as a key", b"? {a: 1}\n: 1\n", "a mapping cannot be a key: use a name"),
    ("Latin-1 bytes", "x: Sélection\n".encode("latin-1"), "not UTF-8 text (byte 0xe9): save the file as UTF-8"),
    ("a NUL byte", b"x: a\x00b\n", "character #x0000 is not allowed in YAML"),
    ("a 10^400 number", b"x: 1" + b"0" * 400 + b"\n", "10000000000000000000...: number too large"),
    ("a 5,000-digit number", b"x: 1" + b"0" * 5000 + b"\n", "10000000000000000000...: number too large"),
    ("an infinite float", b"x: 1.0e+400\n", "1.0e+400: not a finite number within ±1e+15"),
    ("not a number", b"x: .nan\n", ".nan: not a finite number within ±1e+15"),
    ("a year 0 date", b"x: 0000-01-01\n", "'0000-01-01' cannot be read: year 0 is out of range"),
]  # fmt: skip


def hostile(valid: Path, prefix: bytes) -> bytes:
    return TWO_COMMENTS + prefix + valid.read_bytes()


pytestmark = pytest.mark.backends("sqlite")  # refused before the store is opened


@pytest.mark.parametrize("_name, prefix, message", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_a_hostile_rule_file_is_one_located_line_and_exit_2(
    _name: str, prefix: bytes, message: str, tmp_path: Path, url: str
) -> None:
    rules = rules_copy(tmp_path)
    pool = rules / "pool.yaml"
    pool.write_bytes(hostile(SHIPPED / "pool.yaml", prefix))
    result = run(url, "rules", "check", "--rules", str(rules))
    assert (result.exit_code, result.stderr) == (2, f"{pool}:3: {message}\n")


@pytest.mark.parametrize("_name, prefix, message", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_a_hostile_workflow_plan_or_facts_file_is_one_located_line_and_exit_2(
    _name: str, prefix: bytes, message: str, tmp_path: Path, url: str
) -> None:
    workflows = tmp_path / "workflows"
    shutil.copytree(ROOT / "workflows", workflows)
    workflow = workflows / "key-positions.yaml"
    workflow.write_bytes(hostile(ROOT / "workflows" / "key-positions.yaml", prefix))
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(hostile(ROOT / "plans" / "talent-plan.yaml", prefix))
    facts = tmp_path / "facts.yaml"
    facts.write_bytes(TWO_COMMENTS + prefix + b"competency_score: 4\n")
    commands = {
        workflow: ["workflows", "check", "--folder", str(workflows), "--rules", str(SHIPPED)],
        plan: ["plan", "check", str(plan)],
        facts: ["rules", "explain", "pool", "--file", "--rules", str(SHIPPED), "--facts", str(facts)],
    }  # fmt: skip
    for path, command in commands.items():
        result = run(url, *command)
        assert (result.exit_code, result.stderr) == (2, f"error: {path}:3: {message}\n")


@pytest.mark.backends(*BACKENDS)  # the write is refused on both stores
def test_a_hostile_rule_file_publishes_nothing_on_either_store(
    store_url: str, tmp_path: Path
) -> None:
    rules = rules_copy(tmp_path)
    (rules / "pool.yaml").write_bytes(hostile(SHIPPED / "pool.yaml", ALIAS_BOMB))
    before = event_count(store_url)
    result = run(store_url, "rules", "publish", "--rules", str(rules), "--note", "bomb")
    assert result.exit_code == 2
    assert "aliases expand to more than 100,000 values" in result.stderr
    assert event_count(store_url) == before


def test_an_alias_bomb_ends_a_real_process_with_exit_2_not_a_memory_error(
    tmp_path: Path, url: str
) -> None:
    rules = rules_copy(tmp_path)
    (rules / "pool.yaml").write_bytes(hostile(SHIPPED / "pool.yaml", ALIAS_BOMB))
    done = subprocess.run(
        [CLI, "--store", url, "rules", "check"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (done.returncode, done.stderr) == (
        2,
        "rules/pool.yaml:3: aliases expand to more than 100,000 values (an alias bomb?)\n",
    )


def test_the_shipped_rules_with_their_anchors_and_merges_still_load(
    tmp_path: Path, url: str
) -> None:
    result = run(url, "rules", "check", "--rules", str(SHIPPED))
    assert result.exit_code == 0
    assert result.stdout.startswith(f"ok: 6 rule sets in {SHIPPED}")


def test_rules_status_names_a_latin1_rule_file_instead_of_crashing(
    tmp_path: Path, url: str
) -> None:
    rules = rules_copy(tmp_path)
    pool = rules / "pool.yaml"
    pool.write_bytes(hostile(SHIPPED / "pool.yaml", "x: Sélection\n".encode("latin-1")))
    assert run(url, "init").exit_code == 0  # status compares with a store: reads never make one
    result = run(url, "rules", "status", "--rules", str(rules))
    assert (result.exit_code, result.stderr) == (
        2,
        f"error: {pool}:3: not UTF-8 text (byte 0xe9): save the file as UTF-8\n",
    )


def test_a_rule_file_larger_than_the_limit_is_refused_before_it_is_read(
    tmp_path: Path, url: str
) -> None:
    rules = rules_copy(tmp_path)
    pool = rules / "pool.yaml"
    pool.write_bytes(SHIPPED.joinpath("pool.yaml").read_bytes() + b"#" * MAX_YAML_BYTES)
    size = pool.stat().st_size
    result = run(url, "rules", "check", "--rules", str(rules))
    assert (result.exit_code, result.stderr) == (
        2,
        f"{pool}:1: {size:,} bytes; the limit is {MAX_YAML_BYTES:,}\n",
    )
