"""Rule sets of hundreds or thousands of rules: checked in bounded time, and decided by
durable_rules without aborting the process (one durable ruleset of ~290 rules used to abort it
with `munmap_chunk(): invalid pointer`; checking grew with the cube of the rule count)."""

from __future__ import annotations

import random

import pytest
from bench.rule_counts import POTENTIALS, banded_pool

from succession_flow.formats.rulebook import evaluator
from succession_flow.formats.rulebook.loader import parse_source
from succession_flow.formats.rulebook.reachability import MAX_COVERAGE_RULES
from succession_flow.formats.yaml_source import YamlProblems
from tests.unit.rules.helpers import engine


def pool_facts(rng: random.Random) -> dict[str, object]:
    return {
        "position_id": "VP-SALES",
        "echelon": rng.choice(["key-position", "management", "reserve"]),
        "criticality": "high",
        "competency_score": round(rng.uniform(0, 5), 3),
        "latest_performance": "meets",
        "potential": rng.choice(POTENTIALS),
        "years_experience": 6,
        "bench_size": 1,
        "target_bench": 2,
        "ready_now_in_pool": 1,
    }


def test_a_rule_set_of_1000_rules_decides_like_the_plain_evaluator_without_aborting() -> None:
    source = banded_pool(1000)
    book = parse_source(source, "pool.yaml", "pool", analyse=False)
    rng = random.Random(15)
    for _ in range(200):
        facts = pool_facts(rng)
        decided = engine().decide(source, facts)
        assert (decided.outcome, decided.matched) == (
            evaluator.decide(book, facts).outcome,
            evaluator.decide(book, facts).matched,
        )
    assert engine().live_sessions() == 0


def test_above_the_coverage_limit_only_contradictions_are_checked_and_a_note_says_so() -> None:
    count = MAX_COVERAGE_RULES + 100
    book = parse_source(banded_pool(count), "pool.yaml", "pool")
    assert book.notes == (
        f"pool.yaml:50: {count:,} rules: whether a rule is decided first by the rules above it "
        f"is checked for up to {MAX_COVERAGE_RULES:,} rules; only contradictions were checked",
    )
    contradiction = (
        "  - id: impossible\n    priority: 1\n    when:\n      all:\n"
        '        - {fact: competency_score, ">=": 3}\n'
        '        - {fact: competency_score, "<": 2}\n'
        "    outcome: ready-3-5-years\n    reason: never\n"
    )
    with pytest.raises(YamlProblems) as refused:
        parse_source(banded_pool(count, contradiction), "pool.yaml", "pool")
    line = 50 + 9 * count + 1
    assert refused.value.problems == [
        f"pool.yaml:{line}: rule 'impossible' can never fire: its condition can never be true"
    ]


@pytest.mark.parametrize("count", [3, MAX_COVERAGE_RULES - 1])
def test_up_to_the_coverage_limit_a_rule_decided_first_by_those_above_is_found(
    count: int,
) -> None:
    assert parse_source(banded_pool(count), "pool.yaml", "pool").notes == ()
    shadowed = (
        "  - id: shadowed\n    priority: 0\n    when:\n      all:\n"
        '        - {fact: competency_score, ">=": 0}\n'
        '        - {fact: competency_score, "<": 0.001}\n'
        '        - {fact: potential, "==": low}\n'
        "    outcome: ready-3-5-years\n    reason: covered by r0\n"
    )
    with pytest.raises(YamlProblems) as refused:
        parse_source(banded_pool(count, shadowed), "pool.yaml", "pool")
    assert refused.value.problems == [
        f"pool.yaml:{50 + 9 * count + 1}: rule 'shadowed' can never fire: every case it covers "
        f"is decided first by 'r0' (priority {count})"
    ]
