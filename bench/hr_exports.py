"""HR export files for a synthetic company of N employees, as an HR system would write them.

Five CSV files (employees, three years of ratings, competencies, job match, talent) in the
formats of samples/hr/README.md, so `succession-flow import` reads them like any export. Seeded,
so two runs at the same N write the same files; used by the PostgreSQL import test and the
bench.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterable
from pathlib import Path

from succession_flow.domain.lifecycle import EDUCATION_LEVELS, LEVELS, RATINGS, RISK_LEVELS
from succession_flow.domain.values import COMPETENCIES, JOB_MATCH_PARTS
from succession_flow.formats.hr_exports import COLUMNS

FILES = ("employees.csv", "ratings.csv", "competencies.csv", "job_match.csv", "talent.csv")
YEARS = (2023, 2024, 2025)
EVENTS_PER_EMPLOYEE = 1 + len(YEARS) + 3  # registered, ratings, competencies, job match, talent


def employee_row(employee_id: str, rng: random.Random) -> list[object]:
    department, hired = f"Dept {rng.randrange(40)}", f"{2000 + rng.randrange(25)}-03-01"
    education, years = rng.choice(EDUCATION_LEVELS), rng.randrange(35)
    certified = "PMP" if rng.random() < 0.3 else ""
    return [
        employee_id,
        f"Employee {employee_id}",
        department,
        hired,
        education,
        years,
        certified,
        "",
    ]


def write_hr_exports(folder: Path, n: int, seed: int = 11) -> list[Path]:
    """Write the five files for employees E000000..E{n-1} into `folder`; returns their paths."""
    rng = random.Random(seed)
    ids = [f"E{i:06d}" for i in range(n)]
    tables: dict[str, tuple[list[str], Iterable[list[object]]]] = {
        "employees.csv": (
            list(COLUMNS["employees"]),
            (employee_row(e, rng) for e in ids),
        ),
        "ratings.csv": (
            list(COLUMNS["ratings"]),
            ([e, year, rng.choice(RATINGS)] for e in ids for year in YEARS),
        ),
        "competencies.csv": (
            list(COLUMNS["competencies"]),
            ([e, *(round(rng.uniform(2, 5), 1) for _ in COMPETENCIES)] for e in ids),
        ),
        "job_match.csv": (
            list(COLUMNS["job_match"]),
            ([e, *(rng.randrange(40, 100) for _ in JOB_MATCH_PARTS)] for e in ids),
        ),
        "talent.csv": (
            list(COLUMNS["talent"]),
            ([e, rng.choice(LEVELS), *rng.choices(RISK_LEVELS, k=2)] for e in ids),
        ),
    }
    paths = []
    for name in FILES:
        header, rows = tables[name]
        path = folder / name
        with path.open("w", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(header)
            writer.writerows(rows)
        paths.append(path)
    return paths


if __name__ == "__main__":
    import sys

    target, count = Path(sys.argv[1]), int(sys.argv[2])
    target.mkdir(parents=True, exist_ok=True)
    print(" ".join(str(p) for p in write_hr_exports(target, count)))
