"""Shared by the rule tests: the shipped rule files and one engine for the whole session."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from succession_flow.adapters.durable_engine import DurableRulesEngine
from succession_flow.formats.rulebook.book import RuleBook
from succession_flow.formats.rulebook.loader import load_file

SHIPPED = Path(__file__).parents[3] / "rules"


@cache
def engine() -> DurableRulesEngine:
    return DurableRulesEngine()


@cache
def shipped(name: str) -> RuleBook:
    return load_file(SHIPPED / f"{name}.yaml")


POTENTIALS = ("low", "moderate", "high")


def banded_pool(count: int, extra: str = "") -> str:
    """The shipped pool rule set with `count` rules that can all fire: disjoint competency
    bands, one per potential, highest priority first."""
    text = (SHIPPED / "pool.yaml").read_text()
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
