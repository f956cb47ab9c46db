"""Import HR exports as events: all rows or nothing by default, or the good rows with --skip-bad.

Values are checked column by column before anything is applied, so an error names the file,
the row and the column; unchanged values record nothing, so re-importing a file is a no-op.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar
from uuid import UUID

from succession_flow.adapters.collector import collected_by_hand
from succession_flow.application.people.access import require
from succession_flow.application.people.import_duplicates import duplicates
from succession_flow.application.pipeline.unit_of_work import UnitOfWork
from succession_flow.application.services import Services
from succession_flow.domain.candidate import Candidate
from succession_flow.domain.demographics import DIMENSIONS, category_code
from succession_flow.domain.employee import Employee
from succession_flow.domain.errors import InvalidInput, ManyProblems, SuccessionError
from succession_flow.domain.keys import CandidateKey, candidate_uuid, check_code, employee_uuid
from succession_flow.domain.lifecycle import EDUCATION_LEVELS, LEVELS, RATINGS, RISK_LEVELS
from succession_flow.domain.roles import Capability
from succession_flow.domain.values import (
    COMPETENCIES,
    JOB_MATCH_PARTS,
    check_date,
    check_text,
    check_texts,
    parse_number,
)
from succession_flow.formats.hr_exports import KIND_ORDER, Row

T = TypeVar("T")
COLLECT_EVERY = 1000
"""Rows applied between two young collections: what the rows leave is freed while young."""


class ImportRejected(ManyProblems):
    """Some rows are bad; every problem is listed, one per line, and nothing was written."""


class ColumnError(Exception):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column


@dataclass
class ImportReport:
    rows: int = 0
    applied: int = 0
    events: int = 0
    rejected: list[tuple[Row, str]] = field(default_factory=list)


def column_check(column: str, check: Callable[..., T], *args: Any) -> T:
    """Run one of domain/values' checks, its error located at the row's column (the check's
    arguments passed on, not wrapped in a lambda: it runs for every cell of an import)."""
    try:
        return check(*args)
    except InvalidInput as error:
        raise ColumnError(column, str(error).removeprefix(f"{column}: ")) from None


def text(row: Row, column: str, numbers: bool = False) -> str:
    """A cell as text; objects, lists and control characters are refused (domain/values.
    check_text). JSON numbers are read as their digits only where a number is meant
    (`numbers`): a name or an id given as 12 is a mistake in the export, not the text "12"."""
    value = row.values.get(column)
    if value is None or value == "":
        raise ColumnError(column, "is empty")
    if numbers and isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    return column_check(column, check_text, column, value)


def choice(row: Row, column: str, allowed: tuple[str, ...]) -> str:
    value = text(row, column)
    if value not in allowed:
        raise ColumnError(column, f"{value!r} is not one of {', '.join(allowed)}")
    return value


def number(row: Row, column: str, low: float, high: float, whole: bool = False) -> float:
    raw = text(row, column, numbers=True)
    value = column_check(column, parse_number, column, raw, whole)
    if not low <= value <= high:
        raise ColumnError(column, f"{raw} is outside {low:g}..{high:g}")
    return value


def items(row: Row, column: str) -> list[str]:
    raw = row.values.get(column) or ""
    parts = raw if isinstance(raw, list) else text(row, column).split(";") if raw else []
    kept = [p for p in parts if not isinstance(p, str) or p.strip()]
    return column_check(column, check_texts, column, kept)


def iso_date(row: Row, column: str) -> str:
    raw = text(row, column)
    return column_check(column, check_date, column, raw).isoformat()


def employee_id(row: Row) -> str:
    try:
        return check_code("employee", text(row, "employee_id"))
    except InvalidInput as error:
        raise ColumnError("employee_id", str(error)) from None


def find_employee(uow: UnitOfWork, eid: str, create: bool = False) -> Employee | None:
    """The employee a row names (None when new and `create`), from the import's unit of work."""
    found = uow.find(employee_uuid(eid), Employee)
    if found is None and not create:
        raise ColumnError("employee_id", f"employee {eid} not found (import employees first)")
    return found


def find_candidate(uow: UnitOfWork, key: CandidateKey) -> Candidate:
    found = uow.find(key.uuid, Candidate)
    if found is None:
        raise ColumnError("position_id", f"candidate {key} not found")
    return found


