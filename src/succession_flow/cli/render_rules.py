"""Rule results as text for HR: example runs, explanations condition by condition, diffs."""

from __future__ import annotations

from typing import Any

from succession_flow.application.hr_files.rule_inspection import Explanation, RuleSetDiff
from succession_flow.application.hr_files.rule_simulation import Simulation
from succession_flow.formats.rulebook.evaluator import Step
from succession_flow.formats.rulebook.examples import ExampleResult
from succession_flow.reports.render import table


def short(version: str) -> str:
    return version[:12] if version else "-"


def examples_text(results: list[ExampleResult]) -> str:
    lines = []
    for r in results:
        verdict = "PASS" if r.passed else "FAIL"
        line = f"{verdict} {r.ruleset}: {r.name}"
        lines.append(line if r.passed else f"{line}\n     expected {r.expected}, got {r.got}")
    failed = sum(1 for r in results if not r.passed)
    lines.append(f"{len(results)} examples, {failed} failed")
    return "\n".join(lines)


def _steps(step: Step, indent: int) -> list[str]:
    mark = "yes" if step.result else "no "
    lines = [f"{' ' * indent}{mark} {step.text}"]
    for child in step.children:
        lines += _steps(child, indent + 4)
    return lines


def explanation_text(e: Explanation, where: str) -> str:
    d = e.decision
    by = ", ".join(d.matched) or "default"
    lines = [
        f"{e.ruleset}@{short(e.version)} ({where}; hit policy {e.hit_policy})",
        f"decision: {d.outcome} by [{by}]: {d.reason}",
    ]
    if d.attributes:
        lines.append("set: " + ", ".join(f"{k}={v}" for k, v in d.attributes.items()))
    for rule in e.rules:
        lines.append(
            f"rule {rule.id} (priority {rule.priority}): "
            f"{'matches' if rule.matched else 'does not match'}"
        )
        lines += _steps(rule.steps, 4)
    return "\n".join(lines)


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {v}" for k, v in value.items()) + "}"
    return "(none)" if value is None else str(value)


def diff_text(diffs: list[RuleSetDiff]) -> str:
    if not diffs:
        return "no differences"
    lines = []
    for d in diffs:
        lines.append(f"{d.name}: {short(d.old)} -> {short(d.new)}")
        lines += [f"  rule added: {i}" for i in d.added]
        lines += [f"  rule removed: {i}" for i in d.removed]
        for rule_id, parts in d.changed.items():
            for part, (old, new) in parts.items():
                lines.append(f"  rule {rule_id} {part}: {_show(old)} -> {_show(new)}")
        for name, (old, new) in d.parameters.items():
            lines.append(f"  parameter {name}: {_show(old)} -> {_show(new)}")
        for name, (old, new) in d.other.items():
            lines.append(f"  {name}: {_show(old)} -> {_show(new)}")
    return "\n".join(lines)


def simulation_text(s: Simulation) -> str:
    considered = ", ".join(f"{step} {n}" for step, n in s.counts().items()) or "nobody"
    lines = [f"considered: {considered}"]
    if s.unpublished:
        lines.append(f"not published yet: {', '.join(s.unpublished)}")
    for c in s.changes:
        lines.append(f"{c.candidate} {c.step}: {c.published} -> {c.on_disk} ({c.on_disk_reason})")
    lines += [f"skipped {e}" for e in s.errors]
    lines.append(f"{len(s.changes)} outcome(s) would change; nothing was written")
    return "\n".join(lines)


def impact_lines(rows: list[dict[str, Any]]) -> list[str]:
    """The impact ratios under the published version and the file (nothing when nobody
    waiting has disclosed a category)."""
    if not rows:
        return []
    shown = [{**r, "flagged": "below 0.8" if r["flagged"] else ""} for r in rows]
    return ["adverse impact (impact ratio: published -> file):", table(shown)]
