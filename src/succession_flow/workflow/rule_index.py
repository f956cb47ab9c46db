"""Which rule sets a rules folder holds, and the step each declares, for checking workflows.

Only the names and steps matter here; whether each rule file is itself valid is for
`succession-flow rules check` to say.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from succession_flow.adapters.yaml_source import YamlProblems


def rule_index(folder: Path) -> dict[str, str]:
    """Rule set name -> step, for every `*.yaml` in the folder that names both."""
    if not folder.is_dir():
        raise YamlProblems([f"{folder}: no such rules folder"])
    index: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError):
            continue
        if isinstance(data, dict) and isinstance(data.get("name"), str):
            index[data["name"]] = str(data.get("step", ""))
    return index
