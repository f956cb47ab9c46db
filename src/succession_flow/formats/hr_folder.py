"""Which folder of HR files a command reads, and how it was chosen, so it can say so.

Kept with the file formats (not in the configuration) because the use cases that publish
rules and workflows need it too, and they must not reach out to the composition root.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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
