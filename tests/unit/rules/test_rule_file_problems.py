"""Every problem in a rule file is reported at once, each at its own line, in file order."""

from __future__ import annotations

from pathlib import Path

import pytest

from succession_flow.cli.errors import BAD_INPUT, exit_code_for
from succession_flow.domain.errors import InvalidInput
from succession_flow.formats.rulebook.loader import load_file, load_folder
from succession_flow.formats.yaml_source import YamlProblems
from tests.unit.rules.helpers import SHIPPED

BROKEN = """\
name: evaluation
step: evaluation
hit_policy: first
facts:
  competency_score: {type: number, min: 0, max: 5}
  job_match: {type: number, min: 0, max: 100}
  bonus: {type: number}
  echelon: {type: enum, values: [key-position, management, reserve]}
  meets_education: {type: number}
parameters:
  min_competency: {type: number, min: 0, max: 5, default: 3.2, by_echelon: {key-position: 6}}
rules:
  - id: a
    priority: 10
    when: {fact: competency_scor, ">": 3}
    outcome: pass
    reason: r
  - id: a
    priority: 9
    when: {fact: job_match, "=>": 3}
    outcome: passed
    reason: r
  - id: c
    priority: 8
    when: {fact: job_match, ">=": 150}
    outcome: pass
    reason: r
  - id: d
    priority: 7
    when: {fact: competency_score, ">=": {param: min_comp}}
    outcome: pass
    reason: r
  - id: f
    priority: 5
    when: {fact: echelon, "==": boss}
    outcome: pass
    reason: r
examples:
  - name: x
    given: {job_match: high, nope: 1}
    expect: maybe
"""


def test_a_broken_file_lists_every_problem_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "evaluation.yaml"
    path.write_text(BROKEN)
    with pytest.raises(YamlProblems) as raised:
        load_file(path)
    where = str(path)
    assert raised.value.problems == [
        f"{where}:1: no `default:` — say what happens when no rule matches",
        f"{where}:7: fact 'bonus' is not provided by step evaluation (see rules/FACTS.md: certifications, competency_score, core_competence, criticality, echelon, education, failed_evaluations, has_certifications, has_prior_posts, impact_of_loss, job_match, meets_education, meets_experience, missing_certifications, missing_prior_posts, performance, position_id, potential, prior_posts, required_education, required_years, risk_of_loss, years_experience)",
        f"{where}:9: fact 'meets_education' is a boolean in step evaluation, not a number",
        f"{where}:11: min_competency: value 6 is outside min_competency's range 0..5",
        f"{where}:15: unknown fact 'competency_scor' (declared facts: bonus, competency_score, echelon, job_match, meets_education)",
        f"{where}:18: duplicate rule id 'a'",
        f"{where}:20: unknown operator '=>' (operators: <, <=, >, >=, ==, !=, in, not_in, is, present, contains)",
        f"{where}:21: outcome 'passed' is not valid for step evaluation (use pass, fail)",
        f"{where}:25: job_match: threshold 150 is outside job_match's range 0..100",
        f"{where}:30: unknown param 'min_comp' (parameters: min_competency)",
        f"{where}:35: echelon: threshold 'boss' is not one of key-position, management, reserve",
        f"{where}:40: job_match: value 'high' is not a number",
        f"{where}:40: example 'x': unknown fact 'nope'",
        f"{where}:41: outcome 'maybe' is not valid for step evaluation (use pass, fail)",
    ]


