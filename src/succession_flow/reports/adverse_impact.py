"""`report adverse-impact`: selection rates and impact ratios of each step's rule decisions.

Counts only, never an individual's category: any reviewer may read it. The main table is the
rules' own outcomes (the automated decision being audited); overrides are a table of their own,
with the rules' outcome and the applied outcome side by side.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from succession_flow.application.audit.decisions import DecisionRecord, Record
from succession_flow.application.audit.fisher import METHOD
from succession_flow.application.audit.impact import (
    AXES,
    FOUR_FIFTHS,
    SMALL_SHARE,
    Assessed,
    AxisImpact,
    CategoryImpact,
    axis_impact,
    category_of,
    impact,
)
from succession_flow.domain.pipeline_steps import FAVOURABLE
from succession_flow.reports.report import Report, Rows

STEPS = tuple(FAVOURABLE)
"""The steps audited, in pipeline order (the step table's favourable outcomes)."""


@dataclass(frozen=True)
class Scope:
    """Which decisions: a step (None: all), a position, an echelon, one rule version."""

    step: str | None = None
    position_id: str | None = None
    echelon: str | None = None
    version: str | None = None

    def keeps(self, d: DecisionRecord) -> bool:
        return (
            (self.step is None or d.step == self.step)
            and (self.position_id is None or d.position_id == self.position_id)
            and (self.echelon is None or d.echelon == self.echelon)
            and (self.version is None or d.version.startswith(self.version))
        )

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in vars(self).items() if v is not None}


def assessed(record: Record, decisions: list[DecisionRecord], applied: bool) -> list[Assessed]:
    return [
        Assessed(
            record.demographics.get(d.employee_id, {}),
            (d.applied_outcome if applied else d.rules_outcome) in FAVOURABLE[d.step],
        )
        for d in decisions
    ]


def rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def category_value(c: CategoryImpact) -> dict[str, Any]:
    return {
        "category": c.category,
        "assessed": c.assessed,
        "selected": c.selected,
        "selection_rate": rounded(c.rate),
        "impact_ratio": rounded(c.ratio),
        "flagged": c.flagged,
        "p_value": None if c.p_value is None else float(f"{c.p_value:.4g}"),
    }


def axis_value(a: AxisImpact) -> dict[str, Any]:
    return {
        "axis": a.axis,
        "assessed": a.assessed,
        "categories": [category_value(c) for c in a.categories],
        "left_out_under_2_percent": a.left_out,
        "undisclosed": a.undisclosed,
    }


def override_rows(step: str, record: Record, decisions: list[DecisionRecord]) -> Rows:
    """Per category of every axis: how many overridden, selected by the rules and as applied."""
    if not any(d.overridden for d in decisions):
        return []
    rules = {a.axis: a for a in impact(assessed(record, decisions, applied=False))}
    applied = {a.axis: a for a in impact(assessed(record, decisions, applied=True))}
    rows: Rows = []
    for axis, by_rules in rules.items():
        as_applied = {c.category: c for c in applied[axis].categories}
        for c in by_rules.categories:
            mine = [
                d for d in decisions if d.overridden and in_category(record, d, axis, c.category)
            ]
            rows.append(
                {
                    "step": step,
                    "axis": axis,
                    "category": c.category,
                    "overridden": len(mine),
                    "selected_by_rules": c.selected,
                    "selected_as_applied": as_applied[c.category].selected,
                    "rate_by_rules": rounded(c.rate),
                    "rate_as_applied": rounded(as_applied[c.category].rate),
                }
            )
    return rows


def in_category(record: Record, d: DecisionRecord, axis: str, category: str) -> bool:
    return category_of(record.demographics.get(d.employee_id, {}), axis) == category


def step_value(step: str, record: Record, decisions: list[DecisionRecord]) -> dict[str, Any]:
    automated = [d for d in decisions if d.automated]
    people = assessed(record, automated, applied=False)
    return {
        "step": step,
        "favourable": list(FAVOURABLE[step]),
        "assessed": len(automated),
        "manual_decisions": len(decisions) - len(automated),
        "overridden": sum(d.overridden for d in automated),
        "versions": sorted({f"{d.ruleset}@{d.version[:12]}" for d in automated}),
        "axes": [axis_value(axis_impact(people, axis)) for axis in AXES],
        "overrides": override_rows(step, record, automated),
    }


def adverse_impact(record: Record, scope: Scope) -> Report:
    kept = [d for d in record.decisions if scope.keeps(d)]
    steps = [scope.step] if scope.step else list(STEPS)
    values = [step_value(s, record, [d for d in kept if d.step == s]) for s in steps]
    value = {
        "method": METHOD,
        "threshold": float(FOUR_FIFTHS),
        "left_out_below_share": SMALL_SHARE,
        "scope": scope.to_dict(),
        "steps": values,
    }
    return Report("adverse-impact", "Adverse impact", value, tables_of(values), notes_of(values))


def tables_of(values: list[dict[str, Any]]) -> list[tuple[str, Rows]]:
    main: Rows = []
    counted: Rows = []
    for step in values:
        for axis in step["axes"]:
            for c in axis["categories"]:
                main.append({"step": step["step"], "axis": axis["axis"], **flat(c)})
            counted += [
                {"step": step["step"], "axis": axis["axis"], "category": k, "assessed": n}
                for k, n in axis["left_out_under_2_percent"].items()
            ]
            counted.append(
                {
                    "step": step["step"],
                    "axis": axis["axis"],
                    "category": "(no disclosed category)",
                    "assessed": axis["undisclosed"],
                }
            )
    overrides = [row for step in values for row in step["overrides"]]
    return [
        ("selection rate and impact ratio per category (the rules' outcomes)", main),
        ("not compared: categories under 2% and people with no disclosed category", counted),
        ("overrides: the rules' outcome and the applied outcome", overrides),
    ]


def flat(c: dict[str, Any]) -> dict[str, Any]:
    return {**c, "flagged": f"below {float(FOUR_FIFTHS)}" if c["flagged"] else ""}


def notes_of(values: list[dict[str, Any]]) -> list[str]:
    notes = [
        f"selected = the step's favourable outcome; impact ratio = the category's selection rate"
        f" / the highest category's; flagged below {float(FOUR_FIFTHS)} (the four-fifths rule)",
        f"significance: {METHOD}, each category against the highest-rate category",
        "each candidacy counts once per step (its latest decision in the period);"
        " operators' manual decisions are not the rules' and are left out",
    ]
    for step in values:
        flagged = [
            f"{a['axis']}: {c['category']} ({c['impact_ratio']})"
            for a in step["axes"]
            for c in a["categories"]
            if c["flagged"]
        ]
        notes.append(
            f"{step['step']}: {step['assessed']} assessed, {step['overridden']} overridden, "
            f"{step['manual_decisions']} manual; flagged: {', '.join(flagged) or 'none'}"
        )
    return notes


__all__ = ["STEPS", "Scope", "adverse_impact"]
