"""Every shape of `when:` condition, good or bad, through the loader: a good one becomes the exact
comparison node (fact, operator, value, years, path), a bad one exactly one line naming the file,
the line of the field at fault and what is wrong with it.

Conditions are written in block style here so that each field sits on its own line: a problem
reported against the wrong field then shows up as the wrong line number.
"""

from __future__ import annotations

from textwrap import dedent, indent
from typing import Any

import pytest

from succession_flow.formats.rulebook.conditions import (
    AllOf,
    AnyOf,
    Comparison,
    Condition,
    ConditionParser,
    FactRef,
    Not,
    Param,
    comparisons_in,
)
from succession_flow.formats.rulebook.loader import parse_source
from succession_flow.formats.rulebook.model import FactSpec
from succession_flow.formats.yaml_source import Path, YamlProblems

ORIGIN = "rules/t.yaml"
OPERATORS = "<, <=, >, >=, ==, !=, in, not_in, is, present, contains"
PERFORMANCE = "does-not-meet, partially-meets, meets, exceeds, outstanding"
WHEN: Path = ("rules", 0, "when")

EVALUATION_FACTS = """\
  competency_score: {type: number, min: 0, max: 5}
  job_match: {type: number}
  echelon: {type: enum, values: [key-position, management, reserve]}
  meets_education: {type: boolean}
  position_id: {type: string}
  certifications: {type: list}
  performance: {type: ratings, years: 2}
"""
POOL_FACTS = """\
  latest_performance: {type: rating}
  performance: {type: ratings}
  potential: {type: enum, values: [low, moderate, high]}
  bench_size: {type: number}
  target_bench: {type: number}
"""
FACTS = {"evaluation": EVALUATION_FACTS, "pool": POOL_FACTS}
OUTCOMES = {"evaluation": ("pass", "fail"), "pool": ("ready-now", "not-pooled")}


def rule_set(when: str, step: str = "evaluation", before_rules: str = "", facts: str = "") -> str:
    """One rule whose `when:` is the given block; `before_rules` adds scales or parameters."""
    matched, otherwise = OUTCOMES[step]
    body = "\n" + indent(dedent(when), "      ") if ":" in when else f" {when}\n"
    return (
        f"name: t\nstep: {step}\nfacts:\n{facts or FACTS[step]}{before_rules}rules:\n"
        f"  - id: r\n    priority: 1\n    when:{body}"
        f"    outcome: {matched}\n    reason: r\n"
        f"default: {{outcome: {otherwise}, reason: d}}\n"
    )


def condition(text: str) -> Condition:
    (rule,) = parse_source(text, ORIGIN, "t").rules
    return rule.when


def problems(text: str) -> list[str]:
    with pytest.raises(YamlProblems) as raised:
        parse_source(text, ORIGIN, "t")
    return raised.value.problems


def at(text: str, marker: str, message: str) -> str:
    """The problem line `ORIGIN:N: message`, N the first line that starts with `marker`."""
    rows = enumerate(text.splitlines(), 1)
    line = next(n for n, row in rows if row.strip().startswith(marker.strip()))
    return f"{ORIGIN}:{line}: {message}"


def test_a_condition_that_is_not_a_mapping_is_reported_at_when() -> None:
    text = rule_set("high")
    assert problems(text) == [
        at(text, "when:", "a condition is a mapping: {fact: ..., OP: ...} or all/any/not")
    ]


def test_a_group_item_that_is_not_a_mapping_is_reported_at_its_own_line() -> None:
    text = rule_set("""\
        all:
          - fact: job_match
            ">=": 50
          - high
        """)
    assert problems(text) == [
        at(text, "- high", "a condition is a mapping: {fact: ..., OP: ...} or all/any/not")
    ]


@pytest.mark.parametrize("group", ["all", "any", "not"])
def test_a_group_beside_a_test_must_be_alone(group: str) -> None:
    text = rule_set(f"""\
        fact: job_match
        ">=": 50
        {group}:
          - fact: job_match
            "<": 90
        """)
    assert problems(text) == [at(text, "when:", f"`{group}` must be alone in its condition")]


