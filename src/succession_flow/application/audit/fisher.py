"""Fisher's exact test on a 2x2 table, written out so an auditor can check every step.

Exact, not an approximation: with the margins fixed, the number selected in the first group
follows the hypergeometric distribution. Every table with the same margins has probability
C(a+b, k) * C(c+d, n-k) / C(N, n); they all share the denominator, so the two-sided p-value
sums the integer numerators of the tables no more likely than the observed one and divides once.
No floating-point tolerance is needed to decide "no more likely": integers compare exactly.
"""

from __future__ import annotations

from fractions import Fraction
from math import comb

METHOD = "Fisher's exact test (two-sided, hypergeometric, computed exactly)"


def fisher_exact(selected_a: int, total_a: int, selected_b: int, total_b: int) -> float:
    """The two-sided p-value that groups a and b were selected at the same rate."""
    selected = selected_a + selected_b
    weight = [
        comb(total_a, k) * comb(total_b, selected - k)
        for k in range(max(0, selected - total_b), min(selected, total_a) + 1)
    ]
    low = max(0, selected - total_b)
    observed = weight[selected_a - low]
    extreme = sum(w for w in weight if w <= observed)
    return float(Fraction(extreme, comb(total_a + total_b, selected)))
