"""One configuration, resolved once: every composition of Services starts from this value.

Frozen and picklable, so worker processes receive the same configuration the CLI resolved
(store URL and secret together) instead of re-deriving part of it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from succession_flow.adapters.secrets import read_secret
from succession_flow.adapters.store_url import resolve_store_url


@dataclass(frozen=True)
class Config:
    store_url: str
    secret: bytes | None = None
    rules: str | None = None
    workflows: str | None = None

    @classmethod
    def resolve(cls, store_url: str | None = None, secret_file: str | None = None) -> Config:
        """Options win, then the environment, then the defaults."""
        return cls(store_url=resolve_store_url(store_url), secret=read_secret(secret_file))

    def with_store(self, store_url: str) -> Config:
        """The same configuration (secret included) aimed at another store."""
        return replace(self, store_url=store_url)
