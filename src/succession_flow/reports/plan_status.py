"""How far a talent plan has come: its goals against the pool today, its stages, its budget.

Goals are measured on the read model (the pools as they stand); tasks are done when the plan
records them done; the training cost committed is every course started in the plan's period,
priced by the plan's own course catalogue.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from succession_flow.readmodel.schema import Database
from succession_flow.reports.report import Report, percent, share

READINESS = ["ready-now", "ready-1-2-years", "ready-3-5-years"]


def status_of(progress: float, due: str, today: date, has_scope: bool = True) -> str:
    if has_scope and progress >= 1:
        return "achieved"
    return "overdue" if today > date.fromisoformat(due) else "open"


def bench_goal(db: Database, goal: dict[str, Any], today: date) -> dict[str, Any]:
    """Listed positions count even when not defined yet: a plan naming them expects them."""
    positions = list(goal["positions"]) or [
        p
        for p, unit, echelon in db.query("SELECT position_id, unit, echelon FROM rm_positions")
        if (goal["echelon"] is None or echelon == goal["echelon"])
        and (goal["unit"] is None or unit == goal["unit"])
    ]
    counts: dict[str, list[int]] = {p: [0, 0] for p in positions}
    for position_id, readiness, count in db.query(
        "SELECT position_id, readiness, COUNT(*) FROM rm_pool_members "
        "GROUP BY position_id, readiness"
    ):
        if position_id in counts:
            counts[position_id][0] += int(count)
            if readiness == "ready-now":
                counts[position_id][1] += int(count)
    need, ready = goal["successors_per_position"], goal["ready_now_per_position"]
    met = sorted(p for p, (n, r) in counts.items() if n >= need and r >= ready)
    progress = share(len(met), len(positions))
    return {
        "goal": goal["id"],
        "label": goal["description"] or goal["id"],
        "target": f"{need} successors, {ready} ready now, per position",
        "met": len(met),
        "of": len(positions),
        "progress": progress,
        "due": goal["by"],
        "status": status_of(progress, goal["by"], today, bool(positions)),
        "missing": sorted(set(positions) - set(met)),
    }


def person_goal(db: Database, goal: dict[str, Any], today: date) -> dict[str, Any]:
    employee_id, _, position_id = goal["candidate"].partition("@")
    member = db.query(
        "SELECT readiness FROM rm_pool_members WHERE position_id = ? AND employee_id = ?",
        (position_id, employee_id),
    )
    promoted = db.query(
        "SELECT 1 FROM rm_candidates WHERE candidate = ? AND state = 'promoted'",
        (goal["candidate"],),
    )
    reached = bool(promoted) or bool(
        member and READINESS.index(member[0][0]) <= READINESS.index(goal["readiness"])
    )
    return {
        "goal": goal["id"],
        "label": goal["description"] or f"{goal['candidate']} {goal['readiness']}",
        "target": f"{goal['candidate']} {goal['readiness']} or better",
        "met": int(reached),
        "of": 1,
        "progress": float(reached),
        "due": goal["by"],
        "status": status_of(float(reached), goal["by"], today),
        "missing": [] if reached else [goal["candidate"]],
    }


def stages(
    spec: dict[str, Any], done: dict[str, dict[str, str]], today: date
) -> list[dict[str, Any]]:
    rows = []
    for stage in spec["stages"]:
        tasks = [
            {
                "task": t["id"],
                "title": t["title"],
                "owner": t["owner"],
                "due": t["due"],
                "done": done.get(t["id"], {}).get("day", ""),
                "overdue": t["id"] not in done and today > date.fromisoformat(t["due"]),
            }
            for t in stage["tasks"]
        ]
        finished = sum(1 for t in tasks if t["done"])
        progress = share(finished, len(tasks)) if tasks else 0.0
        rows.append(
            {
                "stage": stage["id"],
                "title": stage["title"],
                "due": stage["due"],
                "done": finished,
                "of": len(tasks),
                "progress": progress,
                "status": status_of(progress, stage["due"], today, bool(tasks)),
                "tasks": tasks,
            }
        )
    return rows


def budget(db: Database, spec: dict[str, Any]) -> dict[str, Any]:
    """Training cost and hours committed in the plan's period, against the safeguard budget."""
    catalogue, period, safe = spec["courses"], spec["period"], spec["safeguards"]
    cost = hours = 0.0
    unpriced: dict[str, int] = {}
    for course, count in db.query(
        "SELECT course, COUNT(*) FROM rm_training_courses WHERE started >= ? AND started <= ? "
        "GROUP BY course ORDER BY course",
        (period["start"], period["end"]),
    ):
        if course in catalogue:
            cost += catalogue[course]["cost"] * int(count)
            hours += catalogue[course]["hours"] * int(count)
        else:
            unpriced[course] = int(count)
    limit = float(safe["training_budget"])
    return {
        "currency": safe["currency"],
        "budget": limit,
        "committed": round(cost, 2),
        "remaining": round(limit - cost, 2),
        "hours_budget": float(safe["training_hours"]),
        "hours_committed": round(hours, 2),
        "balanced": cost <= limit,
        "unpriced_courses": unpriced,
    }


def plan_status(
    db: Database, plan_id: str, spec: dict[str, Any], done: dict[str, dict[str, str]], today: date
) -> Report:
    goals = [bench_goal(db, spec["goal"], today)]
    goals += [bench_goal(db, g, today) for g in spec["sub_goals"]]
    goals += [person_goal(db, g, today) for g in spec["individual_goals"]]
    stage_rows = stages(spec, done, today)
    money = budget(db, spec)
    overdue = [t["task"] for s in stage_rows for t in s["tasks"] if t["overdue"]]
    value = {
        "plan": plan_id,
        "title": spec["title"],
        "period": spec["period"],
        "today": today.isoformat(),
        "goals": goals,
        "stages": stage_rows,
        "overdue_tasks": overdue,
        "budget": money,
        "safeguards": spec["safeguards"],
    }
    return Report(
        kind="plan",
        title=f"Talent plan {plan_id}: {spec['title']}",
        value=value,
        tables=[
            ("Goals", [{k: v for k, v in g.items() if k != "label"} for g in goals]),
            ("Stages", [{k: v for k, v in s.items() if k != "tasks"} for s in stage_rows]),
            ("Tasks", [{"stage": s["stage"], **t} for s in stage_rows for t in s["tasks"]]),
            ("Budget", [{k: v for k, v in money.items() if k != "unpriced_courses"}]),
        ],
        notes=[
            f"overall goal: {goals[0]['met']} of {goals[0]['of']} positions "
            f"({percent(goals[0]['progress'])}), {goals[0]['status']}",
            f"overdue tasks: {', '.join(overdue) if overdue else 'none'}",
            f"training budget: {money['committed']:g} of {money['budget']:g} {money['currency']} "
            f"committed, {money['remaining']:g} left"
            + ("" if money["balanced"] else " (OVER BUDGET)"),
        ],
    )
