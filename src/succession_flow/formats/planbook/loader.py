"""Read a plan file: YAML with line numbers, then the pydantic model; problems say FILE:LINE."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pydantic import ValidationError

from succession_flow.formats.planbook.model import TalentPlanSpec
from succession_flow.formats.yaml_source import (
    YamlProblems,
    load_located,
    pydantic_problems,
    read_source,
)


def parse_plan(text: str, origin: str, anchor: date | None = None) -> TalentPlanSpec:
    """`anchor`: the day relative dates (`+90d`) count from; today when None."""
    located = load_located(text, origin)
    try:
        return TalentPlanSpec.model_validate(located.data, context={"anchor": anchor})
    except ValidationError as error:
        raise YamlProblems(pydantic_problems(located, error)) from error


def load_plan(path: Path, anchor: date | None = None) -> tuple[TalentPlanSpec, str]:
    """The checked plan and its exact text (the text is recorded when the plan is adopted)."""
    text = read_source(path)
    return parse_plan(text, str(path), anchor), text
