"""HR exports: each hostile value in each column of each CSV kind and each field of a JSON
record, and each hostile encoding of a whole file (samples/hr/README.md lists the columns)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from succession_flow.domain.values import COMPETENCIES, JOB_MATCH_PARTS
from tests.probes.cases import Case, case
from tests.probes.hostile_values import HOSTILE, HOSTILE_JSON, JSON_VALUES, Hostile, Kind


@dataclass(frozen=True)
class Column:
    name: str
    base: str
    kind: Kind | None
    """None: no hostile value is a valid value here (a reference, a year)."""
    refers: bool = False
    """An id that must name an imported employee: a well-formed one may name someone an
    earlier case imported (exit 0) or no one (2 or 3); a malformed one is refused (2 or 3)."""
    also: frozenset[str] = frozenset()
    """Hostile values (by name) that are valid in this column beyond its kind's."""

    def fits(self, value: Hostile) -> bool:
        return value.name in self.also or (self.kind is not None and value.valid_as(self.kind))


REFERENCE = Column("employee_id", "E1001", Kind.ID, refers=True)
UNDISCLOSED = frozenset({"empty", "spaces"})
TWELVE = frozenset({"padded number"})
"""` 12 ` is twelve once stripped: in range where the range holds 12 (0..100)."""
CSV_KINDS: dict[str, tuple[Column, ...]] = {
    "employees": (
        Column("employee_id", "E9", Kind.ID),
        Column("name", "Ana Lima", Kind.TEXT),
        Column("department", "Sales", Kind.TEXT),
        Column("hire_date", "2012-03-01", Kind.DATE),
        Column("education", "master", Kind.CHOICE),
        Column("years_experience", "12", Kind.WHOLE),
        Column("certifications", "CPA", Kind.LIST),
        Column("prior_posts", "Manager", Kind.LIST),
    ),
    "ratings": (REFERENCE, Column("year", "2024", None), Column("rating", "meets", Kind.CHOICE)),
    "competencies": (
        REFERENCE,
        *(Column(c, "3", Kind.NUMBER) for c in COMPETENCIES),
    ),
    "job_match": (
        REFERENCE,
        *(Column(c, "50", Kind.NUMBER, also=TWELVE) for c in JOB_MATCH_PARTS),
    ),
    "talent": (
        REFERENCE,
        Column("potential", "high", Kind.CHOICE),
        Column("risk_of_loss", "low", Kind.CHOICE),
        Column("impact_of_loss", "low", Kind.CHOICE),
    ),
    "demographics": (
        REFERENCE,
        Column("sex", "female", Kind.CHOICE, also=UNDISCLOSED),
        Column("race_ethnicity", "asian", Kind.CHOICE, also=UNDISCLOSED),
    ),
}


def csv_file(columns: tuple[Column, ...], cells: list[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # quotes a cell holding CR or LF
    writer.writerow([c.name for c in columns])
    writer.writerow(cells)
    return buffer.getvalue().encode("utf-8", "surrogatepass")


UNKNOWN_EMPLOYEE = frozenset({2, 3})
"""A reference to an employee who was never imported: bad input or not found."""
MAYBE_KNOWN = frozenset({0, 2, 3})


def import_case(
    name: str, file: str, content: bytes, bad: bool, names: str, refers: bool = False
) -> Case:
    expect = (UNKNOWN_EMPLOYEE if bad else MAYBE_KNOWN) if refers else None
    args = ("import", f"{{dir}}/{file}")
    return case("HR import", name, args, bad, {file: content}, names, expect)


def grouped(found: Case, *key: object) -> Case:
    return replace(found, group="|".join(map(str, key)))


def csv_cases() -> Iterator[Case]:
    for kind, columns in CSV_KINDS.items():
        for at, column in enumerate(columns):
            for value in HOSTILE:
                cells = [c.base for c in columns]
                cells[at] = value.text
                content = csv_file(columns, cells)
                bad = not column.fits(value)
                names = f"{kind}.csv:row 2:{column.name}"
                if value.name == "lone surrogate":  # bytes that are not UTF-8: the file's line
                    names = f"{kind}.csv:2: not UTF-8"
                label = f"{kind}.csv {column.name} = {value.name}"
                found = import_case(label, f"{kind}.csv", content, bad, names, column.refers)
                yield grouped(
                    found, kind, column.kind, column.refers, sorted(column.also), value.name
                )


JSON_RECORD: dict[str, tuple[Any, Kind]] = {
    "employee_id": ("E9", Kind.ID),
    "name": ("Ana", Kind.TEXT),
    "department": ("Sales", Kind.TEXT),
    "hire_date": ("2012-03-01", Kind.DATE),
    "education": ("master", Kind.CHOICE),
    "years_experience": (12, Kind.WHOLE),
    "certifications": ([], Kind.LIST),
    "prior_posts": ([], Kind.LIST),
}
JSON_FITS = {Kind.WHOLE: {"a number"}, Kind.LIST: {"a list", "an empty list", "null"}}
"""Which of JSON's own values are valid in a field of each kind."""


def json_values(kind: Kind) -> Iterator[tuple[str, Any, bool]]:
    """(name, value, valid) for a field of `kind`: hostile strings, then JSON's own types."""
    for value in HOSTILE:
        if kind is Kind.LIST:
            yield f"[{value.name}]", [value.text], value.valid_as(Kind.LIST)
        else:
            yield value.name, value.text, value.valid_as(kind)
    for name, native in JSON_VALUES:
        yield name, native, name in JSON_FITS.get(kind, set())


def json_record_cases() -> Iterator[Case]:
    record = {field: base for field, (base, _) in JSON_RECORD.items()}
    for field, (_, kind) in JSON_RECORD.items():
        for name, value, fits in json_values(kind):
            content = json.dumps([{**record, field: value}]).encode("utf-8", "surrogatepass")
            label = f"records.json {field} = {name}"
            found = import_case(label, "in.json", content, not fits, "in.json")
            yield grouped(found, "json", kind, name)


def whole_file_cases() -> Iterator[Case]:
    """Each hostile JSON document as an import, and CSV files broken as a whole."""
    for name, content in HOSTILE_JSON:
        yield import_case(f"a JSON import: {name}", "in.json", content, True, "in.json")
    employees = CSV_KINDS["employees"]
    good = csv_file(employees, [c.base for c in employees])
    broken = {
        "Latin-1 bytes": good.replace(b"Ana", b"An\xe9"),
        "UTF-16": good.decode().encode("utf-16"),
        "a NUL byte in the header": good.replace(b"name", b"na\x00me", 1),
        "an unknown header": b"who,what\nE1,x\n",
        "an empty file": b"",
        "a row too short": good + b"E8,Bo\n",
        "a row too long": good + b"E8,Bo,Sales,2012-03-01,master,3,,,extra,more\n",
        "an unclosed quote": good + b'E8,"Bo,Sales\n',
        "a duplicate employee row": good + good.splitlines(keepends=True)[1],
        "duplicate columns": good.replace(b"department", b"name", 1),
    }
    for name, content in broken.items():
        yield import_case(f"employees.csv: {name}", "employees.csv", content, True, "employees.csv")
    for name, content in (
        ("with a UTF-8 BOM", b"\xef\xbb\xbf" + good),
        ("a header only (nothing to import)", good.splitlines(keepends=True)[0]),
    ):
        yield import_case(f"employees.csv {name}", "employees.csv", content, False, "")


def hr_cases() -> Iterator[Case]:
    yield from csv_cases()
    yield from json_record_cases()
    yield from whole_file_cases()