def profile_of(row: Row) -> dict[str, Any]:
    """An employees row's profile, every cell checked."""
    return {
        "name": text(row, "name"),
        "department": text(row, "department"),
        "hire_date": iso_date(row, "hire_date"),
        "education": choice(row, "education", EDUCATION_LEVELS),
        "years_experience": number(row, "years_experience", 0, 60, whole=True),
        "certifications": items(row, "certifications"),
        "prior_posts": items(row, "prior_posts"),
    }


def rating_of(row: Row) -> tuple[int, str]:
    """A ratings row's year and rating, checked."""
    return int(number(row, "year", 1950, 2200, whole=True)), choice(row, "rating", RATINGS)


def competency_scores(row: Row) -> dict[str, float]:
    return {c: number(row, c, 0, 5) for c in COMPETENCIES}


def job_match_scores(row: Row) -> dict[str, float]:
    return {p: number(row, p, 0, 100) for p in JOB_MATCH_PARTS}


def talent_levels(row: Row) -> tuple[str, str, str]:
    """A talent row's potential, risk of loss and impact of loss, checked."""
    return (
        choice(row, "potential", LEVELS),
        choice(row, "risk_of_loss", RISK_LEVELS),
        choice(row, "impact_of_loss", RISK_LEVELS),
    )


def apply_employee(uow: UnitOfWork, row: Row, actor: str) -> None:
    eid = employee_id(row)
    profile = profile_of(row)
    employee = find_employee(uow, eid, create=True)
    if employee is None:
        employee = Employee.register(eid, profile, actor)
    else:
        employee.update_profile(profile, actor)
    uow.add(employee)


def on_employee(
    action: Callable[[Employee, Row, str], None],
) -> Callable[[UnitOfWork, Row, str], None]:
    def apply(uow: UnitOfWork, row: Row, actor: str) -> None:
        employee = find_employee(uow, employee_id(row))
        assert employee is not None
        action(employee, row, actor)
        uow.add(employee)

    return apply


def rating(employee: Employee, row: Row, actor: str) -> None:
    employee.record_rating(*rating_of(row), actor)


def competencies(employee: Employee, row: Row, actor: str) -> None:
    employee.assess_competencies(competency_scores(row), actor)


def job_match(employee: Employee, row: Row, actor: str) -> None:
    employee.assess_job_match(job_match_scores(row), actor)


def talent(employee: Employee, row: Row, actor: str) -> None:
    employee.assess_talent(*talent_levels(row), actor)


def demographics(employee: Employee, row: Row, actor: str) -> None:
    """Self-identified categories, kept apart from the facts rules read (domain/demographics)."""
    codes = {}
    for dimension, allowed in DIMENSIONS.items():
        raw = str(row.values.get(dimension, ""))
        codes[dimension] = category_code(dimension, raw)
        if codes[dimension] not in allowed:
            raise ColumnError(dimension, f"{raw.strip()!r} is not one of {', '.join(allowed)}")
    employee.declare_demographics(codes["sex"], codes["race_ethnicity"], actor)


def apply_course(uow: UnitOfWork, row: Row, actor: str) -> None:
    key = CandidateKey(employee_id(row), text(row, "position_id"))
    score = number(row, "score", 0, 100)
    passed_raw = str(row.values.get("passed", "")).strip().lower()
    if passed_raw not in ("", "yes", "no", "true", "false"):
        raise ColumnError("passed", f"{passed_raw!r} is not yes or no")
    passed = score >= uow.services.pass_mark if not passed_raw else passed_raw in ("yes", "true")
    candidate = find_candidate(uow, key)
    course = text(row, "course")
    result = candidate.course_results.get(course)
    if result != {"score": score, "passed": passed}:
        candidate.record_course(course, score, passed, actor)


def sub_row(row: Row, prefix: str, values: Any) -> Row:
    """A nested part of a JSON record, as a row whose columns read `prefix.name`."""
    if not isinstance(values, dict):
        raise ColumnError(prefix, "must be an object")
    return Row(row.file, row.number, row.kind, {f"{prefix}.{k}": v for k, v in values.items()})


def year_of(column: str) -> int:
    raw = column.split(".", 1)[1]
    if not raw.isascii() or not raw.isdigit() or not 1950 <= int(raw) <= 2200:
        raise ColumnError(column, f"{raw!r} is not a year")
    return int(raw)


