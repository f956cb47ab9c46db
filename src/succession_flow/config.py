"""One configuration, resolved once: every composition of Services starts from this value.

Frozen and picklable, so worker processes receive the same configuration the CLI resolved
(store URL and secret together) instead of re-deriving part of it. The rules and workflows
folders are resolved here too, so every command that reads HR files reads the same folder
and can say which one it was.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from succession_flow.adapters.secrets import read_secret
from succession_flow.adapters.store_url import resolve_store_url
from succession_flow.data import SHIPPED_RULES, SHIPPED_WORKFLOWS
from succession_flow.formats.hr_folder import RULES_VARIABLE, WORKFLOWS_VARIABLE, HrFolder


def resolve_folder(given: Path | str | None, variable: str, local: str, option: str) -> HrFolder:
    """The option wins, then the environment variable, then ./rules (./workflows) if it is
    there, else the shipped defaults. Kept as given, so file problems read as the user wrote
    the folder; `absolute` is what a publish names."""
    shipped = SHIPPED_RULES if local == "rules" else SHIPPED_WORKFLOWS
    if given:
        return HrFolder(Path(given), "option", option, variable)
    if named := os.environ.get(variable, "").strip():
        return HrFolder(Path(named), "environment", option, variable)
    if Path(local).is_dir():
        return HrFolder(Path(local), "here", option, variable)
    return HrFolder(shipped, "shipped", option, variable)


def rules_folder(given: Path | str | None = None) -> HrFolder:
    return resolve_folder(given, RULES_VARIABLE, "rules", "--rules")


def workflows_folder(given: Path | str | None = None, option: str = "--folder") -> HrFolder:
    return resolve_folder(given, WORKFLOWS_VARIABLE, "workflows", option)


@dataclass(frozen=True)
class Config:
    store_url: str
    secret: bytes | None = None
    rules: HrFolder = field(default_factory=rules_folder)
    workflows: HrFolder = field(default_factory=workflows_folder)
    os_user: str | None = None
    """The OS user who runs the command, kept only when `--actor` names someone else: every
    event then records both (worker processes get it with the rest of the configuration)."""

    @classmethod
    def resolve(
        cls,
        store_url: str | None = None,
        secret_file: str | None = None,
        rules: Path | None = None,
        workflows: Path | None = None,
    ) -> Config:
        """Options win, then the environment, then the defaults."""
        return cls(
            store_url=resolve_store_url(store_url),
            secret=read_secret(secret_file),
            rules=rules_folder(rules),
            workflows=workflows_folder(workflows),
        )

    def with_store(self, store_url: str) -> Config:
        """The same configuration (secret included) aimed at another store."""
        return replace(self, store_url=store_url)
