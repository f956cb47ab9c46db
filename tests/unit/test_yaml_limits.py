"""Every HR file's YAML is read within limits: a hostile or mistyped file is one problem at its
line (`origin:line: message`), never a parser's exception, a MemoryError or a RecursionError."""

from __future__ import annotations

import pytest

from succession_flow.formats.yaml_limits import MAX_ALIAS_VALUES, MAX_DEPTH, MAX_YAML_BYTES
from succession_flow.formats.yaml_source import YamlProblems, decoded_source, load_located

BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + n)}: &{chr(98 + n)} [*{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}, "
    f"*{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}, "
    f"*{chr(97 + n)}, *{chr(97 + n)}]\n"
    for n in range(6)
)
"""Ten values, then six levels of ten aliases each: 10**7 values from seven lines; refused
at the first value the aliases repeat past the budget."""


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (BOMB, f"rules.yaml:1: aliases expand to more than {MAX_ALIAS_VALUES:,} values (an alias bomb?)"),
        ("a: &a\n  b: *a\n", "rules.yaml:2: alias *a refers to a value that contains it"),
        ("x: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n", f"rules.yaml:1: nested deeper than {MAX_DEPTH} levels"),
        ("a: 1\nb: !!python/object:os.system x\n", "rules.yaml:2: unknown tag 'python/object:os.system': HR files hold plain values, lists and mappings"),
        ("a: !secret x\n", "rules.yaml:1: unknown tag '!secret': HR files hold plain values, lists and mappings"),
        ("? [a, b]\n: 1\n", "rules.yaml:1: a list cannot be a key: use a name"),
        ("? {a: 1}\n: 1\n", "rules.yaml:1: a mapping cannot be a key: use a name"),
        ("t: 1" + "0" * 400 + "\n", "rules.yaml:1: 10000000000000000000...: number too large"),
        ("t: .nan\n", "rules.yaml:1: .nan: not a finite number within ±1e+15"),
        ("t: 2.0e+15\n", "rules.yaml:1: 2.0e+15: not a finite number within ±1e+15"),
        ("when: 2025-02-30\n", "rules.yaml:1: '2025-02-30' cannot be read: day is out of range for month"),
        ("a: 1\na: 2\n", "rules.yaml:2: a: written twice in the same block"),
        ("a: 1\nb: \x00\n", "rules.yaml:2: character #x0000 is not allowed in YAML"),
        ("# only a comment\n", "rules.yaml:1: the file is empty"),
    ],
    ids=["alias-bomb", "recursive-alias", "too-deep", "python-tag", "local-tag", "list-key",
         "mapping-key", "400-digits", "nan", "too-large", "no-such-day", "duplicate-key",
         "nul-byte", "empty"],
)  # fmt: skip
def test_a_hostile_or_mistyped_file_is_one_problem_at_its_line(text: str, problem: str) -> None:
    with pytest.raises(YamlProblems) as refused:
        load_located(text, "rules.yaml")
    assert refused.value.problems == [problem]


def test_a_syntax_error_is_the_parsers_complaint_at_its_line() -> None:
    with pytest.raises(YamlProblems) as refused:
        load_located("a: [1, 2\n", "rules.yaml")
    (problem,) = refused.value.problems
    assert problem.startswith("rules.yaml:2: YAML syntax: ")
    assert "','" in problem


def test_merged_keys_may_be_overridden_and_lines_are_kept_for_every_value() -> None:
    located = load_located("base: &b {x: 1, y: 2}\nmine:\n  <<: *b\n  y: 3\n", "f.yaml")
    assert located.data == {"base": {"x": 1, "y": 2}, "mine": {"x": 1, "y": 3}}
    assert located.line_of(("mine", "y")) == 4
    assert located.line_of(("mine", "missing", 0)) == 2
    assert located.problem(("nowhere",), "bad") == "f.yaml:1: bad"


def test_a_file_too_large_or_not_utf_8_is_refused_before_it_is_parsed() -> None:
    with pytest.raises(YamlProblems) as large:
        load_located("#" * (MAX_YAML_BYTES + 1), "big.yaml")
    assert large.value.problems == [
        f"big.yaml:1: {MAX_YAML_BYTES + 1:,} characters; the limit is {MAX_YAML_BYTES:,}"
    ]
    with pytest.raises(YamlProblems) as upload:
        decoded_source(b"#" * (MAX_YAML_BYTES + 1), "upload.yaml")
    assert upload.value.problems == [
        f"upload.yaml:1: {MAX_YAML_BYTES + 1:,} bytes; the limit is {MAX_YAML_BYTES:,}"
    ]
    with pytest.raises(YamlProblems) as latin:
        decoded_source("a: 1\nname: José\n".encode("latin-1"), "upload.yaml")
    assert latin.value.problems == [
        "upload.yaml:2: not UTF-8 text (byte 0xe9): save the file as UTF-8"
    ]
    assert decoded_source("\ufeffa: 1\n".encode(), "bom.yaml") == "a: 1\n"
