"""How `explain` reads: one block per decision, conditions indented under the rule they fired."""

from __future__ import annotations

from typing import Any

from succession_flow.cli.render import cell


def explanation_text(entries: list[dict[str, Any]]) -> str:
    if not entries:
        return "(no decisions recorded)"
    return "\n\n".join(block(e) for e in entries)


def block(e: dict[str, Any]) -> str:
    typed = f" (OS user {e['os_user']})" if e.get("os_user") else ""
    lines = [f"v{e['version']} {e['time']} {e['event']} ({e['step']}) -> {e['outcome']}, "
             f"by {e['actor']}{typed}"]  # fmt: skip
    if e["decided_by"] == "manual":
        lines.append(f"  decided manually: {e['reason']}")
    else:
        published = e["published"]
        when = f" (published {published['time']} by {published['by']})" if published else ""
        lines.append(f"  rule set {e['ruleset']}@{e['rule_version'][:12]}{when}")
        if published and published.get("note"):
            lines.append(f"  publish note: {published['note']}")
        lines.append(f"  rules said {e['rules_outcome']}: {e['reason']}")
        for match in e["matched"] or [{"rule": "(none: the default applied)", "conditions": []}]:
            lines.append(f"  matched {match['rule']}")
            lines += [f"    {'  ' * c.get('depth', 0)}{mark(c)} {c['text']}"
                      for c in match["conditions"]]  # fmt: skip
    if e.get("read"):
        read = e["read"]
        employee = read.get("employee")
        of_employee = (
            f", employee {employee['employee']} v{employee['version']}" if employee else ""
        )
        lines.append(f"  read {read['position']['text']}{of_employee}")
    if e["attributes"]:
        lines.append(f"  set: {cell(e['attributes'])}")
    if e["facts"]:
        lines.append(f"  facts: {facts_text(e['facts'])}")
    if e.get("rounded"):
        each = ", ".join(f"{k} to {n} decimals" for k, n in e["rounded"].items())
        lines.append(f"  rounded before the rules compared them: {each}")
    if e["override"]:
        o = e["override"]
        lines.append(
            f"  OVERRIDDEN by {o['by']} at {o['time']}: rules said {o['rules_outcome']}, "
            f"applied {o['applied_outcome']}; justification: {o['justification']}"
        )
    return "\n".join(lines)


def mark(condition: dict[str, Any]) -> str:
    return "yes" if condition.get("result") else "no "


def facts_text(facts: dict[str, Any]) -> str:
    """Facts as the rules saw them; a list keeps its brackets and its missing years."""

    def shown(value: Any) -> str:
        if isinstance(value, list):
            return "[" + ", ".join("missing" if v is None else cell(v) for v in value) + "]"
        return cell(value)

    return ", ".join(f"{k}={shown(v)}" for k, v in facts.items())
