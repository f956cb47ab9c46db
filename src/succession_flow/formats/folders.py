"""Where HR's files are read from: the rules and workflows folders, and how each was chosen.

A value the configuration resolves once (`config.Config`) and the use cases that read or
publish HR files receive whole, so they can say which folder they read and refuse to let the
shipped defaults replace what HR published.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from succession_flow.data import SHIPPED_RULES, SHIPPED_WORKFLOWS
from succession_flow.domain.errors import InvalidInput

RULES_VARIABLE = "SUCCESSION_FLOW_RULES"
WORKFLOWS_VARIABLE = "SUCCESSION_FLOW_WORKFLOWS"


@dataclass(frozen=True)
class HrFolder:
    """A folder of HR files and how it was chosen: `option`, `environment`, `here` (./rules
    or ./workflows) or `shipped` (the package's defaults, for want of a folder here)."""

    path: Path
    chosen_by: str
    option: str = "--rules"
    variable: str = RULES_VARIABLE

    @property
    def shipped(self) -> bool:
        """Publishing from it could replace HR's published versions with the defaults."""
        return self.chosen_by == "shipped"

    def refuse_replacing(self, replaced: list[str]) -> None:
        """The shipped defaults go only where nothing would be replaced: published from a
        folder without ./rules, they would silently undo what HR published."""
        if self.shipped and replaced:
            raise InvalidInput(
                f"no {self.option} given and no ./{self.path.name} here: publishing the "
                f"shipped {self.path.name} would replace the published {', '.join(replaced)}; "
                f"name the folder: {self.option} PATH (or ${self.variable})"
            )

    @property
    def absolute(self) -> Path:
        return self.path.resolve()

    def describe(self) -> str:
        """The folder read, by its absolute path, and whether it was the shipped defaults."""
        if self.shipped:
            return f"{self.absolute} (the shipped defaults: no ./{self.path.name} here)"
        return str(self.absolute)


def resolve_folder(given: Path | str | None, variable: str, local: str, option: str) -> HrFolder:
    """The option wins, then the environment variable, then ./rules (./workflows) if it is
    there, else the shipped defaults. Kept as given, so file problems read as the user wrote
    the folder; `absolute` is what a publish names."""
    shipped = SHIPPED_RULES if local == "rules" else SHIPPED_WORKFLOWS
    if given:
        return HrFolder(Path(given), "option", option, variable)
    if named := os.environ.get(variable, "").strip():
        return HrFolder(Path(named), "environment", option, variable)
    if Path(local).is_dir():
        return HrFolder(Path(local), "here", option, variable)
    return HrFolder(shipped, "shipped", option, variable)


def rules_folder(given: Path | str | None = None) -> HrFolder:
    return resolve_folder(given, RULES_VARIABLE, "rules", "--rules")


def workflows_folder(given: Path | str | None = None, option: str = "--folder") -> HrFolder:
    return resolve_folder(given, WORKFLOWS_VARIABLE, "workflows", option)
