"""Mutation testing as a gate for the audit code: run mutmut, count, account for every survivor.

Coverage says a line ran; a mutation score says a test would notice if the line were wrong. The
audit trail is the product's promise, so the modules that seal, chain and verify it are held to
>= 95% of behaviour-changing mutants killed, and the candidate lifecycle and rule conditions to
>= 90%. A survivor is either a gap in the tests (write the test) or a mutant that cannot change
behaviour (an equivalent mutant): those are listed, each with its reason, in
`docs/mutation-survivors.md`, and only they are left out of the denominator.

The script copies the tracked project into a scratch folder (mutmut writes a `mutants/` tree
beside the code it mutates), writes mutmut's configuration there for the chosen targets, runs
mutmut, and reads every mutant's status back. It exits 0 when every target is met and every
survivor is explained, 2 otherwise.

    python tools/mutation_gate.py                 # every target (about 15-30 min on 2 cores)
    python tools/mutation_gate.py --quick         # the CI job: the seal chain, SQLite only
    python tools/mutation_gate.py --target chain --show   # print each unexplained survivor's diff
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SURVIVORS_DOC = ROOT / "docs" / "mutation-survivors.md"
COPIED = ["src", "tests", "bench", "rules", "workflows", "plans", "samples", "pyproject.toml"]

AUDIT_TESTS = (
    "tests/unit/test_chain.py",
    "tests/unit/test_chain_walk.py",
    "tests/unit/test_chain_walk_edges.py",
    "tests/integration/test_seal_golden_vectors.py",
    "tests/integration/test_tamper_matrix.py",
    "tests/integration/test_audit_tampering.py",
    "tests/integration/test_verify_pages.py",
)


@dataclass(frozen=True)
class Target:
    """A module under the gate: the tests that guard it, the share of mutants they must kill."""

    name: str
    module: str
    tests: tuple[str, ...]
    required: float


TARGETS = {
    target.name: target
    for target in (
        Target("chain", "src/succession_flow/adapters/chain.py", AUDIT_TESTS, 0.95),
        Target(
            "integrity",
            "src/succession_flow/application/audit/integrity.py",
            (*AUDIT_TESTS, "tests/integration/test_long_reads_collect_by_page.py"),
            0.95,
        ),
        Target(
            "candidate",
            "src/succession_flow/domain/candidate.py",
            (
                "tests/unit/domain",
                "tests/unit/test_lifecycle_table.py",
                "tests/integration/test_lifecycle_paths.py",
                "tests/integration/test_single_step_refusals.py",
                "tests/integration/test_explain_and_decisions.py",
            ),
            0.90,
        ),
        Target(
            "conditions",
            "src/succession_flow/formats/rulebook/conditions.py",
            ("tests/unit/rules",),
            0.90,
        ),
    )
}

# The CI job: the module every stored seal depends on, against its fastest guards, SQLite only.
QUICK = Target("chain", TARGETS["chain"].module, AUDIT_TESTS, 0.95)

KILLED = {"killed", "timeout", "segfault", "suspicious"}
NOT_KILLED = {"survived", "no tests"}
EXPLAINED_ROW = re.compile(r"^\|\s*`(?P<mutant>[^`]+)`\s*\|")


@dataclass(frozen=True)
class Score:
    """What mutmut found for one target, with the survivors the document explains set apart."""

    target: Target
    killed: list[str]
    survived: list[str]
    explained: list[str]

    @property
    def behaviour_changing(self) -> int:
        return len(self.killed) + len(self.survived)

    @property
    def rate(self) -> float:
        return len(self.killed) / self.behaviour_changing if self.behaviour_changing else 1.0

    @property
    def met(self) -> bool:
        return self.rate >= self.target.required and not self.survived


def explained_survivors() -> set[str]:
    """Mutant names the survivors document explains (one table row per mutant)."""
    if not SURVIVORS_DOC.exists():
        return set()
    names = set()
    for line in SURVIVORS_DOC.read_text(encoding="utf-8").splitlines():
        match = EXPLAINED_ROW.match(line)
        if match:
            names.add(match["mutant"])
    return names


def module_prefix(target: Target) -> str:
    """mutmut names a mutant after its module's dotted path and the mutated function."""
    dotted = target.module.removeprefix("src/").removesuffix(".py").replace("/", ".")
    return dotted + "."


def scratch_copy(into: Path) -> None:
    """The tracked project only: no stores, caches or earlier `mutants/` trees."""
    tracked = subprocess.run(
        ["git", "ls-files", *COPIED], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.splitlines()
    for relative in tracked:
        source = ROOT / relative
        if source.is_file():
            destination = into / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination)


