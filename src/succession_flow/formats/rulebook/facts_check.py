"""Declared facts against what the step really provides (the catalogue), and declared scales."""

from __future__ import annotations

import re
from collections.abc import Callable

from succession_flow.domain.demographics import is_demographic_fact
from succession_flow.formats.rulebook.book import bounds_text
from succession_flow.formats.rulebook.catalogue import BUILT_IN_SCALES, PROVIDED, Provided
from succession_flow.formats.rulebook.model import FACT_NAME, RuleSetFile
from succession_flow.formats.yaml_source import Path

Report = Callable[[Path, str], None]


def check_declared_facts(
    spec: RuleSetFile, scales: dict[str, tuple[str, ...]], report: Report
) -> None:
    for name, labels in spec.scales.items():
        if name in BUILT_IN_SCALES:
            report(("scales", name), f"scale {name!r} is built in; choose another name")
        elif not labels or len(set(labels)) != len(labels):
            report(("scales", name), f"scale {name!r} needs distinct labels, lowest first")
    provided = PROVIDED[spec.step]
    for name, fact in spec.facts.items():
        where: Path = ("facts", name)
        if not re.match(FACT_NAME, name):
            report(where, f"fact name {name!r}: use lower case words joined by '_'")
            continue
        if is_demographic_fact(name):
            report(
                where,
                f"fact {name!r} names a self-identified demographic: no step supplies one and "
                "no rule may read it (they are kept for the adverse-impact audit only)",
            )
            continue
        if name not in provided:
            report(
                where,
                f"fact {name!r} is not provided by step {spec.step} "
                f"(see rules/FACTS.md: {', '.join(sorted(provided))})",
            )
            continue
        real = provided[name]
        if fact.type != real.type:
            report(
                (*where, "type"),
                f"fact {name!r} is a {real.type} in step {spec.step}, not a {fact.type}",
            )
            continue
        if fact.type == "number":
            check_bounds(spec.step, name, fact.min, fact.max, real, where, report)
        if fact.type in ("rating", "ratings"):
            if fact.scale_name not in scales:
                report((*where, "scale"), f"fact {name!r}: unknown scale {fact.scale_name!r}")
            elif fact.scale_name != real.scale:
                report((*where, "scale"), f"fact {name!r} is on the {real.scale} scale")
        if fact.type == "enum":
            extra = [v for v in fact.values or [] if v not in real.values]
            if extra:
                report(
                    (*where, "values"),
                    f"fact {name!r}: step {spec.step} never gives "
                    f"{extra[0]!r} (values: {', '.join(real.values)})",
                )


def check_bounds(
    step: str,
    name: str,
    low: float | None,
    high: float | None,
    real: Provided,
    where: Path,
    report: Report,
) -> None:
    """A declared range is the step's own scale or none: `job_match` 1..5 where the step gives
    0..100 would compare percentages with a five-point threshold, so it is refused."""
    for bound, declared, supplied in (("min", low, real.low), ("max", high, real.high)):
        if declared is not None and declared != supplied:
            report(
                (*where, bound),
                f"fact {name!r} is {bounds_text(real.low, real.high)} in step {step}, "
                f"not {bounds_text(low, high)} (declare the step's range or none)",
            )
            return
