"""What every command shares: the global options and the lazily opened application."""

from __future__ import annotations

import getpass
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar, cast

import click

from succession_flow.adapters.secrets import read_secret
from succession_flow.adapters.store_url import parse_store_url, resolve_store_url
from succession_flow.application.services import Services
from succession_flow.cli.authorisation import OWN_STORE, command_name, needed
from succession_flow.config import Config


def os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


@dataclass
class CliContext:
    """`reads_only` starts True: a command opens the store only to read unless it is declared
    with `@writes_store`, so a new command cannot forget to refuse a missing store."""

    store_url: str | None
    actor: str
    fmt: str
    debug: bool
    secret_file: str | None = None
    reads_only: bool = True
    rules_given: Path | None = None
    workflows_given: Path | None = None
    _services: Services | None = field(default=None, repr=False)
    _config: Config | None = field(default=None, repr=False)

    @property
    def resolved_url(self) -> str:
        return resolve_store_url(self.store_url)

    def where(self) -> str:
        return parse_store_url(self.resolved_url).describe()

    @property
    def services(self) -> Services:
        """Opened on first use, so --help and bad arguments never create a store. Without the
        secret that reads the store's latest event every command is refused (exit 7), reads
        too: a read that touches no encrypted event (`role list` of a store without roles,
        `audit verify`'s seals) would otherwise answer as if the secret were right."""
        if self._services is None:
            from succession_flow.bootstrap import compose  # so --help imports no store

            config = self.store_config()
            self._services = compose(config)
            self._services.store.check_secret()
        return self._services

    @property
    def config(self) -> Config:
        """Resolved once from the options and the environment; workers and demo share it.
        First asked in the command's body, after click has parsed all its options."""
        if self._config is None:
            resolved = Config.resolve(
                self.store_url, self.secret_file, self.rules_given, self.workflows_given
            )
            typed = os_user()
            self._config = resolved if typed == self.actor else replace(resolved, os_user=typed)
        return self._config

    def store_config(self) -> Config:
        """The configuration of a store this command may open: for a read, one that exists."""
        config = self.config
        if self.reads_only:
            from succession_flow.bootstrap import require_store  # the store's driver, lazily

            require_store(config)
        return config

    def secret(self) -> bytes | None:
        return read_secret(self.secret_file)

    def close(self) -> None:
        if self._services is not None:
            self._services.close()
            self._services = None


pass_ctx = click.make_pass_decorator(CliContext)

F = TypeVar("F", bound=Callable[..., Any])

WRITES = "writes_store"


def writes_store(command: F) -> F:
    """Marks a command that appends events: it may create the store it writes to. Goes under
    `@pass_ctx`; every other command only reads and refuses a missing store (exit 3)."""

    @wraps(command)
    def writing(obj: CliContext, *args: Any, **kwargs: Any) -> Any:
        obj.reads_only = bool(kwargs.get("dry_run"))  # a dry run only reads: no store made
        path = click.get_current_context().command_path
        if command_name(path) not in OWN_STORE:
            obj.services.store.check_secret()
            capability = needed(path, kwargs.get("step"))
            if capability is not None:
                from succession_flow.application.people.access import require

                require(obj.services, obj.actor, capability)
        return command(obj, *args, **kwargs)

    setattr(writing, WRITES, True)
    return cast(F, writing)


def declared_writing(command: click.Command) -> bool:
    """Whether the command was declared with `@writes_store` (click keeps the mark)."""
    return bool(getattr(command.callback, WRITES, False))


FOLDER = click.Path(file_okay=False, path_type=Path)


def given_folder(attribute: str) -> Callable[[click.Context, click.Parameter, Path | None], None]:
    """Hands an HR folder option to the configuration instead of to the command."""

    def store(ctx: click.Context, param: click.Parameter, value: Path | None) -> None:
        obj = ctx.find_object(CliContext)
        if obj is not None and value is not None:
            setattr(obj, attribute, value)

    return store


def rules_folder_option(func: F) -> F:
    return click.option(
        "--rules",
        type=FOLDER,
        expose_value=False,
        callback=given_folder("rules_given"),
        help="Rule files folder. Default: $SUCCESSION_FLOW_RULES, else ./rules if it exists, "
        "else the shipped rules.",
    )(func)


def workflows_folder_option(func: F) -> F:
    return click.option(
        "--folder",
        type=FOLDER,
        expose_value=False,
        callback=given_folder("workflows_given"),
        help="Workflow files folder. Default: $SUCCESSION_FLOW_WORKFLOWS, else ./workflows "
        "if it exists, else the shipped workflows.",
    )(func)
