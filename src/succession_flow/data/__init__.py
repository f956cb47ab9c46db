"""Files shipped with the package: the default rule sets and workflows (links to the top level)."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).parent
SHIPPED_RULES = DATA / "rules"
SHIPPED_WORKFLOWS = DATA / "workflows"
