"""The documentation stays true: the CLI reference is current, every command has an example,
every relative link leads somewhere, and the exit-code table lists the codes the CLI uses."""

from __future__ import annotations

import importlib
import os
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from succession_flow.cli.commands_batch import INTERRUPTED_CODE
from succession_flow.cli.errors import EXIT_CODES, INTERNAL, OK
from succession_flow.cli.main import cli
from succession_flow.cli.reference import REGENERATE, WIDTH, render, walk

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
PAGES = [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*$", re.MULTILINE)


def test_docs_cli_md_is_exactly_what_the_reference_generator_prints_today() -> None:
    assert (DOCS / "cli.md").read_text(encoding="utf-8") == render(cli), (
        f"docs/cli.md is out of date with the commands' --help; regenerate it: {REGENERATE}"
    )


def test_the_regenerate_command_prints_the_same_reference_from_any_folder_and_terminal_width(
    tmp_path: Path,
) -> None:
    env = {**os.environ, "COLUMNS": "40", "SUCCESSION_FLOW_STORE": "sqlite:///elsewhere.sqlite"}
    printed = subprocess.run(
        [sys.executable, "-m", "succession_flow.cli.reference"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert (printed.stdout, printed.stderr) == (render(cli), "")


def test_the_reference_has_one_section_per_command_under_its_full_name() -> None:
    headings = HEADING.findall(render(cli))
    paths = [ctx.command_path for ctx in walk(cli)]
    assert headings == ["CLI reference", *paths]
    assert "succession-flow rules publish" in paths
    assert len(paths) == len(set(paths))


@pytest.mark.parametrize(
    "path", [ctx.command_path.split()[1:] for ctx in walk(cli)], ids=lambda path: " ".join(path)
)
def test_each_section_of_the_reference_is_what_that_commands_help_prints(path: list[str]) -> None:
    result = CliRunner().invoke(
        cli, [*path, "--help"], prog_name="succession-flow", terminal_width=WIDTH
    )
    assert result.exit_code == 0
    assert f"```text\n{result.output.rstrip()}\n```" in render(cli)


@pytest.mark.parametrize(
    "path",
    [ctx.command_path.split()[1:] for ctx in walk(cli) if not isinstance(ctx.command, click.Group)],
    ids=lambda path: " ".join(path),
)
def test_every_command_has_help_with_an_example(path: list[str]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output, f"succession-flow {' '.join(path)} --help has no example"


def test_every_command_group_says_what_it_is_for() -> None:
    groups = [ctx for ctx in walk(cli) if isinstance(ctx.command, click.Group)]
    assert [ctx.command_path for ctx in groups if not (ctx.command.help or "").strip()] == []


def github_anchor(heading: str) -> str:
    """How GitHub names a heading's anchor: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[`*_]|\[([^\]]*)\]\([^)]*\)", r"\1", heading).lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    return {github_anchor(h) for h in HEADING.findall(FENCE.sub("", page.read_text("utf-8")))}


def relative_links(page: Path) -> list[str]:
    text = FENCE.sub("", page.read_text(encoding="utf-8"))
    return [t for t in LINK.findall(text) if not re.match(r"[a-z][a-z+.-]*:", t)]


def broken(page: Path, target: str) -> str | None:
    """Why a link leads nowhere (a missing file, or a missing heading in a Markdown page)."""
    file_part, _, fragment = target.partition("#")
    linked = (page.parent / file_part).resolve() if file_part else page
    if not linked.exists():
        return f"{page.relative_to(ROOT)}: ({target}) names a file that does not exist"
    if fragment and linked.suffix == ".md" and fragment not in anchors(linked):
        return f"{page.relative_to(ROOT)}: ({target}) names a heading that does not exist"
    return None


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(ROOT)))
def test_every_relative_link_points_to_an_existing_file_and_heading(page: Path) -> None:
    problems = [p for t in relative_links(page) if (p := broken(page, t)) is not None]
    assert problems == []


def test_the_docs_folder_has_a_page_for_each_audience_and_the_cli_reference() -> None:
    names = {page.name for page in DOCS.glob("*.md")}
    assert {"operators.md", "hr-rules.md", "auditors.md", "architecture.md", "cli.md"} <= names


def test_the_exit_code_table_for_operators_lists_exactly_the_codes_the_cli_exits_with() -> None:
    page = (DOCS / "operators.md").read_text(encoding="utf-8")
    table = page.split("\n## Exit codes\n", 1)[1].split("\n## ", 1)[0]
    documented = {int(code) for code in re.findall(r"^\| (\d+) \|", table, re.MULTILINE)}
    assert documented == {OK, INTERNAL, INTERRUPTED_CODE, *(code for _, code in EXIT_CODES)}


def architecture_rows() -> list[tuple[str, str]]:
    """The rows of architecture.md's "Where things live" table: (names cell, module path)."""
    page = (DOCS / "architecture.md").read_text(encoding="utf-8")
    table = page.split("\n## Where things live\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| (`.+`.*) \| `(src/[\w/]+\.py)` \|$", table, re.MULTILINE)


def missing_names(cell: str, module_path: str) -> list[str]:
    """Each `name` in the cell must be in the module; `Class` (`method`, …) names its members."""
    if not (ROOT / module_path).is_file():
        return [f"{module_path} does not exist"]
    module = importlib.import_module(module_path[len("src/") : -len(".py")].replace("/", "."))
    missing = []
    for name, members in re.findall(r"`([\w.]+)`(?:\s*\(([^)]*)\))?", cell):
        found: object = module
        for part in name.split("."):
            found = getattr(found, part, None)
        attributes = re.findall(r"`(\w+)`", members) if found is not None else []
        if found is None:
            missing.append(f"`{name}` is not in {module_path}")
        missing += [f"`{name}.{a}` is not in {module_path}" for a in attributes
                    if not hasattr(found, a)]  # fmt: skip
    return missing


def test_the_architecture_page_names_only_functions_that_live_where_it_says() -> None:
    rows = architecture_rows()
    problems = [p for cell, path in rows for p in missing_names(cell, path)]
    assert len(rows) > 20
    assert problems == [], "update the table 'Where things live' in docs/architecture.md"
