"""The adverse-impact figures against a table worked out by hand, the arithmetic written out.

The table is the fairness company's evaluation (tests/integration/fairness_company.py):

    sex       assessed  pass  rate           ratio to the highest (male, 0.8)
    male      10        8     8/10 = 0.8     0.8 / 0.8 = 1.0
    female    10        4     4/10 = 0.4     0.4 / 0.8 = 0.5    < 0.8: flagged
    (one person did not disclose a sex: counted, not compared)

Fisher's exact test, female against male: 20 people, 12 passed, 10 of them women. With the
margins fixed, the chance that k of the 12 passes are women is C(10,k)·C(10,12-k)/C(20,12),
C(20,12) = 125970. The weights C(10,k)·C(10,12-k) for k = 2..10 are
    45, 1200, 9450, 30240, 44100, 30240, 9450, 1200, 45.
Observed k = 4 has weight 9450; the tables no more likely: k = 2, 3, 4, 8, 9, 10, so
    p = (45 + 1200 + 9450 + 9450 + 1200 + 45) / 125970 = 21390 / 125970 = 0.169802...

    race      assessed  pass  rate            ratio to the highest (white)
    white     11        8     8/11 = 0.72727  1.0
    asian     10        5     5/10 = 0.5      0.5 / (8/11) = 5.5/8 = 0.6875   flagged

Fisher, asian against white: 21 people, 13 passed, 10 asian; C(21,13) = 203490; the weights
C(10,k)·C(11,13-k) for k = 2..10 are 45, 1320, 11550, 41580, 69300, 55440, 20790, 3300, 165.
Observed k = 5 has weight 41580; no more likely: all but k = 6 and 7, so
    p = (45 + 1320 + 11550 + 41580 + 20790 + 3300 + 165) / 203490 = 78750 / 203490 = 0.387002...
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from succession_flow.application.audit.fisher import fisher_exact
from succession_flow.application.audit.impact import (
    Assessed,
    AxisImpact,
    axis_impact,
    impact,
    newly_flagged,
)
from tests.integration.fairness_company import people


def company_table() -> list[Assessed]:
    return [
        Assessed({"sex": sex, "race_ethnicity": race}, strong) for _, sex, race, strong in people()
    ]


def by_category(found: AxisImpact) -> dict[str, tuple[int, int, float, float | None, bool]]:
    return {
        c.category: (c.assessed, c.selected, c.rate, c.ratio, c.flagged) for c in found.categories
    }


def test_the_selection_rates_and_ratios_by_sex_are_the_hand_computed_ones() -> None:
    found = axis_impact(company_table(), "sex")
    assert by_category(found) == {
        "male": (10, 8, 0.8, 1.0, False),
        "female": (10, 4, 0.4, 0.5, True),
    }
    assert (found.assessed, found.undisclosed, found.left_out) == (21, 1, {})


def test_the_ratios_by_race_are_the_hand_computed_ones() -> None:
    found = axis_impact(company_table(), "race_ethnicity")
    assert by_category(found) == {
        "white": (11, 8, 8 / 11, 1.0, False),
        "asian": (10, 5, 0.5, 0.6875, True),
    }


def test_the_intersection_needs_both_parts_disclosed_and_compares_against_the_best_cell() -> None:
    found = axis_impact(company_table(), "sex x race_ethnicity")
    assert by_category(found) == {
        "male / asian": (5, 4, 0.8, 1.0, False),
        "male / white": (5, 4, 0.8, 1.0, False),
        "female / white": (5, 3, 0.6, 0.75, True),
        "female / asian": (5, 1, 0.2, 0.25, True),
    }
    assert found.undisclosed == 1


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ((4, 10, 8, 10), Fraction(21390, 125970)),
        ((5, 10, 8, 11), Fraction(78750, 203490)),
        ((1, 4, 3, 4), Fraction(34, 70)),  # C(4,k)C(4,4-k): 1,16,36,16,1 of 70; k=1: 16+1+16+1
        ((3, 3, 0, 3), Fraction(2, 20)),  # all three of one group: 1 + 1 of C(6,3) = 20
        ((0, 0, 0, 0), Fraction(1)),
    ],
)
def test_fishers_exact_test_gives_the_exact_two_sided_p_value(
    table: tuple[int, int, int, int], expected: Fraction
) -> None:
    assert fisher_exact(*table) == float(expected)


def test_the_p_value_of_each_category_is_against_the_highest_rate_category() -> None:
    sex, race, _ = impact(company_table())
    assert [c.p_value for c in sex.categories] == [None, float(Fraction(21390, 125970))]
    assert [c.p_value for c in race.categories] == [None, float(Fraction(78750, 203490))]


def test_a_category_under_two_percent_is_left_out_of_the_comparison_but_counted() -> None:
    people = [Assessed({"race_ethnicity": "white"}, n < 60) for n in range(100)]
    people += [Assessed({"race_ethnicity": "asian"}, n < 30) for n in range(60)]
    people += [Assessed({"race_ethnicity": "black"}, False) for n in range(3)]  # 3/163 < 2%
    people += [Assessed({}, True) for _ in range(5)]  # declared nothing: not disclosed
    found = axis_impact(people, "race_ethnicity")
    assert [c.category for c in found.categories] == ["white", "asian"]
    assert (found.left_out, found.undisclosed, found.assessed) == ({"black": 3}, 5, 168)


def test_a_version_that_flags_a_category_the_old_one_did_not_is_named() -> None:
    before = impact([Assessed({"sex": "female"}, True), Assessed({"sex": "male"}, True)])
    after = impact([Assessed({"sex": "female"}, False), Assessed({"sex": "male"}, True)])
    assert newly_flagged(before, after) == ["sex: female"]
    assert newly_flagged(after, before) == []


def test_a_ratio_of_exactly_four_fifths_is_not_flagged_though_floats_would_say_0_79999() -> None:
    # 16/25 = 0.64 against 4/5 = 0.8: 0.64 / 0.8 is 0.7999999999999999 in floating point
    people = [Assessed({"sex": "female"}, n < 16) for n in range(25)]
    people += [Assessed({"sex": "male"}, n < 4) for n in range(5)]
    (female,) = [c for c in axis_impact(people, "sex").categories if c.category == "female"]
    assert 0.64 / 0.8 < 0.8
    assert (female.ratio, female.flagged) == (0.8, False)
