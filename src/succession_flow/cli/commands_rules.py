"""`succession-flow rules ...`: HR's loop over rule files: check, test, explain, diff,
simulate, publish, status. Decisions only ever use what `publish` stored."""

from __future__ import annotations

from pathlib import Path

import click

from succession_flow.application.hr_files import rule_impact
from succession_flow.application.hr_files import rule_inspection as inspect
from succession_flow.application.hr_files import rule_publishing as publishing
from succession_flow.application.hr_files.rule_backtest import backtest
from succession_flow.application.hr_files.rule_simulation import simulate as simulate_rules
from succession_flow.cli import render_rules as show
from succession_flow.cli.context import CliContext, pass_ctx, rules_folder_option, writes_store
from succession_flow.cli.errors import BAD_INPUT, CheckFailed
from succession_flow.cli.render import emit, table
from succession_flow.domain.values import escaped
from succession_flow.formats.hr_folder import HrFolder
from succession_flow.formats.yaml_source import YamlProblems


def read_from(folder: HrFolder) -> str:
    """The first line of every command that read rule files: which folder it was."""
    return f"rules read from {folder.describe()}"


@click.group()
def rules() -> None:
    """Check, test, explain, compare, simulate and publish the rule sets (rules/*.yaml).

    \b
    Example:
      succession-flow rules check && succession-flow rules test
      succession-flow rules simulate && succession-flow rules publish --note "raise the bar"
    """


@rules.command()
@rules_folder_option
@click.pass_context
def check(ctx: click.Context) -> None:
    """Validate every rule file; each problem is printed as FILE:LINE: message (exit 2).

    \b
    Example:
      succession-flow rules check --rules ./rules
    """
    obj = ctx.find_object(CliContext)
    assert obj is not None
    where = obj.config.rules.path
    try:
        books = publishing.load_rules(where)
    except YamlProblems as error:
        for problem in error.problems:
            click.echo(escaped(problem), err=True)
        ctx.exit(BAD_INPUT)
    value = {"folder": str(where), "rulesets": {n: b.version for n, b in sorted(books.items())}}
    for note in (note for _, book in sorted(books.items()) for note in book.notes):
        click.echo(f"note: {note}", err=True)
    emit(obj.fmt, value, f"ok: {len(books)} rule sets in {where} ({', '.join(sorted(books))})")


@rules.command("test")
@rules_folder_option
@pass_ctx
def test_cmd(obj: CliContext) -> None:
    """Run every rule set's examples on the real engine; exit 8 if any fails.

    \b
    Example:
      succession-flow rules test
    """
    books = publishing.load_rules(obj.config.rules.path)
    from succession_flow.bootstrap import LazyEngine  # the rule engine, only when used

    results = publishing.run_rule_examples(LazyEngine(), books)
    text = f"{read_from(obj.config.rules)}\n{show.examples_text(results)}"
    emit(obj.fmt, [r.to_dict() for r in results], text)
    failed = sum(1 for r in results if not r.passed)
    if failed:
        raise CheckFailed(f"{failed} of {len(results)} examples failed")


@rules.command()
@click.argument("ruleset")
@click.option(
    "--facts",
    "facts_file",
    required=True,
    type=click.Path(path_type=Path),
    help="YAML or JSON facts (a recorded decision works too).",
)
@click.option("--version", default="", help="A published version (hash or prefix).")
@click.option("--file", "from_file", is_flag=True, help="Explain the file on disk instead.")
@rules_folder_option
@pass_ctx
def explain(
    obj: CliContext,
    ruleset: str,
    facts_file: Path,
    version: str,
    from_file: bool,
) -> None:
    """Show which rules match the facts and why, condition by condition, with the values.

    \b
    Example:
      succession-flow rules explain evaluation --facts candidate.yaml
      succession-flow rules explain pool --facts facts.json --version 3f2a9c1b
    """
    facts = inspect.read_facts(facts_file)
    where = obj.config.rules.path if from_file else None
    if where is not None:
        from succession_flow.bootstrap import LazyEngine  # the rule engine, only when used

        explanation = inspect.explain(LazyEngine(), inspect.file_book(where, ruleset), facts)
    else:
        book = inspect.published_book(obj.services, ruleset, version)
        explanation = inspect.explain(obj.services.engine, book, facts)
    label = f"file in {where}" if where else ("version" if version else "published")
    emit(obj.fmt, explanation.to_dict(), show.explanation_text(explanation, label))