@pytest.mark.parametrize(("group", "value"), [("all", "[]"), ("any", "high"), ("all", "{}")])
def test_all_and_any_need_a_non_empty_list(group: str, value: str) -> None:
    text = rule_set(f"{group}: {value}\n")
    assert problems(text) == [
        at(text, f"{group}:", f"`{group}` needs a non-empty list of conditions")
    ]


def test_a_problem_inside_not_is_reported_at_its_own_line() -> None:
    text = rule_set("""\
        not:
          fact: job_match
          ">=": high
        """)
    assert problems(text) == [at(text, '">=": high', "job_match: threshold 'high' is not a number")]


def test_a_condition_without_a_fact_says_so() -> None:
    text = rule_set("""\
        job_match: 3
        """)
    assert problems(text) == [at(text, "when:", "a condition needs `fact:` (or all / any / not)")]


def test_an_unknown_operator_is_reported_at_its_key() -> None:
    text = rule_set("""\
        fact: job_match
        "=>": 3
        """)
    assert problems(text) == [at(text, '"=>"', f"unknown operator '=>' (operators: {OPERATORS})")]


@pytest.mark.parametrize("fact", ["nope", "3"])
def test_an_unknown_fact_is_reported_at_fact_with_the_declared_ones(fact: str) -> None:
    text = rule_set(f"""\
        ">=": 3
        fact: {fact}
        """)
    declared = "certifications, competency_score, echelon, job_match, meets_education, "
    declared += "performance, position_id"
    shown = repr(int(fact)) if fact.isdigit() else repr(fact)
    assert problems(text) == [
        at(text, f"fact: {fact}", f"unknown fact {shown} (declared facts: {declared})")
    ]


@pytest.mark.parametrize(
    ("operators", "count"), [("", 0), ('"<": 90\n">": 10\n', 2)], ids=["none", "two"]
)
def test_a_test_needs_exactly_one_operator(operators: str, count: int) -> None:
    text = rule_set("fact: job_match\n" + operators)
    assert problems(text) == [
        at(text, "when:", f"job_match: give exactly one operator, not {count}")
    ]


@pytest.mark.parametrize(
    ("fact", "op", "value", "allowed"),
    [
        ("echelon", ">", "management", "==, !=, in, not_in, present"),
        ("meets_education", "<", "true", "is, ==, !=, present"),
        ("certifications", "==", "pmp", "contains, present"),
    ],
)
def test_an_operator_that_does_not_fit_the_type_is_reported_at_the_operator(
    fact: str, op: str, value: str, allowed: str
) -> None:
    text = rule_set(f'fact: {fact}\n"{op}": {value}\n')
    kind = {"echelon": "enum", "meets_education": "boolean", "certifications": "list"}[fact]
    assert problems(text) == [
        at(text, f'"{op}"', f"{fact}: operator '{op}' does not apply to a {kind} (use {allowed})")
    ]


@pytest.mark.parametrize(
    ("when", "marker", "message"),
    [
        (
            'fact: job_match\n">=": 3\neach_of_last: 2\n',
            "each_of_last",
            "job_match: `each_of_last` is only for ratings facts",
        ),
        (
            "fact: performance\npresent: true\neach_of_last: 2\n",
            "each_of_last",
            "performance: `each_of_last` does not apply to `present`",
        ),
        (
            'fact: performance\n">=": meets\neach_of_last: 3\n',
            "each_of_last",
            "performance: compare ratings with `each_of_last: N` (N from 1 to 2)",
        ),
        (
            'fact: performance\n">=": meets\neach_of_last: true\n',
            "each_of_last",
            "performance: compare ratings with `each_of_last: N` (N from 1 to 2)",
        ),
        (
            'fact: performance\n">=": meets\n',
            "when:",
            "performance: compare ratings with `each_of_last: N` (N from 1 to 2)",
        ),
    ],
)
def test_each_of_last_is_checked_at_its_own_line(when: str, marker: str, message: str) -> None:
    text = rule_set(when)
    assert problems(text) == [at(text, marker, message)]


