"""Load and check workflow files: the shape, and that every rule set they name exists."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from succession_flow.adapters.yaml_source import YamlProblems, load_located, pydantic_problems
from succession_flow.workflow.model import STEP_OF_RULESET, Workflow


@dataclass(frozen=True)
class WorkflowFile:
    path: Path
    workflow: Workflow


def load_workflow(path: Path, rulesets: dict[str, str]) -> Workflow:
    """`rulesets` maps each known rule set name to its step (from the rule files)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise YamlProblems([f"{path}:1: cannot read: {error.strerror}"]) from error
    located = load_located(text, str(path))
    try:
        workflow = Workflow.model_validate(located.data)
    except ValidationError as error:
        raise YamlProblems(pydantic_problems(located, error)) from error
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
                    f"transitions.{step}: rule set {name!r} decides step {rulesets[name]!r}, "
                    f"not {STEP_OF_RULESET[step]!r}",
                )
            )
    if problems:
        raise YamlProblems(problems)
    return workflow


def load_workflows(folder: Path, rulesets: dict[str, str]) -> dict[str, Workflow]:
    """Every workflow in the folder by echelon; all problems of all files at once."""
    found: dict[str, Workflow] = {}
    problems: list[str] = []
    files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    if not files:
        raise YamlProblems([f"{folder}: no workflow files (*.yaml)"])
    for path in files:
        try:
            workflow = load_workflow(path, rulesets)
        except YamlProblems as error:
            problems += error.problems
            continue
        if workflow.echelon in found:
            problems.append(f"{path}:1: a second workflow for echelon {workflow.echelon}")
        found[workflow.echelon] = workflow
    if problems:
        raise YamlProblems(problems)
    return found
