"""Files shipped with the package: the default rule sets, workflows, sample HR exports and the
sample talent plan.

Each is a symlink to the top-level folder of the same name; a wheel build copies the files in.
"""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).parent
SHIPPED_RULES = DATA / "rules"
SHIPPED_WORKFLOWS = DATA / "workflows"
SHIPPED_SAMPLES = DATA / "samples" / "hr"
SHIPPED_PLAN = DATA / "plans" / "talent-plan.yaml"
SHIPPED_REVISED_RULES = DATA / "samples" / "fairness"
"""A revised evaluation rule set the demo simulates (and does not publish)."""
SHIPPED_APPROVAL_WORKFLOW = DATA / "samples" / "approval" / "key-positions.yaml"
"""The key-positions workflow with nomination approval, which the demo publishes in December."""