SHADOWED = """\
name: exit
step: exit
facts:
  requested_reason: {type: enum, values: [none, withdrawn, left-company, failed-examination, other]}
  failed_evaluations: {type: number, min: 0, max: 100}
  latest_performance: {type: rating}
rules:
  - id: twice
    priority: 100
    when: {fact: failed_evaluations, ">=": 2}
    outcome: exit
    reason: r
  - id: same-as-twice
    priority: 90
    when: {fact: failed_evaluations, ">=": 2}
    outcome: exit
    reason: r
  - id: contradictory
    priority: 70
    when:
      all:
        - {fact: failed_evaluations, ">": 5}
        - {fact: failed_evaluations, "<": 3}
    outcome: exit
    reason: r
  - id: weak
    priority: 60
    when: {fact: latest_performance, "<": meets}
    outcome: exit
    reason: r
  - id: always
    priority: 50
    when:
      any:
        - {fact: requested_reason, present: true}
        - {fact: requested_reason, present: false}
    outcome: stay
    reason: r
  - id: after-always
    priority: 40
    when: {fact: requested_reason, "==": withdrawn}
    outcome: exit
    reason: r
default: {outcome: stay, reason: nothing applies}
"""


def test_rules_that_can_never_fire_under_first_match_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "exit.yaml"
    path.write_text(SHADOWED)
    with pytest.raises(YamlProblems) as raised:
        load_file(path)
    assert [p.split(": ", 1)[1] for p in raised.value.problems] == [
        "rule 'same-as-twice' can never fire: every case it covers is decided first by 'twice' (priority 100)",
        "rule 'contradictory' can never fire: its condition can never be true",
        "rule 'after-always' can never fire: every case it covers is decided first by 'always' (priority 50)",
    ]
    assert [p.split(": ")[0].rsplit(":", 1)[1] for p in raised.value.problems] == ["13", "18", "39"]


def test_under_collect_only_the_contradictory_rule_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "exit.yaml"
    path.write_text(SHADOWED.replace("step: exit\n", "step: exit\nhit_policy: collect\n"))
    with pytest.raises(YamlProblems) as raised:
        load_file(path)
    assert raised.value.problems == [
        f"{path}:19: rule 'contradictory' can never fire: its condition can never be true"
    ]


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ("name: pool", "name: pools", "name 'pools' does not match the file name pool.yaml"),
        (
            "step: pool",
            "step: pooling",
            "step: Input should be 'evaluation', 'pool', 'training', 'promotion', 'exit' or "
            "'training-start'",
        ),
        (
            "hit_policy: first",
            "hit_policy: all",
            "hit_policy: Input should be 'first' or 'collect'",
        ),
        (
            "values: [low, moderate, high]}",
            "values: [low, moderate, high, huge]}",
            "fact 'potential': step pool never gives 'huge' (values: low, moderate, high)",
        ),
        (
            "criticality: {type: enum, values: [low, medium, high, critical]}",
            "criticality: {type: string}",
            "fact 'criticality' is a enum in step pool, not a string",
        ),
        (
            "  criticality: {type: enum",
            "  seniority: {type: number}\n  criticality: {type: enum",
            "fact 'seniority' is not provided by step pool (see rules/FACTS.md: bench_size, competency_score, core_competence, criticality, echelon, impact_of_loss, job_match, latest_performance, performance, position_id, potential, ready_now_in_pool, risk_of_loss, target_bench, years_experience)",
        ),
        (
            '- {fact: potential, "==": high}',
            '- {fact: potential, ">": high}',
            "potential: operator '>' does not apply to a enum (use ==, !=, in, not_in, present)",
        ),
        (
            "- {fact: criticality, in: [high, critical]}",
            "- {fact: criticality, in: high}",
            "criticality: `in` needs a non-empty list of values",
        ),
        (
            '- {fact: latest_performance, ">=": exceeds}',
            '- {fact: latest_performance, ">=": great}',
            "latest_performance: threshold 'great' is not on the performance scale (does-not-meet, partially-meets, meets, exceeds, outstanding)",
        ),
        (
            '- {fact: target_bench, ">=": 1}',
            '- {fact: target_bench, ">=": 1, each_of_last: 2}',
            "target_bench: `each_of_last` is only for ratings facts",
        ),
        (
            "- {fact: potential, present: true}",
            "- {fact: potential, present: yes please}",
            "potential: `present` is true or false",
        ),
        (
            "- {fact: potential, present: true}",
            "- {potential: high}",
            "a condition needs `fact:` (or all / any / not)",
        ),
        (
            "    default: 4.0\n",
            "    default: high\n",
            "ready_now_competency: default 'high' is not a number",
        ),
        (
            "    by_echelon: {key-position: 4.1}",
            "    by_echelon: {key: 4.1}",
            "ready_now_competency: unknown echelon 'key' (use key-position, management, reserve)",
        ),
        (
            "outcome: ready-1-2-years",
            "outcome: ready-soon",
            "outcome 'ready-soon' is not valid for step pool (use ready-now, ready-1-2-years, ready-3-5-years, not-pooled)",
        ),
        (
            "    expect: ready-1-2-years",
            "    expect: soon",
            "outcome 'soon' is not valid for step pool (use ready-now, ready-1-2-years, ready-3-5-years, not-pooled)",
        ),
        (
            "    expect_rules: [bench-full]",
            "    expect_rules: [bench-is-full]",
            "example 'a full bench takes only ready-now candidates': no rule 'bench-is-full'",
        ),
        (
            "reason: ready to take up the post now",
            "reason: ''",
            "rules.1.reason: String should have at least 1 character",
        ),
    ],
)
def test_each_mistake_in_a_shipped_file_is_reported_at_its_line(
    tmp_path: Path, old: str, new: str, problem: str
) -> None:
    text = (SHIPPED / "pool.yaml").read_text()
    assert old in text
    changed = text.replace(old, new, 1)
    line = text[: text.index(old)].count("\n") + 1
    path = tmp_path / "pool.yaml"
    path.write_text(changed)
    with pytest.raises(YamlProblems) as raised:
        load_file(path)
    assert raised.value.problems == [f"{path}:{line}: {problem}"]