@rules.command()
@click.option("--from", "old", default="", help="Compare this published version ...")
@click.option("--to", "new", default="", help="... with this one (same rule set).")
@rules_folder_option
@pass_ctx
def diff(obj: CliContext, old: str, new: str) -> None:
    """What changed: rules added, removed or changed, and thresholds old -> new.

    Without --from/--to, the files on disk are compared with the published versions.

    \b
    Example:
      succession-flow rules diff
      succession-flow rules diff --from 3f2a9c1b --to 8d0e4a77
    """
    if bool(old) != bool(new):
        raise click.UsageError("--from and --to go together")
    if old:
        diffs = [inspect.diff_versions(obj.services, old, new)]
        text = show.diff_text(diffs)
    else:
        diffs = inspect.diff_files(obj.services, obj.config.rules.path)
        text = f"{read_from(obj.config.rules)}\n{show.diff_text(diffs)}"
    emit(obj.fmt, [d.to_dict() for d in diffs], text)


@rules.command()
@click.option("--note", default="", help="Why these rules change (kept with the version).")
@click.option(
    "--accept-impact",
    is_flag=True,
    help="Publish although the new rules flag a category below 0.8 (needs --justification).",
)
@click.option("--justification", default="", help="Why the adverse impact is accepted.")
@rules_folder_option
@pass_ctx
@writes_store
def publish(obj: CliContext, note: str, accept_impact: bool, justification: str) -> None:
    """Publish every changed rule set as a new version; refuses if any is invalid or any
    example fails (nothing is written then). Shows the adverse impact of the change on
    today's candidates; a workflow with `adverse_impact: refuse` refuses a new flag.

    \b
    Example:
      succession-flow rules publish --note "stricter key-position thresholds"
    """
    folder = obj.config.rules
    done = rule_impact.publish_checked(
        obj.services, folder, obj.actor, note, accept_impact, justification
    )
    report = done.report
    lines = [read_from(folder)]
    lines += [
        f"published {p.name}: {show.short(p.previous)} -> {show.short(p.version)}"
        for p in report.published
    ]
    lines.append(f"unchanged: {', '.join(report.unchanged) or '(none)'}")
    impact = rule_impact.impact_rows(done.impacts)
    lines += show.impact_lines(impact)
    if done.accepted:
        lines.append(f"adverse impact accepted: {'; '.join(done.accepted)}")
    value = {
        "folder": str(folder.absolute),
        "shipped_defaults": folder.shipped,
        **report.to_dict(),
        "impact": impact,
        "accepted": done.accepted,
    }
    emit(obj.fmt, value, "\n".join(lines))


@rules.command("status")
@rules_folder_option
@pass_ctx
def status_cmd(obj: CliContext) -> None:
    """Each rule set: published version vs the file (same, changed, new, deleted).

    \b
    Example:
      succession-flow rules status
    """
    rows = [r.to_dict() for r in publishing.status(obj.services, obj.config.rules.path)]
    shown = [
        {**r, "published": show.short(r["published"]), "on_disk": show.short(r["on_disk"])}
        for r in rows
    ]
    text = (
        f"{read_from(obj.config.rules)}\n{table(shown, ['name', 'state', 'published', 'on_disk'])}"
    )
    emit(obj.fmt, rows, text)


@rules.command()
@click.option(
    "--decided",
    is_flag=True,
    help="Decide again the people already decided (their recorded facts), not those waiting.",
)
@rules_folder_option
@pass_ctx
def simulate(obj: CliContext, decided: bool) -> None:
    """Decide today's waiting candidates with the rules on disk and with the published ones;
    list whose outcome would change, and each category's impact ratio under both. Writes
    nothing. With --decided, the cases already decided are decided again instead: the same
    people `report adverse-impact` counts.

    \b
    Example:
      succession-flow rules simulate --rules ./rules
      succession-flow rules simulate --decided --rules ./revised-rules
    """
    where = obj.config.rules.path
    result = backtest(obj.services, where) if decided else simulate_rules(obj.services, where)
    rows = rule_impact.impact_rows(rule_impact.compare_impact(result))
    text = "\n".join([read_from(obj.config.rules), show.simulation_text(result)])
    text = "\n".join([text, *show.impact_lines(rows)])
    emit(obj.fmt, {**result.to_dict(), "impact": rows}, text)


def register(group: click.Group) -> None:
    group.add_command(rules)
