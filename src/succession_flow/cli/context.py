"""What every command shares: the global options and the lazily opened application."""

from __future__ import annotations

import getpass
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any, TypeVar, cast

import click

from succession_flow.adapters.secrets import read_secret
from succession_flow.adapters.store_url import parse_store_url, resolve_store_url
from succession_flow.application.services import Services
from succession_flow.config import Config
from succession_flow.domain.errors import NotFound


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
    reads_only: bool = False
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
            config = self.config
            if self.reads_only:
                refuse_missing_store(config)
            from succession_flow.bootstrap import compose  # so --help imports no store

            self._services = compose(config)
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

F = TypeVar("F", bound=Callable[..., Any])


def reads_store(command: F) -> F:
    """Marks a command that only reads: it must never create a store by opening one."""

    @wraps(command)
    def reading(obj: CliContext, *args: Any, **kwargs: Any) -> Any:
        obj.reads_only = True
        return command(obj, *args, **kwargs)

    return cast(F, reading)


def refuse_missing_store(config: Config) -> None:
    """A mistyped SQLite path would otherwise become a new empty store answering "(none)".
    A missing folder is left to the store, which reports it unreachable (exit 6)."""
    path = parse_store_url(config.store_url).sqlite_path
    if path is not None and path.parent.is_dir() and not path.exists():
        raise NotFound(f"no store at {path}: run a writing command or `init` first")
