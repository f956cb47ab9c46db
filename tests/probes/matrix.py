"""The probe matrix: every hostile value x every input that takes it x each store x each state,
with the issue's own examples, classified as issue 15 counted them. Run it as a script:

    python -m tests.probes.matrix                      # both stores (PostgreSQL: $SUCCESSION_FLOW_TEST_PG)
    python -m tests.probes.matrix --backend sqlite -v  # one store, every failing case named

It prints the table (category x class) and exits 1 when any case crashed, hung, accepted bad
input, changed the store when refusing, or was refused with the wrong code or message;
tests/e2e/test_hostile_input_probes.py runs it in CI on both stores.
"""

from __future__ import annotations

import argparse
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

from tests.harness.backends import PG_URL, fresh_pg_schema
from tests.probes.cases import Case
from tests.probes.file_cases import file_cases
from tests.probes.hostile_inputs import EXAMPLES
from tests.probes.hr_cases import hr_cases
from tests.probes.option_cases import option_cases
from tests.probes.running import CLASSES, FAILING, Outcome, Runner
from tests.probes.state_cases import state_cases, store_cases
from tests.probes.states import states

SCOPES = ("full", "ci")
"""`full`: every case; `ci`: the first case of each group (one input of each kind per command,
every value in it), so both stores fit in CI's few minutes."""


def all_cases(scope: str = "full") -> tuple[Case, ...]:
    cases = (
        *EXAMPLES,
        *hr_cases(),
        *file_cases(),
        *option_cases(),
        *state_cases(),
        *store_cases(),
    )
    if scope == "full":
        return cases
    seen: set[str] = set()
    kept = []
    for case in cases:
        if case.group and case.group in seen:
            continue
        seen.add(case.group)
        kept.append(case)
    return tuple(kept)


SCRATCH = "/dev/shm" if Path("/dev/shm").is_dir() else None
"""Memory-backed scratch space where the machine has it: thousands of small files and SQLite
commits, none of which needs to reach a disk."""


def run_matrix(
    backend: str, new_store: Callable[[str], str], server: str = "", scope: str = "full"
) -> Iterator[Outcome]:
    """Every case of `backend` (in `scope`) in its own folder, against states built once."""
    with tempfile.TemporaryDirectory(dir=SCRATCH) as top, states(new_store, Path(top)) as built:
        runner = Runner(built, server)
        try:
            for n, case in enumerate(c for c in all_cases(scope) if backend in c.backends):
                folder = Path(top) / f"case-{n}"
                folder.mkdir()
                yield from runner.run(case, folder)
        finally:
            runner.close()


def table(outcomes: list[Outcome]) -> str:
    """Cases per category (rows) and class (columns), with the totals, as the issue gave them."""
    counts = Counter((o.case.category, o.verdict[0]) for o in outcomes)
    categories = sorted({o.case.category for o in outcomes})
    width = max(len(c) for c in (*categories, "total"))
    head = f"{'category':<{width}} | " + " | ".join(CLASSES) + " | cases"
    rows = [head, "-" * len(head)]
    for category in (*categories, "total"):
        cells = [
            sum(n for (cat, cls), n in counts.items() if cls == name and category in (cat, "total"))
            for name in CLASSES
        ]
        cells_text = " | ".join(f"{n:>{len(name)}}" for n, name in zip(cells, CLASSES, strict=True))
        rows.append(f"{category:<{width}} | {cells_text} | {sum(cells):>5}")
    return "\n".join(rows)


def failures(outcomes: list[Outcome]) -> list[str]:
    return [
        f"{o.verdict[0]}: {o.case.label} ({o.how}): {o.verdict[1]}"
        for o in outcomes
        if o.verdict[0] in FAILING
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument(
        "--scope",
        choices=SCOPES,
        default="full",
        help="full: every case; ci: one input of each kind per command.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="Name every failing case.")
    options = parser.parse_args()
    backends = ("sqlite", "postgres") if options.backend == "both" else (options.backend,)
    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory(dir=SCRATCH) as top, ExitStack() as stack:
        server = PG_URL.split("?")[0]

        def new_store(backend: str) -> Callable[[str], str]:
            if backend == "postgres":
                return lambda name: stack.enter_context(fresh_pg_schema(server))
            return lambda name: f"sqlite:///{top}/{name}.sqlite"

        for backend in backends:
            found = list(run_matrix(backend, new_store(backend), server, options.scope))
            print(f"{backend}: {len(found)} cases")
            print(table(found))
            outcomes += found
    if len(backends) > 1:
        print(f"both stores: {len(outcomes)} cases")
        print(table(outcomes))
    problems = failures(outcomes)
    for line in problems if options.verbose else problems[:20]:
        print(line)
    raise SystemExit(1 if problems else 0)


if __name__ == "__main__":
    main()
