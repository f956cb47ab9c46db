"""The CLI reference (docs/cli.md), generated from the command tree's own `--help` texts.

The help texts are the one source of what each command does; the reference is only their
printout, so it cannot drift from the code as long as it is regenerated (a test checks that it
is). Regenerate with `python -m succession_flow.cli.reference > docs/cli.md`. The width is
fixed and the commands are sorted, so the output does not depend on the terminal or the machine.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

import click

from succession_flow.cli.main import cli

PROGRAM = "succession-flow"
WIDTH = 100
REGENERATE = "python -m succession_flow.cli.reference > docs/cli.md"


def walk(
    command: click.Command, parent: click.Context | None = None, name: str = PROGRAM
) -> Iterator[click.Context]:
    """Every command and group, depth first in name order, each with its own click context.

    A context per command gives click's help its full usage line (`succession-flow rules check`)
    and the fixed width, which children inherit from the root. The command's own context
    settings (the root's `-h`) apply as when click runs it, so the text is what `--help` prints.
    """
    fixed = {"terminal_width": WIDTH, "max_content_width": WIDTH}
    settings = {**command.context_settings, **fixed}
    ctx = command.context_class(command, info_name=name, parent=parent, **settings)
    yield ctx
    if isinstance(command, click.Group):
        for child_name in command.list_commands(ctx):
            child = command.get_command(ctx, child_name)
            if child is not None and not child.hidden:
                yield from walk(child, ctx, child_name)


def anchor(ctx: click.Context) -> str:
    """The heading's anchor as GitHub and most renderers compute it: words joined by hyphens."""
    return ctx.command_path.replace(" ", "-")


def summary(ctx: click.Context) -> str:
    """The first sentence of the help, safe inside a Markdown table cell."""
    return ctx.command.get_short_help_str(limit=200).replace("|", "\\|")


def section(ctx: click.Context) -> str:
    """One command: a heading with its full name, then its help exactly as `--help` prints it."""
    help_text = ctx.command.get_help(ctx).rstrip()
    return f"## {ctx.command_path}\n\n```text\n{help_text}\n```\n"


def contents(contexts: list[click.Context]) -> str:
    lines = ["| command | what it does |", "|---|---|"]
    for ctx in contexts:
        lines.append(f"| [`{ctx.command_path}`](#{anchor(ctx)}) | {summary(ctx)} |")
    return "\n".join(lines) + "\n"


def render(root: click.Command) -> str:
    """The whole reference as Markdown: a table of contents, then one section per command."""
    contexts = list(walk(root))
    header = (
        "# CLI reference\n\n"
        "<!-- Generated from the commands' --help texts; do not edit by hand. -->\n"
        f"<!-- Regenerate: {REGENERATE} -->\n\n"
        f"Every command's `--help` prints the same text as its section here. Global options"
        f" (`--store`, `--actor`, `--format`, `--secret-file`, `--debug`) go before the command:"
        f" `{PROGRAM} --store URL list`. The exit codes are listed for"
        f" [operators](operators.md#exit-codes).\n\n"
    )
    return header + contents(contexts) + "\n" + "\n".join(section(ctx) for ctx in contexts)


def main() -> None:
    sys.stdout.write(render(cli))


if __name__ == "__main__":
    main()
