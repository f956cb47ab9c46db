"""The shape of a rule set file, validated by pydantic so every mistake names its field.

Conditions (`when:`) are left raw here and parsed by `conditions.py`, which knows the declared
facts and can say which fact, operator or parameter is wrong, on its own line.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

NAME = r"^[a-z][a-z0-9_-]{0,63}$"
FACT_NAME = r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$"
"""Fact and parameter names: lower case words joined by single underscores (no `__`)."""

FactType = Literal["boolean", "number", "string", "enum", "rating", "ratings", "list"]
ParamType = Literal["boolean", "number", "string", "enum", "rating"]
StepName = Literal["evaluation", "pool", "training", "promotion", "exit", "training-start"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Typed(Strict):
    """What fact and parameter declarations share: a type and the values it allows."""

    min: float | None = None
    max: float | None = None
    values: list[str] | None = None
    scale: str | None = None
    description: str = ""

    @model_validator(mode="after")
    def fits_its_type(self) -> Typed:
        kind = getattr(self, "type")  # noqa: B009 - declared by the subclasses
        if kind == "enum" and not self.values:
            raise ValueError("an enum needs `values: [...]`")
        if kind != "enum" and self.values is not None:
            raise ValueError(f"`values` is only for enums, not {kind}")
        if kind != "number" and (self.min is not None or self.max is not None):
            raise ValueError(f"`min`/`max` are only for numbers, not {kind}")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min {self.min:g} is above max {self.max:g}")
        if kind not in ("rating", "ratings") and self.scale is not None:
            raise ValueError(f"`scale` is only for ratings, not {kind}")
        return self

    @property
    def scale_name(self) -> str:
        return self.scale or "performance"


class FactSpec(Typed):
    type: FactType
    years: int | None = Field(default=None, ge=1, le=20)

    @model_validator(mode="after")
    def years_for_ratings(self) -> FactSpec:
        if self.type != "ratings" and self.years is not None:
            raise ValueError("`years` is only for ratings")
        return self

    @property
    def year_count(self) -> int:
        return self.years or 3


class ParamSpec(Typed):
    type: ParamType
    default: Any
    by_echelon: dict[str, Any] = Field(default_factory=dict)
    by_position: dict[str, Any] = Field(default_factory=dict)


class RuleSpec(Strict):
    id: str = Field(pattern=NAME)
    priority: int = Field(ge=-1_000_000, le=1_000_000)
    when: Any
    outcome: str
    reason: str = Field(min_length=1)
    set: dict[str, Any] = Field(default_factory=dict)
    description: str = ""


class DefaultSpec(Strict):
    outcome: str
    reason: str = Field(min_length=1)
    set: dict[str, Any] = Field(default_factory=dict)


class ExampleSpec(Strict):
    name: str = Field(min_length=1)
    given: dict[str, Any]
    expect: str
    expect_rules: list[str] | None = None
    expect_set: dict[str, Any] | None = None


class RuleSetFile(Strict):
    name: str = Field(pattern=NAME)
    step: StepName
    description: str = ""
    hit_policy: Literal["first", "collect"] = "first"
    facts: dict[str, FactSpec]
    scales: dict[str, list[str]] = Field(default_factory=dict)
    parameters: dict[str, ParamSpec] = Field(default_factory=dict)
    rules: list[RuleSpec] = Field(min_length=1)
    default: DefaultSpec | None = None
    examples: list[ExampleSpec] = Field(default_factory=list)
