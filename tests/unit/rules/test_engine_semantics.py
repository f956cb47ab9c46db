"""Every operator, `not`, missing facts, parameters per position and echelon, fact-to-fact
comparisons and the collect policy: the engine agrees with the plain evaluator."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from succession_flow.adapters.durable_engine import DurableRulesEngine, EngineFailure
from succession_flow.formats.rulebook import evaluator
from succession_flow.formats.rulebook.loader import parse_source
from tests.unit.rules.helpers import engine

EVERYTHING = """\
name: pool
step: pool
hit_policy: collect
facts:
  echelon: {type: enum, values: [key-position, management, reserve]}
  position_id: {type: string}
  potential: {type: enum, values: [low, moderate, high]}
  competency_score: {type: number, min: 0, max: 5}
  bench_size: {type: number, min: 0, max: 1000}
  target_bench: {type: number, min: 0, max: 1000}
  latest_performance: {type: rating}
  performance: {type: ratings, years: 3}
parameters:
  bar: {type: number, min: 0, max: 5, default: 3, by_echelon: {reserve: 2.5}, by_position: {CTO: 4.5}}
  floor: {type: rating, default: meets, by_position: {CTO: exceeds}}
rules:
  - {id: above-bar, priority: 90, when: {fact: competency_score, ">": {param: bar}}, outcome: ready-now, reason: above, set: {a: 1}}
  - id: none-of
    priority: 80
    when: {not: {any: [{fact: potential, in: [low, moderate]}, {fact: position_id, "==": CTO}]}}
    outcome: ready-1-2-years
    reason: none of
    set: {a: 2, b: true}
  - {id: not-in, priority: 70, when: {fact: potential, not_in: [high]}, outcome: ready-3-5-years, reason: not in}
  - {id: differs, priority: 60, when: {fact: position_id, "!=": VP-SALES}, outcome: not-pooled, reason: differs}
  - {id: missing, priority: 50, when: {fact: latest_performance, present: false}, outcome: not-pooled, reason: missing}
  - {id: years, priority: 40, when: {fact: performance, each_of_last: 2, "<": {param: floor}}, outcome: not-pooled, reason: years}
  - {id: not-years, priority: 35, when: {not: {fact: performance, each_of_last: 3, ">=": meets}}, outcome: not-pooled, reason: not years}
  - {id: rated-in, priority: 30, when: {fact: latest_performance, in: [exceeds, outstanding]}, outcome: ready-now, reason: rated in}
  - {id: full, priority: 20, when: {fact: bench_size, ">=": {fact: target_bench}}, outcome: not-pooled, reason: full}
  - {id: not-full, priority: 15, when: {not: {fact: bench_size, "<": {fact: target_bench}}}, outcome: not-pooled, reason: not full}
  - {id: exact, priority: 10, when: {all: [{fact: competency_score, "==": 3}, {fact: bench_size, "<=": 2}]}, outcome: ready-now, reason: exact}
  - {id: ratings-there, priority: 5, when: {fact: performance, present: true}, outcome: ready-now, reason: there}
default: {outcome: not-pooled, reason: nothing, set: {a: 0}}
"""


def random_facts(rng: random.Random) -> dict[str, Any]:
    labels = ["does-not-meet", "partially-meets", "meets", "exceeds", "outstanding", None]
    facts = {
        "echelon": rng.choice(["key-position", "management", "reserve", None]),
        "position_id": rng.choice(["CTO", "VP-SALES", "HEAD-HR", None]),
        "potential": rng.choice(["low", "moderate", "high", None]),
        "competency_score": rng.choice([2.5, 3, 3.0, 4.5, 4.51, 2.49, rng.uniform(0, 5), None]),
        "bench_size": rng.choice([0, 1, 2, 3, None]),
        "target_bench": rng.choice([0, 2, 3, None]),
        "latest_performance": rng.choice(labels),
        "performance": rng.choice([None, [rng.choice(labels) for _ in range(rng.randint(0, 3))]]),
    }
    return {k: v for k, v in facts.items() if v is not None or rng.random() < 0.5}


def test_the_engine_agrees_with_the_evaluator_on_every_operator() -> None:
    book = parse_source(EVERYTHING, "everything.yaml")
    rng = random.Random(7)
    seen: set[str] = set()
    for _ in range(3000):
        facts = random_facts(rng)
        decided = engine().decide(EVERYTHING, facts)
        assert decided == evaluator.decide(book, facts), facts
        seen.update(decided.matched)
    assert seen == {r.id for r in book.rules}
    assert engine().live_sessions() == 0


def test_collect_gives_the_first_outcome_all_reasons_and_merged_attributes() -> None:
    facts = {
        "competency_score": 4,
        "potential": "high",
        "position_id": "HEAD-HR",
        "echelon": "management",
        "latest_performance": "exceeds",
    }
    decision = engine().decide(EVERYTHING, facts)
    assert (decision.outcome, decision.matched, decision.reason, decision.attributes) == (
        "ready-now",
        ("above-bar", "none-of", "differs", "not-years", "rated-in", "not-full"),
        "above; none of; differs; not years; rated in; not full",
        {"a": 1, "b": True},
    )


@pytest.mark.parametrize(
    ("position", "echelon", "score", "above"),
    [
        ("CTO", "reserve", 4.4, False),
        ("CTO", "reserve", 4.6, True),
        ("X", "reserve", 2.6, True),
        ("X", "management", 2.6, False),
        ("X", None, 3.1, True),
    ],
)
def test_a_position_parameter_beats_the_echelon_which_beats_the_default(
    position: str, echelon: str | None, score: float, above: bool
) -> None:
    facts = {"position_id": position, "echelon": echelon, "competency_score": score}
    assert ("above-bar" in engine().decide(EVERYTHING, facts).matched) is above


def test_facts_of_the_wrong_type_are_refused_by_name() -> None:
    with pytest.raises(
        Exception,
        match="rule set pool: fact latest_performance: 'great' is not on the performance scale",
    ):
        engine().decide(EVERYTHING, {"latest_performance": "great"})


class BrokenAction(DurableRulesEngine):
    def _action(self, rule_id: str) -> Any:
        def fail(c: Any) -> None:
            raise RuntimeError(f"boom in {rule_id}")

        return fail


def test_an_action_that_fails_raises_our_error_and_leaves_no_session(tmp_path: Path) -> None:
    source = EVERYTHING.replace("name: pool", "name: pool\ndescription: broken copy")
    with pytest.raises(EngineFailure, match="rule set pool: exception caught boom in"):
        BrokenAction().decide(source, {"competency_score": 4.9})
    assert engine().live_sessions() == 0
    assert engine().decide(EVERYTHING, {"competency_score": 4.9}).matched[0] == "above-bar"
