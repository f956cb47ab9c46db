"""The one JSON reader: what `json.loads` would accept but no input of ours means is refused as
one line naming the file and the line where it is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from succession_flow.formats.json_source import MAX_DEPTH, JsonProblem, parse_json, read_json


def refusal(text: str | bytes, first_line: int = 1) -> str:
    with pytest.raises(JsonProblem) as refused:
        parse_json(text, "people.json", first_line)
    return str(refused.value)


def test_a_plain_record_reads_as_json_would_read_it() -> None:
    text = '[{"employee_id": "E1", "years": 12, "score": 4.5, "ok": true, "none": null}]'
    assert parse_json(text, "people.json") == [
        {"employee_id": "E1", "years": 12, "score": 4.5, "ok": True, "none": None}
    ]
    assert parse_json(text.encode(), "people.json") == parse_json(text, "people.json")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"a": 1,\n "b": NaN}', "people.json:line 2: invalid JSON: NaN is not a number"),
        ('{\n"a": 1,\n "b": -Infinity}', "people.json:line 3: invalid JSON: -Infinity is not a number"),
        ('[1,\n 2,\n {"x": 1e400}]', "people.json:line 3: invalid JSON: 1e400 is not a finite number within ±1e+15"),
        ('[1,\n 2.5e15]', "people.json:line 2: invalid JSON: 2.5e15 is not a finite number within ±1e+15"),
        ('[\n12345678901234567890123]', "people.json:line 2: invalid JSON: 12345678901234567890... is too large"),
        ('[\n2000000000000000]', "people.json:line 2: invalid JSON: 2000000000000000 is too large"),
        ('{"a": 1,\n\n\n "a": 2}', "people.json:line 4: invalid JSON: key 'a' is written twice in one object"),
        ('[{"a": 1},\n {"b": 1, "b": 2}]', "people.json:line 2: invalid JSON: key 'b' is written twice in one object"),
        ('{"a": 1,\n "b": }', "people.json:line 2: invalid JSON: Expecting value"),
    ],
    ids=["nan", "infinity", "overflow", "float-beyond-limit", "long-integer", "integer-beyond-limit", "duplicate-key", "duplicate-in-second-object", "syntax"],
)  # fmt: skip
def test_what_no_input_means_is_refused_at_its_line(text: str, message: str) -> None:
    assert refusal(text) == message


def test_a_line_of_a_longer_file_is_numbered_from_where_it_starts() -> None:
    assert (
        refusal('{"a": NaN}', first_line=7)
        == "people.json:line 7: invalid JSON: NaN is not a number"
    )


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 100_000], ids=["one-too-deep", "stack-deep"])
def test_nesting_deeper_than_the_limit_is_refused_where_it_passes_it(depth: int) -> None:
    text = '{"s": "[[[{{{\\" not nesting",\n "x": ' + "[" * depth + "]" * depth + "}"
    assert refusal(text) == (
        f"people.json:line 2: invalid JSON: nested deeper than {MAX_DEPTH} levels"
    )


def test_nesting_at_the_limit_reads() -> None:
    value = parse_json("[" * MAX_DEPTH + "]" * MAX_DEPTH, "people.json")
    for _ in range(MAX_DEPTH - 1):
        value = value[0]
    assert value == []


def test_bytes_that_are_not_utf8_are_refused_naming_the_line() -> None:
    assert refusal('[{"a": 1},\n {"name": "José"}]'.encode("latin-1")) == (
        "people.json:line 2: not UTF-8 text (byte 0xe9): save the file as UTF-8"
    )


def test_a_file_over_the_size_limit_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_text("[" + "1," * 100 + "1]")
    with pytest.raises(JsonProblem) as refused:
        read_json(path, limit=100)
    assert str(refused.value) == f"{path}:line 1: 203 bytes; the limit is 100"
    assert read_json(path) == [1] * 101


def test_a_missing_file_is_refused_as_unreadable(tmp_path: Path) -> None:
    with pytest.raises(JsonProblem) as refused:
        read_json(tmp_path / "missing.json")
    assert (
        str(refused.value)
        == f"{tmp_path / 'missing.json'}:line 1: cannot read: No such file or directory"
    )
