"""The `succession-flow` command: global options, error handling, and the command groups."""

from __future__ import annotations

import sys
import unicodedata
from importlib import import_module
from typing import IO, Any

import click

from succession_flow import __version__
from succession_flow.adapters.secrets import SECRET_VARIABLE
from succession_flow.adapters.store_url import DEFAULT_SQLITE_FILE, STORE_VARIABLE
from succession_flow.cli.command_table import MODULE_OF, SUMMARY
from succession_flow.cli.context import CliContext, os_user
from succession_flow.cli.errors import INTERNAL, INTERRUPTED_CODE, error_lines, exit_code_for
from succession_flow.domain.errors import InvalidInput, SuccessionError
from succession_flow.domain.roles import actor_name
from succession_flow.domain.values import escaped


class OneLineUsageError(click.UsageError):
    """Click's usage errors shown like ours: one line naming the option or argument, exit 2."""

    def show(self, file: IO[Any] | None = None) -> None:
        for line in error_lines(self, self.format_message()):
            click.echo(line, err=True)


def one_line(error: click.UsageError) -> click.UsageError:
    if isinstance(error, (OneLineUsageError, click.exceptions.NoArgsIsHelpError)):
        return error  # a bare group still prints its help
    return OneLineUsageError(error.format_message(), error.ctx)


def check_decodable(args: list[str]) -> None:
    """Bytes of the command line that are not UTF-8 reach Python as lone surrogates, which no
    store, file or terminal can encode: refused here, before any command sees them."""
    for arg in args:
        if any(unicodedata.category(c) == "Cs" for c in arg):
            raise OneLineUsageError(f"argument '{escaped(arg)}' is not UTF-8 text")


def named_actor(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """Every event names who acted, so an empty name would leave a hole in the audit trail."""
    try:
        return actor_name(value)
    except InvalidInput as error:
        raise click.BadParameter(str(error), ctx, param) from None


class LazyGroup(click.Group):
    """A group whose commands' modules are imported on first use, by name (`command_table`).

    `commands` stays the whole dict for any code that reads it (every module loaded then);
    resolving one command to run it loads only its own module."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._loaded: dict[str, click.Command] = {}
        super().__init__(*args, **kwargs)

    @property  # type: ignore[override]
    def commands(self) -> dict[str, click.Command]:
        for name in MODULE_OF:
            self._load(name)
        return self._loaded

    @commands.setter
    def commands(self, value: dict[str, click.Command]) -> None:
        self._loaded = dict(value)

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        name = name or cmd.name
        assert name is not None
        self._loaded[name] = cmd

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        self._load(cmd_name)
        return self._loaded.get(cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self._loaded, *MODULE_OF})

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The commands as click lists them, each by its summary unless already loaded, so
        `--help` imports no command's module (that cost it four times a `status`)."""
        names = [n for n in self.list_commands(ctx) if not self._listed(n).hidden]
        if names:
            limit = formatter.width - 6 - max(len(name) for name in names)
            with formatter.section("Commands"):
                formatter.write_dl([(n, self._listed(n).get_short_help_str(limit)) for n in names])

    def _listed(self, name: str) -> click.Command:
        return self._loaded.get(name) or click.Command(name, help=SUMMARY[name])

    def _load(self, name: str) -> None:
        if name not in self._loaded and name in MODULE_OF:
            import_module(f"succession_flow.cli.{MODULE_OF[name]}").register(self)


class ErrorMappingGroup(LazyGroup):
    """Every named error becomes one line on stderr and its own exit code (traceback: --debug)."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        try:
            check_decodable(args)
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as error:  # a bad global option
            raise one_line(error) from error

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SuccessionError as error:
            self._fail(ctx, error, exit_code_for(error), str(error))
        except click.exceptions.Exit:
            raise
        except KeyboardInterrupt as error:  # Ctrl-C outside a batch's chunk loop
            message = "interrupted: what was saved is whole; run the same command again to finish"
            self._fail(ctx, error, INTERRUPTED_CODE, message)
        except click.UsageError as error:  # a bad option or argument of a command
            raise one_line(error) from error
        except click.ClickException:
            raise
        except Exception as error:
            self._fail(ctx, error, INTERNAL, f"internal error: {type(error).__name__}: {error}")
        finally:
            obj = ctx.find_object(CliContext)
            if obj is not None:
                obj.close()

    def _fail(self, ctx: click.Context, error: BaseException, code: int, message: str) -> None:
        """One line per error; --debug adds the traceback before it, the exit code stays."""
        obj = ctx.find_object(CliContext)
        if obj is not None and obj.debug:
            import traceback  # with linecache and tokenize: only when asked for

            traceback.print_exception(error, file=sys.stderr)
        for line in error_lines(error, message):
            click.echo(line, err=True)
        ctx.exit(code)


@click.group(cls=ErrorMappingGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="succession-flow")
@click.option(
    "--store",
    metavar="URL",
    help=f"Event store: sqlite:///PATH[?mode=ro] or postgresql://USER@HOST:PORT/DB[?schema=S]. "
    f"Default: ${STORE_VARIABLE}, else the SQLite file ./{DEFAULT_SQLITE_FILE}.",
)
@click.option(
    "--actor",
    default=os_user,
    callback=named_actor,
    show_default="the OS user",
    help="Who is acting.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.option(
    "--secret-file",
    metavar="FILE",
    help=f"The store's secret (else ${SECRET_VARIABLE}): keys the hash chains, encrypts at rest.",
)
@click.pass_context
def cli(
    ctx: click.Context,
    store: str | None,
    actor: str,
    fmt: str,
    debug: bool,
    secret_file: str | None,
) -> None:
    """Talent succession pipelines: nominate, evaluate, pool, train, promote or exit.

    Judgement steps are decided by the published rule sets; every step is an event.

    \b
    Example:
      succession-flow demo
      succession-flow --store sqlite:///succession-flow-demo.sqlite list
    """
    ctx.obj = CliContext(
        store_url=store, actor=actor, fmt=fmt, debug=debug, secret_file=secret_file
    )


def main() -> None:
    sys.exit(cli.main(prog_name="succession-flow", standalone_mode=True))
