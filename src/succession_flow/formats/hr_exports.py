"""Read HR exports (CSV and JSON) into located rows; no validation of values here.

Every row keeps where it came from (file and row number, header = row 1) so that an error can
name the file, the row and the column at fault.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from succession_flow.domain.employee import PROFILE_FIELDS
from succession_flow.domain.errors import InvalidInput
from succession_flow.domain.values import COMPETENCIES, JOB_MATCH_PARTS
from succession_flow.formats import json_source
from succession_flow.formats.text_input import read_text

COLUMNS: dict[str, tuple[str, ...]] = {
    "employees": ("employee_id", *PROFILE_FIELDS),
    "ratings": ("employee_id", "year", "rating"),
    "competencies": ("employee_id", *COMPETENCIES),
    "job_match": ("employee_id", *JOB_MATCH_PARTS),
    "talent": ("employee_id", "potential", "risk_of_loss", "impact_of_loss"),
    "courses": ("employee_id", "position_id", "course", "score"),
    "demographics": ("employee_id", "sex", "race_ethnicity"),
}
"""Required columns of each kind of CSV export; `courses` may add an optional `passed`."""

KIND_ORDER = tuple(COLUMNS)
"""Import order across files: employees exist before their ratings and scores."""


@dataclass(frozen=True)
class Row:
    file: str
    number: int
    kind: str
    values: dict[str, Any]

    def where(self, column: str | None = None) -> str:
        unit = "record" if self.file.endswith(".json") else "row"
        return f"{self.file}:{unit} {self.number}" + (f":{column}" if column else "")


def detect_kind(path: Path, header: list[str]) -> str:
    """The kind whose required columns the header has (the most specific one wins)."""
    matches = [kind for kind, cols in COLUMNS.items() if set(cols) <= set(header)]
    if not matches:
        known = "; ".join(f"{k}: {', '.join(c)}" for k, c in COLUMNS.items())
        raise InvalidInput(f"{path}:row 1: header matches no known export ({known})")
    return max(matches, key=lambda kind: len(COLUMNS[kind]))


def read_csv(path: Path, kind_of: Callable[[Path, list[str]], str] = detect_kind) -> list[Row]:
    """Rows of a CSV file whose header `kind_of` accepts (and names the kind of). The bytes are
    decoded by the one reader of HR files (formats/text_input), so a Latin-1 export is refused
    with its line, as a rule file is."""
    text = read_text(path)
    try:
        with io.StringIO(text, newline="") as handle:
            reader = csv.reader(handle)
            header = [h.strip() for h in next(reader, [])]
            kind = kind_of(path, header)
            rows = []
            for number, cells in enumerate(reader, start=2):
                stripped = list(map(str.strip, cells))
                if not any(stripped):
                    continue
                if len(cells) != len(header):
                    raise InvalidInput(
                        f"{path}:row {number}: {len(cells)} cells, the header has {len(header)}"
                    )
                rows.append(Row(str(path), number, kind, dict(zip(header, stripped, strict=True))))
            return rows
    except csv.Error as error:
        raise InvalidInput(f"{path}: cannot read: {error}") from error


def read_json(path: Path) -> list[Row]:
    """A JSON export is a list of whole employee records (see samples/hr/README.md)."""
    data = json_source.read_json(path)
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise InvalidInput(f"{path}: expected a list of employee objects")
    return [Row(str(path), n, "record", dict(item)) for n, item in enumerate(data, start=1)]


def read_export(path: Path) -> list[Row]:
    if not path.exists():
        raise InvalidInput(f"{path}: no such file")
    if path.suffix.lower() == ".json":
        return read_json(path)
    if path.suffix.lower() == ".csv":
        return read_csv(path)
    raise InvalidInput(f"{path}: expected a .csv or .json export")


def check_rejects_file(path: Path) -> None:
    """Asked before anything is imported, so good rows are never saved with nowhere to put
    the bad ones."""
    folder = path.parent
    if not folder.is_dir():
        raise InvalidInput(f"{path}: cannot write the rejected rows: no folder {folder}")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise InvalidInput(f"{path}: cannot write the rejected rows: permission denied")


def write_rejects(path: Path, rejected: list[tuple[Row, str]]) -> None:
    """Rejected rows with their error, so HR can fix and re-import just those."""
    try:
        _write_rejects(path, rejected)
    except OSError as error:
        raise InvalidInput(f"{path}: cannot write the rejected rows: {error.strerror}") from None


def _write_rejects(path: Path, rejected: list[tuple[Row, str]]) -> None:
    columns = sorted({k for row, _ in rejected for k in row.values})
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["source", "error", *columns])
        for row, error in rejected:
            cells = [
                json.dumps(row.values.get(c))
                if isinstance(row.values.get(c), (dict, list))
                else row.values.get(c, "")
                for c in columns
            ]
            writer.writerow([row.where(), error, *cells])
