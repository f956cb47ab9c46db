"""One self-contained HTML page: inline CSS, inline SVG charts, no scripts, nothing fetched.

HR opens the file from a mail or a share; it must look right offline, print well, and show the
same figures as the terminal reports.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from succession_flow.reports import svg, svg_tree
from succession_flow.reports.impact_chart import impact_ratios
from succession_flow.reports.render import cell
from succession_flow.reports.report import Report

CSS = """
:root { --ink:#1f2a44; --muted:#6b7280; --line:#e5e7eb; --accent:#2f5d8a; --good:#1b7f5b; }
* { box-sizing: border-box; }
body { margin:0; font-family: "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       color:var(--ink); background:#f4f6f9; line-height:1.45; }
header { background:linear-gradient(120deg,#1f2a44,#2f5d8a); color:#fff; padding:28px 40px; }
header h1 { margin:0 0 4px; font-size:26px; font-weight:650; }
header p { margin:0; opacity:.85; font-size:14px; }
main { max-width:1120px; margin:0 auto; padding:24px 32px 48px; }
.figures { display:grid; grid-template-columns:repeat(auto-fit,minmax(170px,1fr)); gap:14px;
           margin:0 0 22px; }
.figure { background:#fff; border-radius:10px; padding:14px 18px; box-shadow:0 1px 3px #0001; }
.figure b { display:block; font-size:26px; color:var(--accent); }
.figure span { color:var(--muted); font-size:13px; }
section { background:#fff; border-radius:12px; padding:22px 26px; margin:0 0 22px;
          box-shadow:0 1px 3px #0001; page-break-inside:avoid; }
section h2 { margin:0 0 6px; font-size:19px; }
.notes { color:var(--muted); margin:0 0 14px; padding:0; list-style:none; font-size:14px; }
.charts { display:flex; flex-wrap:wrap; gap:24px; align-items:flex-start; margin:8px 0 14px; }
table { border-collapse:collapse; width:100%; font-size:13px; margin:8px 0 16px; }
caption { text-align:left; font-weight:600; padding:6px 0; color:var(--ink); }
th { text-align:left; background:#f1f4f8; color:var(--muted); font-weight:600;
     text-transform:uppercase; font-size:11px; letter-spacing:.04em; }
th, td { padding:6px 10px; border-bottom:1px solid var(--line); vertical-align:top; }
td.num, th.num { text-align:right; font-variant-numeric:tabular-nums; }
details summary { cursor:pointer; color:var(--accent); font-size:13px; margin:4px 0; }
footer { color:var(--muted); font-size:12px; text-align:center; padding:12px; }
@media print { body { background:#fff; }
  section { box-shadow:none; border:1px solid var(--line); } }
"""
MAX_ROWS = 200
"""Rows per table on the page; the full data is in `--format json` and the CSV export."""


def charts_for(report: Report) -> list[str]:
    v = report.value
    makers: dict[str, Callable[[], list[str]]] = {
        "bench": lambda: [
            svg.coverage_gauge(
                v["summary"]["coverage"], v["summary"]["with_ready_now"], v["summary"]["positions"]
            ),
            svg.coverage_bars(v["positions"]),
        ],
        "pipeline": lambda: [svg.funnel(v["funnel"])],
        "ninebox": lambda: [svg.ninebox_grid(v["boxes"])],
        "plan": lambda: [svg.progress_bars(v["goals"] + [stage_goal(s) for s in v["stages"]])],
        "orgchart": lambda: [svg_tree.org_tree(v["positions"])],
        "adverse-impact": lambda: [impact_ratios(v["steps"], v["threshold"])],
    }
    return makers.get(report.kind, list)()


def stage_goal(stage: dict[str, Any]) -> dict[str, Any]:
    return {"label": f"stage: {stage['title']}", "progress": stage["progress"]}


NUM = ' class="num"'


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def html_table(caption: str, rows: list[dict[str, Any]]) -> str:
    if not rows:
        return f"<table><caption>{escape(caption)}</caption><tr><td>(none)</td></tr></table>"
    columns = list(rows[0].keys())
    numeric = {c: is_number(rows[0].get(c)) for c in columns}
    head = "".join(f"<th{NUM if numeric[c] else ''}>{escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>"
        + "".join(f"<td{NUM if numeric[c] else ''}>{escape(cell(r.get(c)))}</td>" for c in columns)
        + "</tr>"
        for r in rows[:MAX_ROWS]
    )
    more = (
        f'<p class="notes">showing {MAX_ROWS} of {len(rows)} rows</p>'
        if len(rows) > MAX_ROWS
        else ""
    )
    table = f"<table><caption>{escape(caption)}</caption><tr>{head}</tr>{body}</table>{more}"
    if len(rows) > 12:
        return f"<details><summary>{escape(caption)} ({len(rows)} rows)</summary>{table}</details>"
    return table


def section(report: Report) -> str:
    notes = "".join(f"<li>{escape(n)}</li>" for n in report.notes)
    charts = "".join(charts_for(report))
    tables = "".join(html_table(caption, rows) for caption, rows in report.tables)
    return (
        f'<section id="{escape(report.kind)}"><h2>{escape(report.title)}</h2>'
        f'<ul class="notes">{notes}</ul><div class="charts">{charts}</div>{tables}</section>'
    )


def figures(items: list[tuple[str, str]]) -> str:
    cards = "".join(
        f'<div class="figure"><b>{escape(value)}</b><span>{escape(label)}</span></div>'
        for label, value in items
    )
    return f'<div class="figures">{cards}</div>'


def page(title: str, subtitle: str, reports: list[Report], headline: list[tuple[str, str]]) -> str:
    body = figures(headline) + "".join(section(r) for r in reports)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>"
        f"<header><h1>{escape(title)}</h1><p>{escape(subtitle)}</p></header>"
        f"<main>{body}</main><footer>succession-flow &middot; {escape(subtitle)}</footer>"
        "</body></html>\n"
    )
