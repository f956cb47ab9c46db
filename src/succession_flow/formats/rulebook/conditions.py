"""Condition trees (`when:`): parsed from raw YAML into small typed nodes, with every mistake
reported at its own line (unknown fact, unknown operator, wrong type, threshold out of range).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from succession_flow.formats.rulebook.model import FactSpec, ParamSpec
from succession_flow.formats.yaml_source import Path

COMPARISONS = ("<", "<=", ">", ">=", "==", "!=")
OPERATORS = (*COMPARISONS, "in", "not_in", "is", "present", "contains")
ALLOWED: dict[str, tuple[str, ...]] = {
    "boolean": ("is", "==", "!=", "present"),
    "number": (*COMPARISONS, "in", "not_in", "present"),
    "string": ("==", "!=", "in", "not_in", "present"),
    "enum": ("==", "!=", "in", "not_in", "present"),
    "rating": (*COMPARISONS, "in", "not_in", "present"),
    "ratings": (*COMPARISONS, "present"),
    "list": ("contains", "present"),
}
"""Which operators make sense for each type of fact."""


@dataclass(frozen=True)
class Param:
    name: str


@dataclass(frozen=True)
class FactRef:
    """Another fact as the value compared with (`rank <= {fact: vacancies}`)."""

    name: str


@dataclass(frozen=True)
class Comparison:
    """One comparison of one fact: `fact op value`, or every one of its last N years."""

    fact: str
    op: str
    value: Any
    each_of_last: int | None = None
    path: Path = field(default=(), compare=False)


@dataclass(frozen=True)
class AllOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    item: Condition


Condition = Comparison | AllOf | AnyOf | Not
Report = Callable[[Path, str], None]


def comparisons_in(condition: Condition) -> list[Comparison]:
    if isinstance(condition, Comparison):
        return [condition]
    if isinstance(condition, Not):
        return comparisons_in(condition.item)
    return [t for item in condition.items for t in comparisons_in(item)]


@dataclass
class ConditionParser:
    facts: dict[str, FactSpec]
    params: dict[str, ParamSpec]
    scales: dict[str, tuple[str, ...]]
    check_value: Callable[[FactSpec, str, Any, Path, str], bool]
    report: Report

    def parse(self, raw: Any, path: Path) -> Condition | None:
        if not isinstance(raw, dict):
            self.report(path, "a condition is a mapping: {fact: ..., OP: ...} or all/any/not")
            return None
        groups = [k for k in ("all", "any", "not") if k in raw]
        if groups:
            if len(raw) != 1:
                self.report(path, f"`{groups[0]}` must be alone in its condition")
                return None
            return self._group(groups[0], raw[groups[0]], (*path, groups[0]))
        return self._test(raw, path)

    def _group(self, kind: str, raw: Any, path: Path) -> Condition | None:
        if kind == "not":
            item = self.parse(raw, path)
            return Not(item) if item is not None else None
        if not isinstance(raw, list) or not raw:
            self.report(path, f"`{kind}` needs a non-empty list of conditions")
            return None
        items = [self.parse(one, (*path, n)) for n, one in enumerate(raw)]
        if any(item is None for item in items):
            return None
        parts = tuple(item for item in items if item is not None)
        return AllOf(parts) if kind == "all" else AnyOf(parts)

    def _test(self, raw: dict[str, Any], path: Path) -> Comparison | None:
        if "fact" not in raw:
            self.report(path, "a condition needs `fact:` (or all / any / not)")
            return None
        fact = raw["fact"]
        unknown = [k for k in raw if k not in (*OPERATORS, "fact", "each_of_last")]
        if unknown:
            self.report(
                (*path, unknown[0]),
                f"unknown operator {unknown[0]!r} (operators: {', '.join(OPERATORS)})",
            )
            return None
        if not isinstance(fact, str) or fact not in self.facts:
            known = ", ".join(sorted(self.facts))
            self.report((*path, "fact"), f"unknown fact {fact!r} (declared facts: {known})")
            return None
        ops = [k for k in raw if k in OPERATORS]
        if len(ops) != 1:
            self.report(path, f"{fact}: give exactly one operator, not {len(ops)}")
            return None
        return self._typed(fact, ops[0], raw, path)

    def _typed(self, fact: str, op: str, raw: dict[str, Any], path: Path) -> Comparison | None:
        spec, value, where = self.facts[fact], raw[op], (*path, op)
        if op not in ALLOWED[spec.type]:
            self.report(
                where,
                f"{fact}: operator {op!r} does not apply to a {spec.type} "
                f"(use {', '.join(ALLOWED[spec.type])})",
            )
            return None
        each = raw.get("each_of_last")
        if not self._years(fact, spec, op, each, (*path, "each_of_last")):
            return None
        if op == "present":
            if not isinstance(value, bool):
                self.report(where, f"{fact}: `present` is true or false")
                return None
            return Comparison(fact, op, value, None, path)
        if op in ("in", "not_in"):
            if not isinstance(value, list) or not value:
                self.report(where, f"{fact}: `{op}` needs a non-empty list of values")
                return None
            ok = all(
                self.check_value(spec, fact, v, (*where, n), "value") for n, v in enumerate(value)
            )
            return Comparison(fact, op, tuple(value), None, path) if ok else None
        if isinstance(value, dict) and op not in ("is", "contains"):
            return self._param_test(fact, spec, op, value, each, where, path)
        element = spec.model_copy(update={"type": "rating"}) if spec.type == "ratings" else spec
        if op == "contains":
            if not isinstance(value, str):
                self.report(where, f"{fact}: `contains` needs a text value")
                return None
        elif op == "is" and not isinstance(value, bool):
            self.report(where, f"{fact}: `is` is true or false")
            return None
        elif not self.check_value(element, fact, value, where, "threshold"):
            return None
        return Comparison(fact, op, value, each, path)

    def _years(self, fact: str, spec: FactSpec, op: str, each: Any, where: Path) -> bool:
        if spec.type != "ratings":
            if each is not None:
                self.report(where, f"{fact}: `each_of_last` is only for ratings facts")
                return False
            return True
        if op == "present":
            if each is not None:
                self.report(where, f"{fact}: `each_of_last` does not apply to `present`")
                return False
            return True
        if not isinstance(each, int) or isinstance(each, bool) or not 1 <= each <= spec.year_count:
            self.report(
                where,
                f"{fact}: compare ratings with `each_of_last: N` (N from 1 to {spec.year_count})",
            )
            return False
        return True

    def _fact_test(
        self, fact: str, spec: FactSpec, op: str, other: Any, each: Any, where: Path, path: Path
    ) -> Comparison | None:
        if not isinstance(other, str) or other not in self.facts:  # a list would not hash
            self.report((*where, "fact"), f"unknown fact {other!r}")
            return None
        theirs = self.facts[other]
        mine = "rating" if spec.type == "ratings" else spec.type
        same_scale = theirs.scale_name == spec.scale_name
        if op not in COMPARISONS or theirs.type != mine or (mine == "rating" and not same_scale):
            self.report(where, f"{fact}: cannot compare with {other} ({theirs.type}) using {op}")
            return None
        return Comparison(fact, op, FactRef(str(other)), each, path)

    def _param_test(
        self,
        fact: str,
        spec: FactSpec,
        op: str,
        value: dict[str, Any],
        each: Any,
        where: Path,
        path: Path,
    ) -> Comparison | None:
        name = value.get("param")
        if set(value) == {"fact"}:
            return self._fact_test(fact, spec, op, value["fact"], each, where, path)
        if set(value) != {"param"}:
            self.report(where, f"{fact}: a value is a literal, {{param: NAME}} or {{fact: NAME}}")
            return None
        if not isinstance(name, str) or name not in self.params:  # a list would not hash
            known = ", ".join(sorted(self.params)) or "none declared"
            self.report((*where, "param"), f"unknown param {name!r} (parameters: {known})")
            return None
        param = self.params[name]
        element = "rating" if spec.type == "ratings" else spec.type
        if param.type != element or (element == "rating" and param.scale_name != spec.scale_name):
            self.report(
                (*where, "param"),
                f"{fact}: param {name!r} is a {param.type}, the fact a {spec.type}",
            )
            return None
        checked = spec.model_copy(update={"type": element})
        values = [param.default, *param.by_echelon.values(), *param.by_position.values()]
        checkable: list[Any] = []
        if element == "number":
            checkable = [v for v in values if type(v) in (int, float)]
        elif element == "enum":
            checkable = [v for v in values if isinstance(v, str)]
        # against the fact only: the parameter's own checks report values of the wrong type
        if not all(
            self.check_value(checked, fact, v, (*where, "param"), f"param {name!r} value")
            for v in checkable
        ):
            return None
        return Comparison(fact, op, Param(str(name)), each, path)
