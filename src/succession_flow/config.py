"""One configuration, resolved once: every composition of Services starts from this value.

Frozen and picklable, so worker processes receive the same configuration the CLI resolved
(store URL and secret together) instead of re-deriving part of it. The rules and workflows
folders are resolved here too, so every command that reads HR files reads the same folder
and can say which one it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from succession_flow.adapters.secrets import read_secret
from succession_flow.adapters.store_url import resolve_store_url
from succession_flow.formats.folders import HrFolder, rules_folder, workflows_folder


@dataclass(frozen=True)
class Config:
    store_url: str
    secret: bytes | None = None
    rules: HrFolder = field(default_factory=rules_folder)
    workflows: HrFolder = field(default_factory=workflows_folder)

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
