"""What each writing command needs, in one table, checked before the command runs.

The use cases check their own capability too, but a new command whose use case forgot it
would slip through; this table is checked for every command marked `@writes_store`, and a
test fails when a writing command is missing from it. A dry run needs the role of the real
run (it is the real run, unsaved); `None` marks the writes that decide their own access (the
first role grant, a store created empty, the demo's fresh store).
"""

from __future__ import annotations

from succession_flow.domain.pipeline_steps import STEP_CAPABILITY
from succession_flow.domain.roles import Capability

CONFIGURE, OPERATE, APPROVE = Capability.CONFIGURE, Capability.OPERATE, Capability.APPROVE

NEEDS: dict[str, Capability | None] = {
    "init": None,
    "demo": None,
    "role grant": None,
    "role revoke": None,
    "user add": CONFIGURE,
    "user disable": CONFIGURE,
    "token create": CONFIGURE,
    "token revoke": CONFIGURE,
    "position add": CONFIGURE,
    "position update": CONFIGURE,
    "position retire": CONFIGURE,
    "position import": CONFIGURE,
    "position demand": CONFIGURE,
    "rules publish": CONFIGURE,
    "workflows publish": CONFIGURE,
    "plan adopt": CONFIGURE,
    "plan task-done": OPERATE,
    "import": OPERATE,
    "nominate": OPERATE,
    "approve": APPROVE,
    "reject": APPROVE,
    "evaluate": OPERATE,
    "pool": OPERATE,
    "readiness": OPERATE,
    "train": OPERATE,
    "record-course": OPERATE,
    "complete-training": OPERATE,
    "promote": OPERATE,
    "exit": OPERATE,
    "run": OPERATE,
    "select": OPERATE,
    "review open": OPERATE,
    "review propose": OPERATE,
    "review close": OPERATE,
}
"""Command (as typed after `succession-flow`) -> the capability it needs."""


RUN_STEPS: dict[str, Capability | None] = {f"run {s}": c for s, c in STEP_CAPABILITY.items()}
"""`run STEP` rows for the batch steps that need more than `run`'s capability (`run approve`:
an approver's); the domain's step table says which, so the use case checks the same."""
NEEDS |= RUN_STEPS

OWN_STORE = frozenset({"demo"})
"""Writes to a fresh store of their own, never to the configured one: nothing to check there."""


def command_name(command_path: str) -> str:
    """`succession-flow position add` -> `position add`."""
    return command_path.split(" ", 1)[1] if " " in command_path else command_path


def needed(command_path: str, step: str | None = None) -> Capability | None:
    """The capability of the command; a writing command missing here is a bug (KeyError).

    `run STEP` has a row of its own when its step needs more than `run` (`RUN_STEPS`).
    """
    name = command_name(command_path)
    return NEEDS.get(f"{name} {step}", NEEDS[name]) if step is not None else NEEDS[name]
