"""The adverse-impact chart: each category's impact ratio as a bar, the four-fifths line marked.

A bar below the line is drawn in the warning colour, so a flagged category stands out on a
printed page without reading the numbers.
"""

from __future__ import annotations

from typing import Any

from succession_flow.domain.demographics import INTERSECTION
from succession_flow.reports.svg import INK, MUTED, shorten, svg, text

FINE, FLAGGED = "#1b7f5b", "#d9534f"
WIDTH, LEFT, ROW = 300, 250, 24


def impact_ratios(steps: list[dict[str, Any]], threshold: float) -> str:
    """One bar per step and category of sex and of race/ethnicity (ratio 0..1 of the highest
    rate); the intersections, many and small, stay in the table below the chart."""
    bars = [
        (f"{s['step']}: {c['category']}", c["impact_ratio"], c["flagged"])
        for s in steps
        for axis in s["axes"]
        if axis["axis"] != INTERSECTION
        for c in axis["categories"]
        if c["impact_ratio"] is not None
    ]
    top = 26
    line = LEFT + WIDTH * threshold
    body = [
        text(LEFT, 14, "impact ratio (1 = the highest selection rate)", 12, fill=MUTED),
        f'<line class="four-fifths" x1="{line:.1f}" x2="{line:.1f}" y1="{top - 4}" '
        f'y2="{top + max(1, len(bars)) * ROW}" stroke="{INK}" stroke-width="2" '
        'stroke-dasharray="4 3"/>',
    ]
    for n, (label, ratio, flagged) in enumerate(bars):
        y = top + n * ROW
        body.append(text(LEFT - 8, y + 15, shorten(label, 38), 12, text_anchor="end"))
        body.append(
            f'<rect class="impact-bar" data-flagged="{str(flagged).lower()}" x="{LEFT}" '
            f'y="{y + 3}" width="{WIDTH * min(1.0, ratio):.1f}" height="16" '
            f'fill="{FLAGGED if flagged else FINE}"/>'
        )
        body.append(text(LEFT + WIDTH + 8, y + 15, f"{ratio:.2f}", 12, font_weight=700))
    height = top + max(1, len(bars)) * ROW + 8
    return svg(LEFT + WIDTH + 50, height, body, "Impact ratios", "impact")
