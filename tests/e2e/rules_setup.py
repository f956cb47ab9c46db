"""A store with the builders' company, and a private copy of the shipped rules to edit."""

from __future__ import annotations

import shutil
from pathlib import Path

from succession_flow.bootstrap import bootstrap
from tests.integration.builders import company

SHIPPED = Path(__file__).parents[2] / "rules"
SHIPPED_WORKFLOWS = Path(__file__).parents[2] / "workflows"


def company_store(store_url: str, employees: int = 3) -> None:
    services = bootstrap(store_url)
    try:
        company(services, employees)
    finally:
        services.close()


def rules_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    shutil.copytree(SHIPPED, folder)
    return folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new))


def approval_workflows(tmp_path: Path) -> Path:
    """The shipped workflows, with key positions' nominations held for an approver (7 days)."""
    folder = tmp_path / "workflows"
    shutil.copytree(SHIPPED_WORKFLOWS, folder)
    edit(
        folder / "key-positions.yaml",
        "stages:\n",
        "nomination_approval: required\nstages:\n  proposed: {due_days: 7}\n",
    )
    return folder
