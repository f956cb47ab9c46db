"""The facts `rules explain` reads: a YAML or JSON mapping, or a recorded decision (its
`facts:`), and anything else one line naming the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from succession_flow.application.hr_files.rule_inspection import read_facts
from succession_flow.domain.errors import InvalidInput


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("facts.yaml", "failed_evaluations: 2\nrequested_reason: none\n"),
        ("facts.json", '{"failed_evaluations": 2, "requested_reason": "none"}'),
        ("decision.json", '{"outcome": "exit", "facts": {"failed_evaluations": 2, '
                          '"requested_reason": "none"}, "rules": ["x"]}'),
    ],
    ids=["yaml", "json", "recorded-decision"],
)  # fmt: skip
def test_facts_are_read_from_a_mapping_or_from_a_recorded_decision(
    tmp_path: Path, name: str, text: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert read_facts(path) == {"failed_evaluations": 2, "requested_reason": "none"}


def test_a_number_as_a_fact_name_becomes_its_text(tmp_path: Path) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text("2025: meets\n", encoding="utf-8")
    assert read_facts(path) == {"2025": "meets"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- a\n- b\n", ": expected a mapping of fact names to values"),
        ('"plain text"\n', ": expected a mapping of fact names to values"),
        ("a: [unclosed\n", ":"),
    ],
    ids=["list", "text", "broken-yaml"],
)
def test_facts_that_are_not_a_mapping_are_refused_naming_the_file(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput) as refused:
        read_facts(path)
    assert str(refused.value).startswith(f"{path}{message}")
