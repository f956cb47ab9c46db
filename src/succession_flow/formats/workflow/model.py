"""The shape of a workflow file, validated by pydantic so every mistake names its field."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from succession_flow.domain.lifecycle import LEVELS, RATINGS, State
from succession_flow.domain.pipeline_steps import JUDGEMENT_STEPS, STEP_OF_RULESET

__all__ = ["JUDGEMENT_STEPS", "STEP_OF_RULESET", "Workflow"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Stage(Strict):
    due_days: int = Field(ge=1, le=3650, description="Days a candidate may stay in this stage.")


class Nomination(Strict):
    """Who `run nominate` puts forward: the post's requirements, plus these."""

    min_latest_rating: str = "meets"
    potential: list[str] = Field(default_factory=lambda: list(LEVELS))
    max_per_position: int = Field(default=5, ge=1, le=1000)

    @field_validator("min_latest_rating")
    @classmethod
    def known_rating(cls, value: str) -> str:
        if value not in RATINGS:
            raise ValueError(f"{value!r} is not one of {', '.join(RATINGS)}")
        return value

    @field_validator("potential")
    @classmethod
    def known_levels(cls, value: list[str]) -> list[str]:
        for level in value:
            if level not in LEVELS:
                raise ValueError(f"{level!r} is not one of {', '.join(LEVELS)}")
        return value


class Training(Strict):
    period_days: int = Field(ge=7, le=3650)
    courses: dict[str, list[str]] = Field(description="Required courses per position family.")

    @model_validator(mode="after")
    def has_default(self) -> Training:
        if "default" not in self.courses:
            raise ValueError("courses: needs a 'default' list for families not named")
        for family, listed in self.courses.items():
            if not listed:
                raise ValueError(f"courses.{family}: lists no course")
            if len(set(listed)) != len(listed):
                raise ValueError(f"courses.{family}: a course is listed twice")
        return self

    def courses_for(self, family: str) -> list[str]:
        return list(self.courses.get(family, self.courses["default"]))


class Workflow(Strict):
    name: str = Field(min_length=1)
    description: str = ""
    echelon: Literal["key-position", "management", "reserve"]
    stages: dict[str, Stage]
    transitions: dict[str, str] = Field(description="Judgement step -> rule set name.")
    nomination: Nomination = Field(default_factory=Nomination)
    nomination_approval: Literal["required", "none"] = Field(
        default="none",
        description="required: a nomination is proposed until an approver approves it.",
    )
    training: Training
    reserve_need: int = Field(
        ge=0, le=1000, description="Target bench for positions that set none."
    )
    adverse_impact: Literal["report", "refuse"] = Field(
        default="report",
        description="refuse: `rules publish` refuses a version that flags a new category.",
    )

    @field_validator("stages")
    @classmethod
    def known_stages(cls, value: dict[str, Stage]) -> dict[str, Stage]:
        active = [s.value for s in State if s not in (State.PROMOTED, State.EXITED)]
        for name in value:
            if name not in active:
                raise ValueError(f"unknown stage {name!r} (stages: {', '.join(active)})")
        return value

    @field_validator("transitions")
    @classmethod
    def known_steps(cls, value: dict[str, str]) -> dict[str, str]:
        for step in value:
            if step not in JUDGEMENT_STEPS:
                raise ValueError(f"unknown step {step!r} (steps: {', '.join(JUDGEMENT_STEPS)})")
        missing = [s for s in JUDGEMENT_STEPS if s not in value]
        if missing:
            raise ValueError(f"no rule set for {', '.join(missing)}")
        return value
