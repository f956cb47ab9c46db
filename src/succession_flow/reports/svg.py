"""Charts as inline SVG text: no scripts, no fonts or libraries fetched from anywhere.

Each function takes a report's plain values and returns one `<svg>` element; the HTML page
places them. Colours follow readiness and nine-box conventions HR people already know.
"""

from __future__ import annotations

from html import escape
from typing import Any

from succession_flow.reports.report import percent

READY = {"ready-now": "#1b7f5b", "ready-1-2-years": "#e0a526", "ready-3-5-years": "#7aa6d6"}
BOX_COLOURS = {
    "star": "#1b7f5b",
    "high potential": "#4fa37f",
    "high performer": "#4fa37f",
    "rough diamond": "#f0c05a",
    "core player": "#9cc9b4",
    "trusted professional": "#9cc9b4",
    "inconsistent player": "#f3d9a0",
    "effective": "#f3d9a0",
    "talent risk": "#e58a7c",
}
READY_LABELS = {
    "ready-now": "ready now",
    "ready-1-2-years": "ready in 1-2 years",
    "ready-3-5-years": "ready in 3-5 years",
}
INK, MUTED, FUNNEL = "#1f2a44", "#6b7280", "#2f5d8a"
MAX_BARS = 30


def svg(width: int, height: int, body: list[str], label: str, kind: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {kind}" role="img" '
        f'aria-label="{escape(label)}" viewBox="0 0 {width} {height}" width="100%" '
        f'style="max-width:{width}px" data-chart="{kind}">' + "".join(body) + "</svg>"
    )


def text(x: float, y: float, content: Any, size: int = 13, **attrs: Any) -> str:
    extra = " ".join(f'{k.replace("_", "-")}="{escape(str(v))}"' for k, v in attrs.items())
    fill = "" if "fill" in attrs else f' fill="{INK}"'
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}"{fill} {extra}>'
        f"{escape(str(content))}</text>"
    )


HINTED = 30
"""Names in the "+N more" tooltip, so a box of thousands keeps the page small."""


def more_names(x: float, y: float, rest: list[str]) -> str:
    """ "+N more" in the ink colour and bold, legible on every box colour (muted grey vanished
    on the dark star box); hovering it lists the next names (`--format json` lists all)."""
    hint = ", ".join(rest[:HINTED]) + (", ..." if len(rest) > HINTED else "")
    return (
        f'<text class="nine-box-more" x="{x:.1f}" y="{y:.1f}" font-size="11" fill="{INK}" '
        f'font-weight="700"><title>{escape(hint)}</title>+{len(rest)} more</text>'
    )


def funnel(rows: list[dict[str, Any]]) -> str:
    """Pipeline funnel: one centred bar per stage, width by entries, with conversion."""
    width, row_h, top = 680, 46, 10
    biggest = max((r["entered"] for r in rows), default=0) or 1
    body = []
    for n, r in enumerate(rows):
        y = top + n * row_h
        w = max(4.0, 420 * r["entered"] / biggest)
        x = 130 + (420 - w) / 2
        body.append(
            f'<rect class="funnel-stage" x="{x:.1f}" y="{y}" width="{w:.1f}" height="34" '
            f'rx="5" fill="{FUNNEL}" fill-opacity="{1 - n * 0.11:.2f}"/>'
        )
        body.append(text(120, y + 22, r["stage"].replace("_", " "), 13, text_anchor="end"))
        body.append(
            text(340, y + 22, r["entered"], 14, text_anchor="middle", fill="#fff", font_weight=700)
        )
        if r["conversion"] is not None:
            body.append(
                text(560, y + 22, f"{percent(r['conversion'])} of previous", 12, fill=MUTED)
            )
    return svg(width, top * 2 + len(rows) * row_h, body, "Pipeline funnel", "funnel")


def ninebox_grid(boxes: list[dict[str, Any]], names: int = 4) -> str:
    """Nine-box: potential rising upward, performance rising rightward; names in each box."""
    cell_w, cell_h, left, top = 190, 120, 100, 10
    order = ["low", "moderate", "high"]
    body = []
    for box in boxes:
        col, row = order.index(box["performance"]), 2 - order.index(box["potential"])
        x, y = left + col * cell_w, top + row * cell_h
        body.append(
            f'<rect class="nine-box-cell" x="{x}" y="{y}" width="{cell_w - 4}" '
            f'height="{cell_h - 4}" rx="6" fill="{BOX_COLOURS[box["box"]]}" fill-opacity="0.85"/>'
        )
        body.append(text(x + 10, y + 20, box["box"].title(), 12, font_weight=700))
        body.append(
            text(x + cell_w - 16, y + 24, box["count"], 20, text_anchor="end", font_weight=700)
        )
        people = [p.get("name") or p["employee"] for p in box["people"]]
        for k, who in enumerate(people[:names]):
            body.append(text(x + 10, y + 42 + k * 16, who, 11))
        if len(people) > names:
            body.append(more_names(x + 10, y + 42 + names * 16, people[names:]))
    for k, level in enumerate(order):
        body.append(
            text(
                left + k * cell_w + cell_w / 2,
                top + 3 * cell_h + 18,
                level,
                12,
                text_anchor="middle",
                fill=MUTED,
            )
        )
        body.append(
            text(
                left - 8,
                top + (2 - k) * cell_h + cell_h / 2,
                level,
                12,
                text_anchor="end",
                fill=MUTED,
            )
        )
    body.append(
        text(
            left + 1.5 * cell_w,
            top + 3 * cell_h + 38,
            "performance (latest rating)",
            13,
            text_anchor="middle",
            font_weight=700,
        )
    )
    body.append(
        text(
            16,
            top + 1.5 * cell_h,
            "potential",
            13,
            text_anchor="middle",
            font_weight=700,
            transform=f"rotate(-90 16 {top + 1.5 * cell_h})",
        )
    )
    return svg(left + 3 * cell_w + 10, top + 3 * cell_h + 50, body, "Nine-box grid", "ninebox")


