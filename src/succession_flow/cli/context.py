"""What every command shares: the global options and the lazily opened application."""

from __future__ import annotations

import getpass
from dataclasses import dataclass, field

import click

from succession_flow.adapters.secrets import read_secret
from succession_flow.adapters.store_url import parse_store_url, resolve_store_url
from succession_flow.application.services import Services
from succession_flow.bootstrap import compose
from succession_flow.config import Config


def os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


@dataclass
class CliContext:
    store_url: str | None
    actor: str
    fmt: str
    debug: bool
    secret_file: str | None = None
    _services: Services | None = field(default=None, repr=False)

    @property
    def resolved_url(self) -> str:
        return resolve_store_url(self.store_url)

    def where(self) -> str:
        return parse_store_url(self.resolved_url).describe()

    @property
    def services(self) -> Services:
        """Opened on first use, so --help and bad arguments never create a store."""
        if self._services is None:
            self._services = compose(self.config)
        return self._services

    @property
    def config(self) -> Config:
        """Resolved once from the options and the environment; workers and demo share it."""
        return Config.resolve(self.store_url, self.secret_file)

    def secret(self) -> bytes | None:
        return read_secret(self.secret_file)

    def close(self) -> None:
        if self._services is not None:
            self._services.close()
            self._services = None


pass_ctx = click.make_pass_decorator(CliContext)
