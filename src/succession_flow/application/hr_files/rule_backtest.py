"""What would the rules on disk have decided for the people already decided? Each recorded
decision's facts, decided again by the file's version of the same rule set, nothing written.

`rules simulate` looks ahead, at the candidates waiting today; this looks back, at the very
people an adverse-impact report counted, so the impact ratio the report found and the ratio
the revised rules would give are computed on one population.
"""

from __future__ import annotations

from pathlib import Path

from succession_flow.application.audit.decisions import Period, decision_record
from succession_flow.application.hr_files.rule_publishing import load_rules
from succession_flow.application.hr_files.rule_simulation import Change, Judged, Simulation
from succession_flow.application.services import Services
from succession_flow.domain.pipeline_steps import FAVOURABLE


def backtest(services: Services, folder: Path, period: Period | None = None) -> Simulation:
    """The latest rule decision of each candidacy and step, decided again with the files."""
    books = load_rules(folder)
    record = decision_record(services, period or Period())
    result = Simulation()
    for d in record.decisions:
        if not d.automated or d.step not in FAVOURABLE or d.ruleset not in books:
            continue
        result.considered[d.step] += 1
        new = services.engine.decide(books[d.ruleset].source, d.facts)
        categories = record.demographics.get(d.employee_id, {})
        result.judged.append(Judged(d.step, dict(categories), d.rules_outcome, new.outcome))
        if new.outcome != d.rules_outcome:
            who = f"{d.employee_id}@{d.position_id}"
            result.changes.append(
                Change(who, d.step, d.ruleset, d.rules_outcome, new.outcome, "", new.reason)
            )
    return result