@pytest.mark.parametrize(
    ("when", "marker", "message"),
    [
        ("fact: position_id\npresent: yes please\n", "present", "`present` is true or false"),
        ("fact: echelon\nin: management\n", "in:", "`in` needs a non-empty list of values"),
        ("fact: echelon\nnot_in: []\n", "not_in", "`not_in` needs a non-empty list of values"),
        ("fact: echelon\nin:\n  - management\n  - boss\n", "- boss", "value 'boss' is not one of key-position, management, reserve"),
        ("fact: job_match\nin:\n  - 3\n  - high\n", "- high", "value 'high' is not a number"),
        ("fact: certifications\ncontains: 3\n", "contains", "`contains` needs a text value"),
        ("fact: certifications\ncontains:\n  fact: position_id\n", "contains", "`contains` needs a text value"),
        ("fact: meets_education\nis: yes please\n", "is:", "`is` is true or false"),
        ("fact: meets_education\nis:\n  fact: meets_education\n", "is:", "`is` is true or false"),
        ('fact: job_match\n">=": high\n', '">="', "threshold 'high' is not a number"),
        ('fact: competency_score\n">": 7\n', '">"', "threshold 7 is outside competency_score's range 0..5"),
        (
            'fact: performance\n">=": great\neach_of_last: 2\n',
            '">="',
            f"threshold 'great' is not on the performance scale ({PERFORMANCE})",
        ),
        (
            'fact: job_match\n">=":\n  param: low\n  fact: job_match\n',
            '">="',
            "a value is a literal, {param: NAME} or {fact: NAME}",
        ),
        ('fact: job_match\n">=":\n  value: 3\n', '">="', "a value is a literal, {param: NAME} or {fact: NAME}"),
    ],
)  # fmt: skip
def test_a_value_that_does_not_fit_is_reported_at_its_own_line(
    when: str, marker: str, message: str
) -> None:
    text = rule_set(when)
    fact = when.split("\n", 1)[0].removeprefix("fact: ")
    assert problems(text) == [at(text, marker, f"{fact}: {message}")]


PARAMETERS = """\
parameters:
  min_score: {type: number, default: 3, by_echelon: {management: 8}}
  min_rating: {type: rating, default: meets}
  graded: {type: rating, scale: grades, default: b}
  level: {type: enum, values: [low, moderate, high, none], default: none}
  wrong_default: {type: number, default: high}
  bad_rating: {type: rating, default: great}
scales:
  grades: [c, b, a]
"""


def param_problems(fact: str, param: str, step: str = "evaluation", years: str = "") -> list[str]:
    op = "==" if fact in ("echelon", "potential") else ">="
    text = rule_set(f'fact: {fact}\n"{op}":\n  param: {param}\n{years}', step, PARAMETERS)
    own = [
        at(text, "wrong_default:", "wrong_default: default 'high' is not a number"),
        at(
            text,
            "bad_rating:",
            f"bad_rating: default 'great' is not on the performance scale ({PERFORMANCE})",
        ),
    ]
    found = problems(text)
    assert found[:2] == own  # the parameters' own problems, always first in the file
    prefix = at(text, f"  param: {param}", "")
    return [problem.replace(prefix, "@param: ") for problem in found[2:]]


def test_an_unknown_param_lists_the_declared_ones() -> None:
    declared = "bad_rating, graded, level, min_rating, min_score, wrong_default"
    assert param_problems("job_match", "nope") == [
        f"@param: unknown param 'nope' (parameters: {declared})"
    ]


@pytest.mark.parametrize(
    ("name", "shown"), [("[min_score]", "['min_score']"), ("{a: 1}", "{'a': 1}"), ("3", "3")]
)
def test_a_param_name_that_is_not_text_is_an_unknown_param_not_a_crash(
    name: str, shown: str
) -> None:
    declared = "bad_rating, graded, level, min_rating, min_score, wrong_default"
    assert param_problems("job_match", name) == [
        f"@param: unknown param {shown} (parameters: {declared})"
    ]


@pytest.mark.parametrize(
    ("other", "shown"), [("[bench_size]", "['bench_size']"), ("{a: 1}", "{'a': 1}")]
)
def test_a_fact_name_that_is_not_text_is_an_unknown_fact_not_a_crash(
    other: str, shown: str
) -> None:
    text = rule_set(f'fact: bench_size\n"<":\n  fact: {other}\n', "pool")
    assert problems(text) == [at(text, f"  fact: {other}", f"unknown fact {shown}")]


