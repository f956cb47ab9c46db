"""`rules diff` in words: rules added, removed and changed, and thresholds old -> new."""

from __future__ import annotations

from succession_flow.application.hr_files.rule_inspection import compare
from succession_flow.cli.render_rules import diff_text
from succession_flow.formats.rulebook.loader import parse_source
from tests.unit.rules.helpers import SHIPPED

OLD = (SHIPPED / "promotion.yaml").read_text()


def test_a_diff_names_every_changed_rule_part_and_threshold() -> None:
    new = (
        OLD.replace("    default: 60\n", "    default: 55\n")
        .replace("by_echelon: {key-position: 80}", "by_echelon: {key-position: 82, reserve: 70}")
        .replace(
            "outcome: eliminate\n    reason: last year's",
            "outcome: retain\n    reason: last year's",
        )
        .replace(
            "{fact: readiness, in: [ready-now, ready-1-2-years]}",
            '{fact: readiness, "==": ready-now}',
        )
        .replace("not-ready-yet", "not-ready")
    )
    old_book, new_book = parse_source(OLD, "old"), parse_source(new, "new")
    diff = compare(old_book, new_book)
    assert diff_text([diff]).splitlines() == [
        f"promotion: {old_book.version[:12]} -> {new_book.version[:12]}",
        "  rule added: not-ready",
        "  rule removed: not-ready-yet",
        "  rule performance-slipped outcome: eliminate -> retain",
        "  rule promote-into-vacancy when: (final_assessment >= min_promotion and readiness in "
        "[ready-now, ready-1-2-years] and rank <= vacancies) -> (final_assessment >= min_promotion "
        "and readiness == ready-now and rank <= vacancies)",
        "  parameter min_promotion[key-position]: 80 -> 82",
        "  parameter min_retention: 60 -> 55",
        "  parameter min_promotion[reserve]: (none) -> 70",
    ]


def test_a_new_rule_set_lists_all_its_rules_as_added() -> None:
    diff = compare(None, parse_source(OLD, "new"))
    assert diff.added[:2] == ["assessment-too-low", "performance-slipped"]
    assert diff.other["hit_policy"] == (None, "first")
