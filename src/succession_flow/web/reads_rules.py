"""`rules simulate` for one uploaded file: whose outcome the file would change, and each
category's impact ratio under both versions, exactly as the command prints it. Writes nothing."""

from __future__ import annotations

from typing import Any

from succession_flow.application.hr_files import rule_impact
from succession_flow.application.hr_files.rule_simulation import simulate_file
from succession_flow.application.services import Services


def simulate(services: Services, data: bytes, origin: str) -> dict[str, Any]:
    book, result = simulate_file(services, data, origin)
    rows = rule_impact.impact_rows(rule_impact.compare_impact(result))
    return {"file": origin, "ruleset": book.name, "version": book.version, **result.to_dict(),
            "impact": rows}  # fmt: skip