def test_an_unknown_param_says_when_none_are_declared() -> None:
    text = rule_set('fact: job_match\n">=":\n  param: nope\n')
    assert problems(text) == [
        at(text, "param: nope", "unknown param 'nope' (parameters: none declared)")
    ]


@pytest.mark.parametrize(
    ("fact", "param", "step", "message"),
    [
        ("echelon", "min_score", "evaluation", "echelon: param 'min_score' is a number, the fact a enum"),
        ("job_match", "min_rating", "evaluation", "job_match: param 'min_rating' is a rating, the fact a number"),
        ("latest_performance", "graded", "pool", "latest_performance: param 'graded' is a rating, the fact a rating"),
        ("performance", "graded", "pool", "performance: param 'graded' is a rating, the fact a ratings"),
    ],
)  # fmt: skip
def test_a_param_of_another_type_or_scale_is_refused_at_param(
    fact: str, param: str, step: str, message: str
) -> None:
    years = "each_of_last: 2\n" if fact == "performance" else ""
    assert param_problems(fact, param, step, years) == [f"@param: {message}"]


def test_every_value_of_a_number_param_must_be_in_the_facts_range() -> None:
    assert param_problems("competency_score", "min_score") == [
        "@param: competency_score: param 'min_score' value 8 is outside competency_score's range 0..5"
    ]


def test_every_value_of_an_enum_param_must_be_one_of_the_facts_values() -> None:
    assert param_problems("potential", "level", "pool") == [
        "@param: potential: param 'level' value 'none' is not one of low, moderate, high"
    ]


@pytest.mark.parametrize(
    ("fact", "param", "step"),
    [("job_match", "wrong_default", "evaluation"), ("latest_performance", "bad_rating", "pool")],
)
def test_a_param_value_of_the_wrong_type_is_reported_once_by_the_param(
    fact: str, param: str, step: str
) -> None:
    assert param_problems(fact, param, step) == []


@pytest.mark.parametrize(
    ("fact", "op", "other", "message"),
    [
        ("bench_size", "<", "nope", "unknown fact 'nope'"),
        ("bench_size", "<", "potential", "bench_size: cannot compare with potential (enum) using <"),
        ("potential", "==", "bench_size", "potential: cannot compare with bench_size (number) using =="),
    ],
)  # fmt: skip
def test_a_fact_compared_with_a_fact_of_another_type_is_refused(
    fact: str, op: str, other: str, message: str
) -> None:
    text = rule_set(f'fact: {fact}\n"{op}":\n  fact: {other}\n', "pool")
    marker = f"  fact: {other}" if other == "nope" else f'"{op}"'
    assert problems(text) == [at(text, marker, message)]


def test_ratings_compared_with_a_rating_on_another_scale_are_refused() -> None:
    facts = POOL_FACTS.replace(
        "latest_performance: {type: rating}", "latest_performance: {type: rating, scale: grades}"
    )
    text = rule_set(
        'fact: performance\n">=":\n  fact: latest_performance\neach_of_last: 1\n',
        "pool",
        "scales:\n  grades: [c, b, a]\n",
        facts,
    )  # fmt: skip
    assert problems(text) == [
        at(text, "latest_performance: {", "fact 'latest_performance' is on the performance scale"),
        at(
            text,
            '">="',
            "performance: cannot compare with latest_performance (rating) using >=",
        ),
    ]


