"""The succession org chart: every post under the one it reports to, who holds it, how likely
they are to leave, who could follow them, and the vacancy risk that results.

Vacancy risk is read the way succession reviews read it: a post is *exposed* when it is vacant,
its incumbent plans to leave within a year, or the incumbent's risk of loss is high; it is
*covered* when at least one ready-now successor is in its pool. Reserve tracks are pools of
talent, not posts, so they are left out.

- high: exposed and not covered;
- medium: exposed with a single ready-now successor, or a critical or high-criticality post
  with no ready-now successor at all;
- low: anything else.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

from succession_flow.domain.errors import NotFound
from succession_flow.readmodel.schema import Database
from succession_flow.reports.report import Report, person, share

READINESS = ("ready-now", "ready-1-2-years", "ready-3-5-years")
HORIZON = timedelta(days=365)
"""How soon a planned departure makes the post exposed."""


def vacancy_risk(post: dict[str, Any], ready_now: int, today: date) -> tuple[str, list[str]]:
    """The post's vacancy risk and the plain reasons for it."""
    why = []
    if post["incumbent"] is None:
        why.append("vacant")
    if (
        post["planned_departure"]
        and date.fromisoformat(post["planned_departure"]) <= today + HORIZON
    ):
        why.append(f"incumbent leaves {post['planned_departure']}")
    if post["risk_of_loss"] == "high":
        why.append("incumbent at high risk of loss")
    if not ready_now:
        why.append("no ready-now successor")
    exposed = len(why) > (0 if ready_now else 1)
    if exposed and not ready_now:
        return "high", why
    if (exposed and ready_now == 1) or (
        not ready_now and post["criticality"] in ("critical", "high")
    ):
        return "medium", why
    return "low", why


def posts(db: Database, redact: bool) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for row in db.query(
        "SELECT p.position_id, p.title, p.echelon, p.unit, p.criticality, p.reports_to, "
        "p.incumbent, COALESCE(e.name, ''), COALESCE(e.risk_of_loss, ''), "
        "COALESCE(e.impact_of_loss, ''), p.planned_departure, p.departure_reason "
        "FROM rm_positions p LEFT JOIN rm_employees e ON e.employee_id = p.incumbent "
        "ORDER BY p.position_id"
    ):
        pid, title, echelon, unit, criticality, parent, holder, name, risk, impact = row[:10]
        found[pid] = {
            "position": pid,
            "title": title,
            "echelon": echelon,
            "unit": unit,
            "criticality": criticality,
            "reports_to": parent,
            "incumbent": person(holder, name, redact) if holder else None,
            "risk_of_loss": risk or None,
            "impact_of_loss": impact or None,
            "planned_departure": row[10],
            "departure_reason": row[11],
            "successors": {r: [] for r in READINESS},
        }
    for pid, employee, name, readiness in db.query(
        "SELECT m.position_id, m.employee_id, COALESCE(e.name, ''), m.readiness "
        "FROM rm_pool_members m LEFT JOIN rm_employees e ON e.employee_id = m.employee_id "
        "ORDER BY m.position_id, m.employee_id"
    ):
        if pid in found and readiness in READINESS:
            found[pid]["successors"][readiness].append(person(employee, name, redact))
    return found


def orgchart(db: Database, today: date, unit: str | None = None, redact: bool = False) -> Report:
    found = posts(db, redact)
    posts_only = {pid: p for pid, p in found.items() if p["echelon"] != "reserve"}
    shown = {pid: p for pid, p in posts_only.items() if unit is None or p["unit"] == unit}
    if unit is not None and not shown:
        known = ", ".join(sorted({p["unit"] for p in found.values()})) or "none yet"
        raise NotFound(f"unit {unit!r} has no positions (units: {known})")
    for post in shown.values():
        holder = post["incumbent"]
        post["incumbent_id"] = holder["employee"] if holder else None
        post["vacancy_risk"], post["why"] = vacancy_risk(
            {**post, "incumbent": post["incumbent_id"]},
            len(post["successors"]["ready-now"]),
            today,
        )
    children: dict[str | None, list[str]] = {}
    for pid, post in shown.items():
        parent = post["reports_to"] if post["reports_to"] in shown else None
        children.setdefault(parent, []).append(pid)
    rows: list[dict[str, Any]] = []

    def tree(pid: str, depth: int) -> dict[str, Any]:
        post = shown[pid]
        rows.append(row_of(post, depth))
        below = [tree(child, depth + 1) for child in sorted(children.get(pid, []))]
        return {**{k: v for k, v in post.items() if k != "incumbent_id"}, "reports": below}

    roots = [tree(pid, 0) for pid in sorted(children.get(None, []))]
    risks = Counter(p["vacancy_risk"] for p in shown.values())
    units = coverage_by_unit(shown)
    value: dict[str, Any] = {
        "as_of": today.isoformat(),
        "unit": unit,
        "positions": roots,
        "vacancy_risk": {r: risks.get(r, 0) for r in ("high", "medium", "low")},
        "units": units,
    }
    notes = [
        f"vacancy risk: high {risks.get('high', 0)}, medium {risks.get('medium', 0)}, "
        f"low {risks.get('low', 0)} (of {len(shown)} posts)"
    ]
    title = "Succession org chart" + (f": {unit}" if unit else "")
    return Report(
        "orgchart",
        title,
        value,
        [("posts", rows), ("coverage by unit", units)],
        notes,
    )


def row_of(post: dict[str, Any], depth: int) -> dict[str, Any]:
    holder = post["incumbent"]
    return {
        "position": "  " * depth + post["position"],
        "incumbent": (holder.get("name") or holder["employee"]) if holder else "(vacant)",
        "risk_of_loss": post["risk_of_loss"] or "",
        "leaves": post["planned_departure"] or "",
        **{r: len(post["successors"][r]) for r in READINESS},
        "vacancy_risk": post["vacancy_risk"],
    }


def coverage_by_unit(shown: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Per org unit: posts, those with a ready-now successor, and the share covered."""
    units: dict[str, list[dict[str, Any]]] = {}
    for post in shown.values():
        units.setdefault(post["unit"], []).append(post)
    result = []
    for name, group in sorted(units.items()):
        covered = sum(1 for p in group if p["successors"]["ready-now"])
        high = sum(1 for p in group if p["vacancy_risk"] == "high")
        result.append(
            {
                "unit": name,
                "posts": len(group),
                "covered": covered,
                "coverage": share(covered, len(group)),
                "high_risk": high,
            }
        )
    return result
