"""How far a talent plan has come: its goals against the pool today, its stages, its budget.

Goals are measured on the read model (the pools as they stand); tasks are done when the plan
records them done; the training cost committed is what the plan's own events committed (each
training started while it was in force, and what was started in its period before adoption),
priced by the plan's course catalogue.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from succession_flow.domain.plan import TalentPlan
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


def budget(plan: TalentPlan) -> dict[str, Any]:
    """Training cost and hours committed on the plan (its own events), against its budget."""
    safe = plan.spec["safeguards"]
    return {
        "currency": safe["currency"],
        "budget": plan.budget,
        "committed": plan.committed_cost,
        "remaining": plan.remaining,
        "hours_budget": float(safe["training_hours"]),
        "hours_committed": plan.committed_hours,
        "balanced": plan.committed_cost <= plan.budget,
        "unpriced_courses": dict(sorted(plan.unpriced.items())),
    }


def plan_status(db: Database, plan: TalentPlan, today: date) -> Report:
    plan_id, spec, done = plan.plan_id, plan.spec, plan.done
    goals = [bench_goal(db, spec["goal"], today)]
    goals += [bench_goal(db, g, today) for g in spec["sub_goals"]]
    goals += [person_goal(db, g, today) for g in spec["individual_goals"]]
    stage_rows = stages(spec, done, today)
    money = budget(plan)
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
