"""One probe case: the command, the files it reads, the state of the store, and the outcome
that is right for it (refused with a documented code, naming the thing at fault, or valid)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

BOTH = frozenset({"sqlite", "postgres"})
BAD_INPUT = frozenset({2})
DONE = frozenset({0})


@dataclass(frozen=True)
class Case:
    category: str
    name: str
    args: tuple[str, ...]
    """After the global options the state adds; `{dir}` is the case's folder, `{store}` the
    state's store URL (a case that names `--store` itself replaces the state's)."""
    expect: frozenset[int]
    """The exit codes that are right; with `bad`, none of them may be 0."""
    bad: bool
    """Bad input or a write the state must refuse: nothing may be written."""
    state: str = "fresh"
    files: Mapping[str, bytes] = field(default_factory=dict)
    names: str = ""
    """Text the error line must contain: the file, row and column, the option, the id."""
    backends: frozenset[str] = BOTH
    subprocess: bool = False
    """Also run in a real process, killed past the hang bound."""
    group: str = ""
    """Cases of one group try the same value in inputs of the same kind read by the same
    command (the name and the department of an employee): CI tries the first of each group."""

    @property
    def label(self) -> str:
        return f"{self.category} | {self.state} | {self.name}"


def case(
    category: str,
    name: str,
    args: tuple[str, ...],
    bad: bool,
    files: Mapping[str, bytes] | None = None,
    names: str = "",
    expect: frozenset[int] | None = None,
) -> Case:
    """Bad input is refused with exit 2, one line naming `names`; a right value exits 0."""
    codes = expect if expect is not None else (BAD_INPUT if bad else DONE)
    return Case(category, name, args, codes, bad, files=files or {}, names=names if bad else "")
