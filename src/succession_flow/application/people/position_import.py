"""`position import`: define and revise many positions from one CSV, all or nothing.

Each row is checked column by column and against the positions before it (a `reports_to` may
name a position defined further down the file: parents are applied first); a defined position
records only what changed, so importing the same file again records nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from succession_flow.application.hr_files.families import check_family, known_families
from succession_flow.application.people.access import require
from succession_flow.application.people.hr_import import (
    ColumnError,
    ImportReport,
    apply_rows,
    choice,
    iso_date,
    items,
    number,
    text,
)
from succession_flow.application.people.staffing import check_references
from succession_flow.application.pipeline.unit_of_work import UnitOfWork
from succession_flow.application.services import Services
from succession_flow.domain.errors import InvalidInput
from succession_flow.domain.keys import check_code, position_uuid
from succession_flow.domain.lifecycle import CRITICALITIES, EDUCATION_LEVELS, Echelon
from succession_flow.domain.position import (
    DEPARTURE_REASONS,
    NEW_POSITION,
    REVISABLE,
    Position,
    check_spec,
    parse_weights,
)
from succession_flow.domain.roles import Capability
from succession_flow.formats.hr_exports import Row
from succession_flow.formats.positions_file import REQUIRED

CHOICES = {
    "echelon": tuple(e.value for e in Echelon),
    "criticality": CRITICALITIES,
    "min_education": EDUCATION_LEVELS,
    "departure_reason": DEPARTURE_REASONS,
}
WHOLE = {"target_bench": 1000, "min_years": 60, "vacancies": 1000}
TEXT = ("title", "unit", "family", "reports_to", "incumbent", "reason")


def cell(row: Row, column: str) -> Any:
    """One cell's checked value."""
    if column in CHOICES:
        return choice(row, column, CHOICES[column])
    if column in WHOLE:
        return int(number(row, column, 0, WHOLE[column], whole=True))
    if column in ("certifications", "prior_posts"):
        return items(row, column)
    if column == "planned_departure":
        return iso_date(row, column)
    if column == "weights":
        try:
            return parse_weights(text(row, column))
        except InvalidInput as error:
            raise ColumnError(column, str(error).removeprefix("--weights: ")) from None
    return text(row, column)


def given(row: Row) -> dict[str, Any]:
    """The row's non-empty cells, checked, named as the position names them."""
    try:
        check_code("position", text(row, "position_id"))
    except InvalidInput as error:
        raise ColumnError("position_id", str(error)) from None
    values = {
        column: cell(row, column)
        for column, raw in row.values.items()
        if column != "position_id" and (column in REQUIRED or str(raw).strip())
    }
    if "weights" in values:
        values["competency_weights"] = values.pop("weights")
    return {"position_id": text(row, "position_id"), **values}


def apply_position(uow: UnitOfWork, row: Row, actor: str, families: tuple[str, ...] | None) -> None:
    values = given(row)
    pid = values["position_id"]
    if "family" in values:
        try:
            check_family(values["family"], families)
        except InvalidInput as error:
            raise ColumnError("family", str(error)) from None
    reason = values.pop("reason", f"imported from {Path(row.file).name} row {row.number}")
    vacancies = values.pop("vacancies", None)
    position = uow.find(position_uuid(pid), Position)
    if position is None:
        spec = {**NEW_POSITION, **values, "vacancies": vacancies or 0}
        new = Position.define(spec, actor)
        check_references(uow, pid, new.spec())
        uow.add(new)
        return
    if values["echelon"] != position.echelon:
        raise ColumnError(
            "echelon",
            f"position {pid} is {position.echelon}; the echelon cannot change "
            "(retire the position and define a new one)",
        )
    changes = {k: v for k, v in values.items() if k in REVISABLE and v != getattr(position, k)}
    if changes:
        check_references(uow, pid, check_spec({**position.spec(), **changes}))
        position.revise(changes, actor, reason)
    if vacancies is not None:
        position.change_demand(vacancies, actor, reason)


def parents_first(rows: list[Row]) -> list[Row]:
    """Rows ordered so a position comes after the one it reports to (file order otherwise)."""
    ids = {str(r.values.get("position_id", "")).strip(): r for r in rows}
    placed: dict[int, Row] = {}

    def place(row: Row, seen: frozenset[int]) -> None:
        if row.number in placed or row.number in seen:
            return  # a loop is reported by the reference check
        parent = ids.get(str(row.values.get("reports_to", "")).strip())
        if parent is not None and parent is not row:
            place(parent, seen | {row.number})
        placed[row.number] = row

    for row in rows:
        place(row, frozenset())
    return list(placed.values())


def import_positions(
    services: Services, rows: list[Row], actor: str, skip_bad: bool = False
) -> ImportReport:
    """Every row applied, then one atomic save; nothing saved when a row is bad (or skip_bad)."""
    require(services, actor, Capability.CONFIGURE)
    families = known_families(services)

    def apply(uow: UnitOfWork, row: Row) -> None:
        apply_position(uow, row, actor, families)

    return apply_rows(services, parents_first(rows), apply, skip_bad)
