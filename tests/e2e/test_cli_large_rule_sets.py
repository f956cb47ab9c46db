"""A rule set of 1,000 rules through the CLI: `rules check` ends in seconds and says what it
could not check, `rules publish` publishes it, and a decision with it is made by the real
engine on both stores (it used to take minutes to check and abort the process to decide)."""

from __future__ import annotations

import json
from pathlib import Path

from bench.rule_counts import banded_pool

from succession_flow.formats.rulebook.reachability import MAX_COVERAGE_RULES
from tests.e2e.cli_helpers import run
from tests.e2e.rules_setup import rules_copy


def test_a_rule_set_of_1000_rules_is_checked_with_a_note_published_and_decides(
    store_url: str, tmp_path: Path
) -> None:
    rules = rules_copy(tmp_path)
    (rules / "pool.yaml").write_text(banded_pool(1000))
    checked = run(store_url, "rules", "check", "--rules", str(rules))
    assert checked.exit_code == 0
    assert checked.stderr == (
        f"note: {rules / 'pool.yaml'}:50: 1,000 rules: whether a rule is decided first by the "
        f"rules above it is checked for up to {MAX_COVERAGE_RULES:,} rules; only contradictions "
        "were checked\n"
    )
    published = run(store_url, "rules", "publish", "--rules", str(rules), "--note", "bands")
    assert published.exit_code == 0, published.output
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps({"competency_score": 4.99, "potential": "low"}))
    explained = run(
        store_url, "--format", "json", "rules", "explain", "pool", "--facts", str(facts)
    )
    assert explained.exit_code == 0, explained.output
    decision = json.loads(explained.stdout)["decision"]
    assert (decision["outcome"], decision["matched"]) == ("ready-3-5-years", ["r999"])
