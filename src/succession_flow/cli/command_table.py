"""Which module of `succession_flow.cli` registers each top-level command, and its summary.

A command's module, and all it imports, is loaded when that command runs: `status` does not pay
at start-up for what `audit`, `demo` or `run` import. The root `--help` lists every command by
the summary here, so it loads none of them; each summary is the first sentence of the command's
own help, as click would shorten it (a test checks both against the modules).
"""

from __future__ import annotations

COMMAND_MODULES: dict[str, dict[str, str]] = {
    "commands_approval": {
        "approve": "Approve a proposed nomination, so the nominee may be evaluated (approver or hr-owner).",
        "reject": "Reject a proposed nomination; the candidacy ends (approver or hr-owner).",
    },
    "commands_audit": {
        "audit": "Prove the record was not altered: verify, digest, export.",
    },
    "commands_batch": {
        "run": "Apply a step to every candidate waiting for it, in chunks of many per transaction.",
        "select": "Promote the best trained candidates into the post's vacancies; the rules decide each.",
    },
    "commands_demo": {
        "demo": "Build a demo company in a fresh store and run it through the whole pipeline.",
    },
    "commands_history": {
        "explain": "Every decision in a candidate's life: rule version, matched rules and why, facts, actor.",
        "history": "Events oldest first with actor and time: a candidate, a position, a pool, or everything.",
    },
    "commands_import": {
        "import": "Import HR exports (CSV or JSON): employees, ratings, scores, course results.",
    },
    "commands_list": {
        "list": "List candidates, optionally by position, state and echelon, now or as of a past moment.",
    },
    "commands_overdue": {
        "overdue": "List candidates who stayed in a stage longer than their workflow allows.",
    },
    "commands_people": {
        "employee": "Employees' HR records (the facts the rules read).",
        "init": "Create the event store if it does not exist yet, and say where it is.",
        "position": "Succession positions and reserve tracks.",
    },
    "commands_pipeline": {
        "complete-training": "Close the training period (rules decide passed or failed; failed exits the candidate).",
        "evaluate": "Evaluate a nominee against the position's evaluation model (rules decide pass or fail).",
        "exit": "Take a candidate out of the pipeline (rules decide exit or stay).",
        "nominate": "Nominate an employee as a successor for a position.",
        "pool": "Take a candidate who passed evaluation into the talent pool (rules set readiness).",
        "promote": "Decide promotion of a trained candidate (rules: promote, retain or eliminate).",
        "readiness": "Change a pooled candidate's readiness after a review.",
        "record-course": "Record a course or examination result.",
        "train": "Start a pooled candidate's training plan.",
    },
    "commands_plan": {
        "plan": "Talent development plans: goals, stages, safeguards and the training budget.",
        "readmodel": "The read model reports and `list` read: tables next to the events, kept up to date.",
    },
    "commands_query": {
        "status": "Show where a candidate stands now, or stood at a past moment.",
    },
    "commands_report": {
        "report": "Reports HR reads: bench strength, pipeline, nine-box, a position, the plan, one HTML page.",
    },
    "commands_review": {
        "review": "Talent review sessions: a group reviews one population's nine-box and readiness together.",
    },
    "commands_roles": {
        "role": "Roles: hr-owner (rules, workflows, positions, roles), operator (steps), reviewer (reads); beside them auditor (demographics) and approver (approve or reject proposed nominations).",
    },
    "commands_rules": {
        "rules": "Check, test, explain, compare, simulate and publish the rule sets (rules/*.yaml).",
    },
    "commands_serve": {
        "serve": "Serve the console (positions, candidates, reports, rule sets, audit) and /api/v1.",
    },
    "commands_users": {
        "token": "API tokens: a program acting as a user, with one role no higher than the user's.",
        "user": "Who may sign in to the console (`serve`); what they may do is their granted roles.",
    },
    "commands_workflows": {
        "workflows": "The workflow of each echelon: rule sets per step, nomination, training, due dates.",
    },
}

MODULE_OF = {name: module for module, names in COMMAND_MODULES.items() for name in names}
SUMMARY = {name: line for names in COMMAND_MODULES.values() for name, line in names.items()}
