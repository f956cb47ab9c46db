"""The shape of a talent plan file (plans/*.yaml), validated by pydantic field by field.

A plan follows the five steps HR formulates it in: an overall goal, sub-goals for units and
people, implementation stages with tasks, a safeguard plan (budget, hours, people, materials),
and the balance of training cost against the budget (a course cost catalogue).

Every date may be written relative to the day the plan is adopted: `+0d`, `+90d`, `+6w`,
`+18m` (days, weeks, calendar months). A rolling plan (like the shipped sample) then never
expires; it is resolved to calendar dates when it is adopted, so the recorded plan, its status
and its audit trail only ever hold calendar dates. Validated with the context key `anchor`
(the adoption day; today when none is given).
"""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date, timedelta
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from succession_flow.domain.lifecycle import Echelon, Readiness

ECHELONS = tuple(e.value for e in Echelon)
READINESS = tuple(r.value for r in Readiness)
CODE = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"


RELATIVE = re.compile(r"^\+(\d{1,4})([dwm])$")


def shifted(anchor: date, count: int, unit: str) -> date:
    if unit == "m":
        months = anchor.month - 1 + count
        year, month = anchor.year + months // 12, months % 12 + 1
        return date(year, month, min(anchor.day, monthrange(year, month)[1]))
    return anchor + timedelta(days=count * (7 if unit == "w" else 1))


def relative_day(value: Any, info: ValidationInfo) -> Any:
    """`+Nd` / `+Nw` / `+Nm` from the adoption day; anything else is parsed as a date."""
    found = RELATIVE.match(value.strip()) if isinstance(value, str) else None
    if found is None:
        return value
    anchor = (info.context or {}).get("anchor") or date.today()
    return shifted(anchor, int(found[1]), found[2])


Day = Annotated[date, BeforeValidator(relative_day)]
"""A calendar date, or one relative to the adoption day (`+180d`)."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Period(Strict):
    start: Day
    end: Day

    @model_validator(mode="after")
    def ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


class BenchGoal(Strict):
    """Every position in scope has this many successors in its pool, so many of them ready now."""

    id: str = Field(pattern=CODE)
    description: str = ""
    echelon: str | None = None
    unit: str | None = None
    positions: list[str] = Field(default_factory=list)
    successors_per_position: int = Field(default=2, ge=0, le=100)
    ready_now_per_position: int = Field(default=1, ge=0, le=100)
    by: Day

    @field_validator("echelon")
    @classmethod
    def known_echelon(cls, value: str | None) -> str | None:
        if value is not None and value not in ECHELONS:
            raise ValueError(f"{value!r} is not one of {', '.join(ECHELONS)}")
        return value

    @model_validator(mode="after")
    def consistent(self) -> BenchGoal:
        if self.ready_now_per_position > self.successors_per_position:
            raise ValueError("ready_now_per_position is more than successors_per_position")
        return self


class PersonGoal(Strict):
    """One candidate reaches a readiness (or better) by a date."""

    id: str = Field(pattern=CODE)
    description: str = ""
    candidate: str = Field(pattern=r"^[^@\s]+@[^@\s]+$")
    readiness: str = "ready-now"
    by: Day

    @field_validator("readiness")
    @classmethod
    def known_readiness(cls, value: str) -> str:
        if value not in READINESS:
            raise ValueError(f"{value!r} is not one of {', '.join(READINESS)}")
        return value


class Task(Strict):
    id: str = Field(pattern=CODE)
    title: str = Field(min_length=1)
    due: Day
    owner: str = ""


class Stage(Strict):
    id: str = Field(pattern=CODE)
    title: str = Field(min_length=1)
    due: Day
    tasks: list[Task] = Field(default_factory=list)

    @model_validator(mode="after")
    def tasks_within_stage(self) -> Stage:
        for task in self.tasks:
            if task.due > self.due:
                raise ValueError(f"task {task.id} is due {task.due}, after its stage ({self.due})")
        return self


class Course(Strict):
    cost: float = Field(ge=0)
    hours: float = Field(default=0, ge=0)


class Safeguards(Strict):
    """The resources the plan depends on: money, time, people, materials."""

    currency: str = "EUR"
    training_budget: float = Field(ge=0)
    training_hours: float = Field(default=0, ge=0)
    people: list[str] = Field(default_factory=list)
    materials: list[str] = Field(default_factory=list)


class TalentPlanSpec(Strict):
    id: str = Field(pattern=CODE)
    title: str = Field(min_length=1)
    period: Period
    goal: BenchGoal
    sub_goals: list[BenchGoal] = Field(default_factory=list)
    individual_goals: list[PersonGoal] = Field(default_factory=list)
    stages: list[Stage] = Field(default_factory=list)
    safeguards: Safeguards
    courses: dict[str, Course] = Field(default_factory=dict)

    @model_validator(mode="after")
    def unique_ids(self) -> TalentPlanSpec:
        goals = (
            [self.goal.id] + [g.id for g in self.sub_goals] + [g.id for g in self.individual_goals]
        )
        tasks = [t.id for s in self.stages for t in s.tasks] + [s.id for s in self.stages]
        for kind, ids in (("goal", goals), ("stage or task", tasks)):
            repeated = sorted({i for i in ids if ids.count(i) > 1})
            if repeated:
                raise ValueError(f"{kind} id {repeated[0]!r} is used twice")
        return self

    def task_ids(self) -> list[str]:
        return [t.id for s in self.stages for t in s.tasks]

    def to_data(self) -> dict[str, Any]:
        """Plain JSON values, as the adoption event stores them."""
        return self.model_dump(mode="json")