def node(text: str) -> tuple[Condition, list[Path]]:
    found = condition(text)
    return found, [test.path for test in comparisons_in(found)]


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ('fact: competency_score\n">=": 3.5\n', Comparison("competency_score", ">=", 3.5)),
        ("fact: position_id\npresent: true\n", Comparison("position_id", "present", True)),
        ("fact: performance\npresent: false\n", Comparison("performance", "present", False)),
        (
            "fact: echelon\nin:\n  - management\n  - reserve\n",
            Comparison("echelon", "in", ("management", "reserve")),
        ),
        ("fact: job_match\nnot_in: [1, 2]\n", Comparison("job_match", "not_in", (1, 2))),
        ("fact: certifications\ncontains: pmp\n", Comparison("certifications", "contains", "pmp")),
        ("fact: meets_education\nis: true\n", Comparison("meets_education", "is", True)),
        ("fact: position_id\n'!=': p-1\n", Comparison("position_id", "!=", "p-1")),
        (
            'fact: performance\n">=": meets\neach_of_last: 2\n',
            Comparison("performance", ">=", "meets", 2),
        ),
        (
            'fact: competency_score\n">=":\n  param: min_score\n',
            Comparison("competency_score", ">=", Param("min_score")),
        ),
        (
            'fact: performance\n">=":\n  param: min_rating\neach_of_last: 1\n',
            Comparison("performance", ">=", Param("min_rating"), 1),
        ),
    ],
)
def test_a_good_test_becomes_its_comparison_at_when(when: str, expected: Comparison) -> None:
    params = (
        "parameters:\n  min_score: {type: number, default: 3}\n"
        "  min_rating: {type: rating, default: meets}\n"
    )
    found, paths = node(rule_set(when, "evaluation", params))
    assert (found, found.each_of_last, paths) == (expected, expected.each_of_last, [WHEN])  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        (
            'fact: performance\n">=":\n  fact: latest_performance\neach_of_last: 2\n',
            Comparison("performance", ">=", FactRef("latest_performance"), 2),
        ),
        (
            'fact: latest_performance\n"<":\n  fact: latest_performance\n',
            Comparison("latest_performance", "<", FactRef("latest_performance")),
        ),
        (
            'fact: bench_size\n"<":\n  fact: target_bench\n',
            Comparison("bench_size", "<", FactRef("target_bench")),
        ),
        (
            'fact: potential\n"!=":\n  fact: potential\n',
            Comparison("potential", "!=", FactRef("potential")),
        ),
    ],
)
def test_a_fact_compared_with_a_fact_of_its_kind_becomes_a_fact_reference(
    when: str, expected: Comparison
) -> None:
    found, paths = node(rule_set(when, "pool"))
    assert (found, found.each_of_last, paths) == (expected, expected.each_of_last, [WHEN])  # type: ignore[union-attr]


def test_nested_groups_keep_each_comparison_at_its_own_path() -> None:
    text = rule_set("""\
        all:
          - fact: job_match
            ">=": 50
          - any:
              - fact: meets_education
                is: true
              - not:
                  fact: echelon
                  "==": reserve
        """)
    found, paths = node(text)
    assert found == AllOf(
        (
            Comparison("job_match", ">=", 50),
            AnyOf(
                (
                    Comparison("meets_education", "is", True),
                    Not(Comparison("echelon", "==", "reserve")),
                )
            ),
        )
    )
    assert paths == [
        (*WHEN, "all", 0),
        (*WHEN, "all", 1, "any", 0),
        (*WHEN, "all", 1, "any", 1, "not"),
    ]


@pytest.mark.parametrize(
    "raw",
    [
        {"not": {"fact": "job_match", ">=": "high"}},
        {"all": [{"fact": "job_match", ">=": 1}, {"fact": "nope", ">=": 1}]},
        {"fact": "echelon", "in": ["management", "boss"]},
        {"fact": "job_match", ">=": {"param": "nope"}},
        {"fact": "job_match", ">=": 3, "each_of_last": 2},
        {"fact": "performance", "present": True, "each_of_last": 2},
        {"fact": "performance", ">=": "meets", "each_of_last": 9},
    ],
)
def test_the_parser_gives_no_condition_whenever_it_reports_a_problem(raw: Any) -> None:
    """The loader refuses a file with any problem anyway; the parser must not hand a half-checked
    condition to any other caller either."""
    reported: list[tuple[Path, str]] = []
    parser = ConditionParser(
        facts={
            "job_match": FactSpec(type="number"),
            "echelon": FactSpec(type="enum", values=["management", "reserve"]),
            "performance": FactSpec(type="ratings", years=2),
        },
        params={},
        scales={},
        check_value=lambda spec, name, value, path, what: checked(spec, value, path),
        report=lambda path, message: reported.append((path, message)),
    )

    def checked(spec: FactSpec, value: Any, path: Path) -> bool:
        allowed = ("meets", "exceeds") if spec.type == "rating" else spec.values or []
        ok = isinstance(value, int) if spec.type == "number" else value in allowed
        if not ok:
            reported.append((path, "bad value"))
        return ok

    assert parser.parse(raw, WHEN) is None
    assert len(reported) == 1