def test_a_folder_reports_the_problems_of_every_file(tmp_path: Path) -> None:
    lines = {}
    for name in ("exit", "training"):
        text = (SHIPPED / f"{name}.yaml").read_text()
        (tmp_path / f"{name}.yaml").write_text(text.replace("priority: 100", "priority: high", 1))
        lines[name] = text[: text.index("priority: 100")].count("\n") + 1
    with pytest.raises(YamlProblems) as raised:
        load_folder(tmp_path)
    assert raised.value.problems == [
        f"{tmp_path}/exit.yaml:{lines['exit']}: rules.0.priority: Input should be a valid integer, unable to parse string as an integer",
        f"{tmp_path}/training.yaml:{lines['training']}: rules.0.priority: Input should be a valid integer, unable to parse string as an integer",
    ]


def test_the_shipped_rule_sets_load_cleanly() -> None:
    assert sorted(load_folder(SHIPPED)) == [
        "evaluation",
        "exit",
        "pool",
        "promotion",
        "training",
        "training-budget",
    ]


def test_a_key_written_twice_in_one_block_is_named_with_its_line(tmp_path: Path) -> None:
    shipped = (SHIPPED / "exit.yaml").read_text()
    doubled = shipped.replace("hit_policy: first", "hit_policy: first\nhit_policy: collect", 1)
    path = tmp_path / "exit.yaml"
    path.write_text(doubled)
    line = doubled.splitlines().index("hit_policy: collect") + 1
    with pytest.raises(YamlProblems) as raised:
        load_file(path)
    assert raised.value.problems == [f"{path}:{line}: hit_policy: written twice in the same block"]


def test_a_rule_file_problem_is_bad_input_that_exits_2_with_every_line_kept() -> None:
    error = YamlProblems(["rules/x.yaml:3: bad", "rules/x.yaml:5: worse"])
    assert isinstance(error, InvalidInput)
    assert (exit_code_for(error), str(error), error.problems) == (
        BAD_INPUT,
        "rules/x.yaml:3: bad\nrules/x.yaml:5: worse",
        ["rules/x.yaml:3: bad", "rules/x.yaml:5: worse"],
    )