def apply_record(uow: UnitOfWork, row: Row, actor: str) -> None:
    """One whole employee from a JSON export: profile, ratings, scores and talent assessment.

    Every part is checked before the first event, so a bad record changes nothing.
    """
    eid = employee_id(row)
    ratings = sub_row(row, "ratings", row.values.get("ratings", {}))
    years = {year_of(column): choice(ratings, column, RATINGS) for column in ratings.values}
    scores = matches = None
    if "competencies" in row.values:
        comps = sub_row(row, "competencies", row.values["competencies"])
        scores = {c: number(comps, f"competencies.{c}", 0, 5) for c in COMPETENCIES}
    if "job_match" in row.values:
        match = sub_row(row, "job_match", row.values["job_match"])
        matches = {p: number(match, f"job_match.{p}", 0, 100) for p in JOB_MATCH_PARTS}
    levels = None
    if "potential" in row.values:
        levels = (
            choice(row, "potential", LEVELS),
            choice(row, "risk_of_loss", RISK_LEVELS),
            choice(row, "impact_of_loss", RISK_LEVELS),
        )
    apply_employee(uow, row, actor)
    employee = find_employee(uow, eid)
    assert employee is not None
    for year, value in sorted(years.items()):
        employee.record_rating(year, value, actor)
    if scores:
        employee.assess_competencies(scores, actor)
    if matches:
        employee.assess_job_match(matches, actor)
    if levels:
        employee.assess_talent(*levels, actor)


APPLY: dict[str, Callable[[UnitOfWork, Row, str], None]] = {
    "employees": apply_employee,
    "ratings": on_employee(rating),
    "competencies": on_employee(competencies),
    "job_match": on_employee(job_match),
    "talent": on_employee(talent),
    "courses": apply_course,
    "demographics": on_employee(demographics),
    "record": apply_record,
}


def import_rows(
    services: Services, rows: list[Row], actor: str, skip_bad: bool = False
) -> ImportReport:
    """Apply every row in a sensible order (employees first), then save once, atomically."""
    require(services, actor, Capability.OPERATE)
    order = {kind: n for n, kind in enumerate(("record", *KIND_ORDER))}
    ordered = sorted(rows, key=lambda r: order[r.kind])

    return apply_rows(
        services, ordered, lambda uow, row: APPLY[row.kind](uow, row, actor), skip_bad, touched
    )


def touched(row: Row) -> UUID:
    """The aggregate a row changes (its employee; a course result's candidate), read ahead in
    bulk. Unchecked: a bad id names an aggregate that is not there, and the row's own checks
    refuse it when it is applied; a read ahead that misses is only a read more."""
    eid = str(row.values.get("employee_id", "")).strip()
    if row.kind == "courses":
        return candidate_uuid(eid, str(row.values.get("position_id", "")).strip())
    return employee_uuid(eid)


def apply_rows(
    services: Services,
    rows: list[Row],
    apply: Callable[[UnitOfWork, Row], None],
    skip_bad: bool,
    touched: Callable[[Row], UUID | None] = lambda row: None,
) -> ImportReport:
    """The one import loop: every row applied to one unit of work, each refusal named by file,
    row and column; then all saved at once, or nothing when a row was bad (unless skip_bad).

    The aggregates the rows name (`touched`) are read in bulk first, a query per few hundred
    instead of one per aggregate.

    The automatic collector is paused while the rows are applied and saved, with a young
    collection every `COLLECT_EVERY` rows (`collected_by_hand`). An import keeps everything it
    builds until its one save, so left running, the collector walked every object the import
    held each time they grew by a quarter: 9 full collections and ~0.75 s of ~4.4 s of CPU for
    10,000 employees on PostgreSQL (bench/README, "Import")."""

    def attempt() -> ImportReport:
        with collected_by_hand() as boundary:
            uow, report = UnitOfWork(services), ImportReport(rows=len(rows))
            report.rejected = duplicates(rows)
            repeated = {id(row) for row, _ in report.rejected}
            kept = [r for r in rows if id(r) not in repeated]
            uow.read_ahead(uid for uid in map(touched, kept) if uid is not None)
            for number, row in enumerate(kept, start=1):
                try:
                    apply(uow, row)
                    report.applied += 1
                except ColumnError as error:
                    report.rejected.append((row, f"{row.where(error.column)}: {error}"))
                except SuccessionError as error:
                    report.rejected.append((row, f"{row.where()}: {error}"))
                if number % COLLECT_EVERY == 0:
                    boundary()
            if report.rejected and not skip_bad:
                raise ImportRejected([message for _, message in report.rejected])
            report.events = uow.save()
            return report

    return services.store.retrying(attempt, "import")
