"""The succession org chart as an inline SVG tree: one box per post, coloured by vacancy risk.

Leaves are laid out left to right and each parent is centred over its children, so the chart
reads like the org charts HR already draws; past MAX_POSTS the table below it carries the rest.
"""

from __future__ import annotations

from html import escape
from typing import Any

from succession_flow.reports.svg import INK, MUTED, shorten, svg, text

RISK = {"high": "#e58a7c", "medium": "#f0c05a", "low": "#9cc9b4"}
BOX_W, BOX_H, GAP_X, GAP_Y, MARGIN = 150, 48, 16, 34, 10
MAX_POSTS = 80


Node = tuple[dict[str, Any], float, int]
Placed = dict[int, Node]
"""id(post) -> (post, x centre, depth), for the first MAX_POSTS posts in tree order."""


def layout(roots: list[dict[str, Any]]) -> Placed:
    placed: Placed = {}
    leaves = [0]

    def place(post: dict[str, Any], depth: int) -> float | None:
        if len(placed) >= MAX_POSTS:
            return None
        placed[id(post)] = (post, 0.0, depth)
        xs = [x for x in (place(child, depth + 1) for child in post["reports"]) if x is not None]
        if xs:
            x = (xs[0] + xs[-1]) / 2
        else:
            x = MARGIN + BOX_W / 2 + leaves[0] * (BOX_W + GAP_X)
            leaves[0] += 1
        placed[id(post)] = (post, x, depth)
        return x

    for root in roots:
        place(root, 0)
    return placed


def org_tree(roots: list[dict[str, Any]]) -> str:
    placed = layout(roots)
    if not placed:
        return svg(300, 40, [text(10, 24, "no posts", fill=MUTED)], "org chart", "orgchart")
    width = int(max(x for _, x, _ in placed.values()) + BOX_W / 2 + MARGIN)
    height = (max(d for _, _, d in placed.values()) + 1) * (BOX_H + GAP_Y) + MARGIN
    lines = [
        line(placed[id(post)], placed[id(child)])
        for post, _, _ in placed.values()
        for child in post["reports"]
        if id(child) in placed
    ]
    boxes = [box(post, x - BOX_W / 2, top(depth)) for post, x, depth in placed.values()]
    return svg(width, height, lines + boxes, "succession org chart by vacancy risk", "orgchart")


def line(
    parent: tuple[dict[str, Any], float, int], child: tuple[dict[str, Any], float, int]
) -> str:
    (_, px, pd), (_, x, depth) = parent, child
    return (
        f'<path d="M{px:.1f},{top(pd) + BOX_H} V{top(depth) - GAP_Y / 2:.1f} '
        f'H{x:.1f} V{top(depth)}" fill="none" stroke="{MUTED}" stroke-width="1"/>'
    )


def top(depth: int) -> float:
    return MARGIN + depth * (BOX_H + GAP_Y)


def box(post: dict[str, Any], x: float, y: float) -> str:
    holder = post["incumbent"]
    who = (holder.get("name") or holder["employee"]) if holder else "vacant"
    ready = len(post["successors"]["ready-now"])
    tip = f"{post['position']}: {post['vacancy_risk']} risk; " + (
        "; ".join(post["why"]) or "covered"
    )
    return (
        f'<g class="post risk-{post["vacancy_risk"]}" data-position="{escape(post["position"])}">'
        f"<title>{escape(tip)}</title>"
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{BOX_W}" height="{BOX_H}" rx="6" '
        f'fill="{RISK.get(post["vacancy_risk"], "#fff")}" stroke="{INK}" stroke-width="0.5"/>'
        + text(x + 8, y + 17, shorten(post["position"], 20), 12, font_weight="700")
        + text(x + 8, y + 31, shorten(who, 22), 11)
        + text(x + 8, y + 43, f"ready now: {ready}", 10, fill=MUTED)
        + "</g>"
    )