def coverage_bars(rows: list[dict[str, Any]]) -> str:
    """Bench per position: stacked successors by readiness, with the target marked."""
    shown = sorted(rows, key=lambda r: (-r["gap"], r["position"]))[:MAX_BARS]
    scale_max = max([r["successors"] for r in shown] + [r["target"] for r in shown] + [1])
    unit = 340 / scale_max
    row_h, left, top = 30, 150, 30
    body = []
    for k, (code, colour) in enumerate(READY.items()):
        body.append(f'<rect x="{left + k * 130}" y="4" width="12" height="12" fill="{colour}"/>')
        body.append(text(left + k * 130 + 18, 14, READY_LABELS[code], 12))
    for n, r in enumerate(shown):
        y, x = top + n * row_h, float(left)
        body.append(text(left - 10, y + 17, r["position"], 12, text_anchor="end"))
        for code, colour in READY.items():
            w = r[code] * unit
            if w:
                body.append(
                    f'<rect class="bench-bar" data-readiness="{code}" x="{x:.1f}" '
                    f'y="{y + 4}" width="{w:.1f}" height="18" fill="{colour}"/>'
                )
            x += w
        tx = left + r["target"] * unit
        body.append(
            f'<line class="bench-target" x1="{tx:.1f}" x2="{tx:.1f}" y1="{y}" '
            f'y2="{y + 26}" stroke="{INK}" stroke-width="2" stroke-dasharray="3 2"/>'
        )
        body.append(text(left + 356, y + 17, f"{r['successors']} / {r['target']}", 12, fill=MUTED))
    return svg(560, top + max(1, len(shown)) * row_h + 6, body, "Bench coverage", "bench")


def coverage_gauge(coverage: float, covered: int, total: int) -> str:
    """One big figure: the share of key positions with a ready-now successor."""
    circumference = 2 * 3.14159 * 52
    arc = circumference * coverage
    body = [
        '<circle cx="70" cy="70" r="52" fill="none" stroke="#e5e7eb" stroke-width="16"/>',
        f'<circle class="coverage-arc" cx="70" cy="70" r="52" fill="none" '
        f'stroke="{READY["ready-now"]}" '
        f'stroke-width="16" stroke-dasharray="{arc:.1f} {circumference:.1f}" '
        f'transform="rotate(-90 70 70)"/>',
        text(70, 78, percent(coverage), 24, text_anchor="middle", font_weight=700),
        text(150, 62, f"{covered} of {total} key positions", 14, font_weight=700),
        text(150, 84, "have a successor ready now", 13, fill=MUTED),
    ]
    return svg(380, 140, body, "Coverage", "coverage")


def progress_bars(goals: list[dict[str, Any]]) -> str:
    """Plan progress: one bar per goal, filled to its share achieved."""
    row_h, left, top = 34, 340, 8
    body = []
    for n, g in enumerate(goals):
        y, done = top + n * row_h, max(0.0, min(1.0, float(g["progress"])))
        colour = READY["ready-now"] if done >= 1 else ("#e0a526" if done >= 0.5 else "#d9534f")
        body.append(text(left - 10, y + 17, shorten(g["label"], 52), 12, text_anchor="end"))
        body.append(f'<rect x="{left}" y="{y + 4}" width="300" height="18" rx="4" fill="#e5e7eb"/>')
        body.append(
            f'<rect class="plan-progress" x="{left}" y="{y + 4}" width="{300 * done:.1f}" '
            f'height="18" rx="4" fill="{colour}"/>'
        )
        body.append(text(left + 310, y + 17, percent(done), 12, font_weight=700))
    return svg(700, top * 2 + max(1, len(goals)) * row_h, body, "Plan progress", "plan")


def shorten(label: str, width: int) -> str:
    return label if len(label) <= width else label[: width - 1].rstrip() + "\u2026"
