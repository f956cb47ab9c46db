"""Load and check workflow files: the shape, and that every rule set they name exists."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from succession_flow.formats.workflow.model import STEP_OF_RULESET, Workflow
from succession_flow.formats.yaml_source import (
    YamlProblems,
    load_located,
    pydantic_problems,
    read_source,
)

RuleIndex = Mapping[str, str]
"""Each known rule set name and the step it declares (from the rule files)."""


@dataclass(frozen=True)
class WorkflowFile:
    path: Path
    workflow: Workflow
    source: str


def parse_workflow(text: str, origin: str, rulesets: RuleIndex | None = None) -> Workflow:
    """Validate one workflow's text; with `rulesets`, also that each rule set it names exists."""
    located = load_located(text, origin)
    try:
        workflow = Workflow.model_validate(located.data)
    except ValidationError as error:
        raise YamlProblems(pydantic_problems(located, error)) from error
    if rulesets is None:
        return workflow
    problems = []
    for step, name in workflow.transitions.items():
        where = ("transitions", step)
        if name not in rulesets:
            problems.append(
                located.problem(where, f"transitions.{step}: no rule set named {name!r} in rules/")
            )
        elif rulesets[name] != STEP_OF_RULESET[step]:
            problems.append(
                located.problem(
                    where,
                    f"transitions.{step}: rule set {name!r} decides step "
                    f"{rulesets[name]!r}, not {STEP_OF_RULESET[step]!r}",
                )
            )
    if problems:
        raise YamlProblems(problems)
    return workflow


@lru_cache(maxsize=64)
def parse_published(text: str) -> Workflow:
    """A published workflow was checked when it was published; parse each version once."""
    return parse_workflow(text, "published workflow")


def read_workflow(path: Path, rulesets: RuleIndex | None) -> WorkflowFile:
    text = read_source(path)
    return WorkflowFile(path, parse_workflow(text, str(path), rulesets), text)


def load_workflow(path: Path, rulesets: RuleIndex | None) -> Workflow:
    return read_workflow(path, rulesets).workflow


def read_workflows(folder: Path, rulesets: RuleIndex | None) -> dict[str, WorkflowFile]:
    """Every workflow file in the folder by echelon; all problems of all files at once."""
    found: dict[str, WorkflowFile] = {}
    problems: list[str] = []
    files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    if not files:
        raise YamlProblems([f"{folder}: no workflow files (*.yaml)"])
    for path in files:
        try:
            loaded = read_workflow(path, rulesets)
        except YamlProblems as error:
            problems += error.problems
            continue
        echelon = loaded.workflow.echelon
        if echelon in found:
            problems.append(
                f"{path}:1: a second workflow for echelon {echelon} "
                f"(the first is {found[echelon].path.name})"
            )
        found[echelon] = loaded
    missing = [e for e in ("key-position", "management", "reserve") if e not in found]
    if not problems and missing:
        problems.append(f"{folder}: no workflow for echelon {', '.join(missing)}")
    if problems:
        raise YamlProblems(problems)
    return found


def load_workflows(folder: Path, rulesets: RuleIndex | None) -> dict[str, Workflow]:
    return {e: loaded.workflow for e, loaded in read_workflows(folder, rulesets).items()}
