"""Adverse impact of one step's decisions: selection rate and impact ratio per category.

The figures of NYC Local Law 144's bias audit and of the four-fifths rule (29 CFR 1607.4(D)):
for each self-identified category, and for each intersection of sex and race/ethnicity, how
many were assessed, how many were selected (the step's favourable outcome), the selection
rate, and the ratio of that rate to the highest category's rate; a ratio below 0.8 is flagged.
Fisher's exact test says how likely a difference that large is by chance. Categories holding
under 2% of the people assessed are left out of the comparison but counted, and so are the
people who disclosed no category. Pure arithmetic: the same function serves the report, the
simulation of a rule change and the check before publishing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from succession_flow.application.audit.fisher import fisher_exact
from succession_flow.domain.demographics import DIMENSIONS, INTERSECTION, NOT_DISCLOSED

FOUR_FIFTHS = Fraction(4, 5)
"""Compared exactly: rates and ratios are fractions until shown, so 0.64 / 0.8 is not flagged."""
SMALL_SHARE = 0.02
AXES = (*DIMENSIONS, INTERSECTION)
"""What is compared: each dimension alone, then sex x race/ethnicity."""


@dataclass(frozen=True)
class Assessed:
    """One person assessed at a step: their categories and whether the outcome selected them."""

    categories: Mapping[str, str]
    selected: bool


@dataclass(frozen=True)
class CategoryImpact:
    axis: str
    category: str
    assessed: int
    selected: int
    exact_rate: Fraction
    exact_ratio: Fraction | None
    """Against the highest rate among the categories compared (None: nobody was selected)."""
    p_value: float | None
    """Fisher's exact test against the highest-rate category (None for that category)."""

    @property
    def rate(self) -> float:
        return float(self.exact_rate)

    @property
    def ratio(self) -> float | None:
        return None if self.exact_ratio is None else float(self.exact_ratio)

    @property
    def flagged(self) -> bool:
        return self.exact_ratio is not None and self.exact_ratio < FOUR_FIFTHS


@dataclass(frozen=True)
class AxisImpact:
    axis: str
    assessed: int
    categories: list[CategoryImpact]
    left_out: dict[str, int] = field(default_factory=dict)
    """Categories under 2% of those assessed: not compared, but counted."""
    undisclosed: int = 0

    def flagged(self) -> list[str]:
        return [c.category for c in self.categories if c.flagged]

    def ratios(self) -> dict[str, float | None]:
        return {c.category: c.ratio for c in self.categories}


def category_of(categories: Mapping[str, str], axis: str) -> str:
    """The person's category on an axis; an intersection needs both parts disclosed."""
    if axis != INTERSECTION:
        return categories.get(axis, NOT_DISCLOSED)
    parts = [categories.get(d, NOT_DISCLOSED) for d in DIMENSIONS]
    return NOT_DISCLOSED if NOT_DISCLOSED in parts else " / ".join(parts)


def axis_impact(people: Iterable[Assessed], axis: str) -> AxisImpact:
    counts: dict[str, list[int]] = {}
    everyone = list(people)
    for person in everyone:
        tally = counts.setdefault(category_of(person.categories, axis), [0, 0])
        tally[0] += 1
        tally[1] += int(person.selected)
    undisclosed = counts.pop(NOT_DISCLOSED, [0, 0])[0]
    floor = SMALL_SHARE * len(everyone)
    compared = {k: v for k, v in counts.items() if v[0] >= floor}
    left_out = {k: v[0] for k, v in sorted(counts.items()) if v[0] < floor}
    rates = {k: Fraction(s, n) for k, (n, s) in compared.items()}
    best = max(rates, key=lambda k: (rates[k], compared[k][0]), default=None)
    rows = [
        impact_of(axis, k, compared[k], rates, best, compared)
        for k in sorted(compared, key=lambda k: (-rates[k], k))
    ]
    return AxisImpact(axis, len(everyone), rows, left_out, undisclosed)


def impact_of(
    axis: str,
    category: str,
    tally: list[int],
    rates: dict[str, Fraction],
    best: str | None,
    compared: dict[str, list[int]],
) -> CategoryImpact:
    assessed, selected = tally
    top = rates[best] if best is not None else Fraction(0)
    ratio = rates[category] / top if top else None
    p_value = None
    if best is not None and category != best:
        p_value = fisher_exact(selected, assessed, compared[best][1], compared[best][0])
    return CategoryImpact(axis, category, assessed, selected, rates[category], ratio, p_value)


def impact(people: Iterable[Assessed]) -> list[AxisImpact]:
    """Every axis, in order: sex, race/ethnicity, their intersection."""
    everyone = list(people)
    return [axis_impact(everyone, axis) for axis in AXES]


def newly_flagged(before: list[AxisImpact], after: list[AxisImpact]) -> list[str]:
    """Categories the new version flags that the old one did not (`axis: category`)."""
    old = {(a.axis, c) for a in before for c in a.flagged()}
    return [f"{a.axis}: {c}" for a in after for c in a.flagged() if (a.axis, c) not in old]
