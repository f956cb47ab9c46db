"""How checking and deciding grow with the number of rules in one rule set.

    .venv/bin/python -m bench.rule_counts 100 400 800 5000

For each count, a pool rule set of that many rules that can all fire (disjoint competency
bands): the seconds `rules check` spends on it (parse, validate, the search for rules that
can never fire) and the seconds of a first decision by a fresh engine (compiling it), as every
process that decides with a newly published version pays. Prints one line per count; nothing
is written. Figures on main before issue 15's fix: 400 rules 13 s, 800 rules 108 s to check.
"""

from __future__ import annotations

import sys
import time

from bench.rulesets import SHIPPED_RULES
from succession_flow.adapters.durable_engine import DurableRulesEngine
from succession_flow.formats.rulebook.loader import parse_source

POTENTIALS = ("low", "moderate", "high")


def banded_pool(count: int, extra: str = "") -> str:
    """The shipped pool rule set with `count` rules that can all fire: disjoint competency
    bands, one per potential, highest priority first."""
    text = (SHIPPED_RULES / "pool.yaml").read_text()
    head = text[: text.index("rules:\n")]
    width = 5 / ((count + 2) // 3)
    rules = []
    for n in range(count):
        band, potential = divmod(n, 3)
        rules.append(
            f"  - id: r{n}\n    priority: {count - n}\n    when:\n      all:\n"
            f'        - {{fact: competency_score, ">=": {band * width:.6f}}}\n'
            f'        - {{fact: competency_score, "<": {(band + 1) * width:.6f}}}\n'
            f'        - {{fact: potential, "==": {POTENTIALS[potential]}}}\n'
            f"    outcome: ready-3-5-years\n    reason: band {band}\n"
        )
    default = "default:\n  outcome: not-pooled\n  reason: no band\n"
    return head + "rules:\n" + "".join(rules) + extra + default


FACTS = {
    "position_id": "VP-SALES",
    "echelon": "management",
    "criticality": "high",
    "competency_score": 2.5,
    "latest_performance": "meets",
    "potential": "moderate",
    "years_experience": 6,
    "bench_size": 1,
    "target_bench": 2,
    "ready_now_in_pool": 1,
}


def measure(count: int) -> tuple[float, float]:
    """(seconds to check, seconds to compile and make a first decision)."""
    source = banded_pool(count)
    started = time.perf_counter()
    parse_source(source, "pool.yaml", "pool")
    checked = time.perf_counter()
    DurableRulesEngine().decide(source, FACTS)
    return checked - started, time.perf_counter() - checked


def main(argv: list[str]) -> int:
    for count in [int(a) for a in argv] or [100, 400, 800, 5000]:
        check, decide = measure(count)
        print(f"{count:>6,} rules: check {check:7.2f} s, compile + first decision {decide:7.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