def mutmut_config(targets: list[Target], sqlite_only: bool) -> str:
    """mutmut's setup.cfg section: the whole package is importable, only the targets mutate."""
    tests = sorted({test for target in targets for test in target.tests})
    lines = ["[mutmut]", "source_paths=src", "only_mutate="]
    lines += [f"    {target.module}" for target in targets]
    lines += ["pytest_add_cli_args_test_selection="]
    lines += [f"    {test}" for test in tests]
    # mutmut's own tree holds src and tests; the tests also read these beside them
    beside = [folder for folder in COPIED if folder not in ("src", "tests")]
    lines += ["also_copy="] + [f"    {folder}" for folder in beside]
    # in mutmut's own process: it records which tests reach which function, and it runs
    # mutants in parallel itself (the suite's `-n auto` would start workers per mutant)
    lines += ["pytest_add_cli_args=-p no:randomly", "    -n", "    0"]
    if sqlite_only:
        lines += ["    -k", "    not postgres"]
    return "\n".join(lines) + "\n"


def run_mutmut(workdir: Path, jobs: int) -> dict[str, str]:
    """Run mutmut in the scratch copy and return every mutant's status by name."""
    mutmut = Path(sys.executable).with_name("mutmut")
    env = dict(os.environ)
    env.pop("CI", None)  # the copied conftest would otherwise fail when PostgreSQL is left out
    run = subprocess.run(
        [str(mutmut), "run", "--max-children", str(jobs)],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
    )
    if run.returncode != 0:
        lines = (run.stdout + run.stderr).replace("\r", "\n").splitlines()
        print("\n".join(line for line in lines[-40:] if line.strip()), file=sys.stderr)
        raise SystemExit(f"mutmut run failed (exit {run.returncode}) in {workdir}")
    listing = subprocess.run(
        [str(mutmut), "results", "--all", "true"],
        cwd=workdir,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    statuses = {}
    for line in listing.splitlines():
        name, _, status = line.strip().rpartition(": ")
        if name:
            statuses[name] = status
    return statuses


def score(target: Target, statuses: dict[str, str], explained: set[str]) -> Score:
    prefix = module_prefix(target)
    mine = {name: status for name, status in statuses.items() if name.startswith(prefix)}
    return Score(
        target=target,
        killed=sorted(name for name, status in mine.items() if status in KILLED),
        survived=sorted(
            name for name, status in mine.items() if status in NOT_KILLED and name not in explained
        ),
        explained=sorted(
            name for name, status in mine.items() if status in NOT_KILLED and name in explained
        ),
    )


def show_diff(workdir: Path, mutant: str) -> str:
    mutmut = Path(sys.executable).with_name("mutmut")
    return subprocess.run(
        [str(mutmut), "show", mutant], cwd=workdir, capture_output=True, text=True
    ).stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the CI job: the seal chain only")
    parser.add_argument("--target", action="append", choices=sorted(TARGETS), default=[])
    parser.add_argument("--jobs", type=int, default=2, help="mutants tested at once")
    parser.add_argument("--show", action="store_true", help="print unexplained survivors' diffs")
    parser.add_argument("--keep", type=Path, help="run in this folder and keep it (for browsing)")
    arguments = parser.parse_args(argv)

    targets = [QUICK] if arguments.quick else [TARGETS[name] for name in arguments.target]
    targets = targets or list(TARGETS.values())
    explained = explained_survivors()

    with tempfile.TemporaryDirectory(prefix="sf-mutation-") as scratch:
        workdir = arguments.keep or Path(scratch)
        workdir.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(workdir / "mutants", ignore_errors=True)
        scratch_copy(workdir)
        (workdir / "setup.cfg").write_text(mutmut_config(targets, arguments.quick))
        statuses = run_mutmut(workdir, arguments.jobs)
        scores = [score(target, statuses, explained) for target in targets]

        print(
            "| module | killed | survived, unexplained | equivalent (explained) | rate | target |"
        )
        print("|---|---|---|---|---|---|")
        for result in scores:
            print(
                f"| {result.target.module} | {len(result.killed)} | {len(result.survived)}"
                f" | {len(result.explained)} | {result.rate:.1%}"
                f" | >= {result.target.required:.0%} {'met' if result.met else 'MISSED'} |"
            )
        for result in scores:
            for mutant in result.survived:
                print(f"unexplained survivor: {mutant}")
                if arguments.show:
                    print(show_diff(workdir, mutant))
    return 0 if all(result.met for result in scores) else 2


if __name__ == "__main__":
    sys.exit(main())
