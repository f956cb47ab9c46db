"""The demo's fairness audit: the report finds an evaluation rule's impact ratio below 0.8 for
a group, and a revised rule set, decided again on the same people, shows the ratio rise.

It uses the commands an auditor and HR would (`report adverse-impact`, then
`rules simulate --decided --rules samples/fairness`); nothing is published.
"""

from __future__ import annotations

from typing import Any

from succession_flow.application.audit.decisions import Period, decision_record
from succession_flow.application.hr_files.rule_backtest import backtest
from succession_flow.application.hr_files.rule_impact import compare_impact, impact_rows
from succession_flow.application.services import Services
from succession_flow.data import SHIPPED_REVISED_RULES
from succession_flow.reports.adverse_impact import Scope, adverse_impact
from succession_flow.reports.report import Report

STEP = "evaluate"


def fairness_story(services: Services) -> dict[str, Any]:
    """What the report flagged at evaluation, and the categories the revision lifts."""
    found = adverse_impact(decision_record(services, Period()), Scope(step=STEP))
    flagged = [
        {"axis": a["axis"], "category": c["category"], "impact_ratio": c["impact_ratio"]}
        for a in found.value["steps"][0]["axes"]
        for c in a["categories"]
        if c["flagged"]
    ]
    rows = impact_rows(compare_impact(backtest(services, SHIPPED_REVISED_RULES)))
    risen = [
        {k: r[k] for k in ("axis", "category", "published_ratio", "file_ratio", "flagged")}
        for r in rows
        if r["step"] == STEP
        and r["published_ratio"] is not None
        and r["file_ratio"] is not None
        and r["file_ratio"] > r["published_ratio"]
        and r["published_ratio"] < 0.8
    ]
    return {"step": STEP, "flagged": flagged, "revised_rules": "samples/fairness", "risen": risen}


def revision_report(story: dict[str, Any]) -> Report:
    """The HTML page's view of the revision: each lifted ratio, as decided and as revised."""
    rows = [
        {
            "axis": r["axis"],
            "category": r["category"],
            "ratio_as_decided": r["published_ratio"],
            "ratio_revised": r["file_ratio"],
            "still_below_0.8": r["flagged"],
        }
        for r in story["risen"]
    ]
    notes = [
        "the evaluation decisions already made, decided again by the revised rule set in "
        f"{story['revised_rules']} (rules simulate --decided); nothing was published",
    ]
    caption = "impact ratios that rise under the revised evaluation rules"
    return Report(
        "impact-revision",
        "Fairness: a revised evaluation rule",
        {"risen": rows},
        [(caption, rows)],
        notes,
    )
