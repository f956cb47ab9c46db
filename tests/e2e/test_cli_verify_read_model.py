"""`audit verify` checks the read model every report reads against a fresh fold of the events:
a row edited, added or deleted with raw SQL is a finding naming the table and the row (exit 8)."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from succession_flow.domain.keys import employee_uuid, position_uuid
from tests.e2e.cli_helpers import run
from tests.harness.backends import read_only_url
from tests.integration.raw_store import RawStore

PEOPLE = [
    {
        "employee_id": eid,
        "name": name,
        "department": "Sales",
        "hire_date": "2012-03-01",
        "education": "master",
        "years_experience": 12,
        "certifications": [],
        "prior_posts": [],
        "ratings": {"2025": "meets"},
    }
    for eid, name in (("E1", "Ana Lima"), ("E2", "Bo Chen"))
]


@pytest.fixture
def company(store_url: str, tmp_path: Path) -> str:
    people = tmp_path / "people.json"
    people.write_text(json.dumps(PEOPLE), encoding="utf-8")
    position = ["position", "add", "VP", "--title", "VP", "--echelon", "key-position"]
    assert run(store_url, *position, "--unit", "Sales").exit_code == 0
    assert run(store_url, "import", str(people)).exit_code == 0
    assert run(store_url, "list").exit_code == 0  # the read model is caught up
    return store_url


def table(url: str, name: str) -> str:
    if url.startswith("sqlite"):
        return name
    return f'"{parse_qs(urlparse(url).query)["schema"][0]}".{name}'


E1, VP = employee_uuid("E1"), position_uuid("VP")
FORGERIES = [
    (
        "UPDATE {rm_employees} SET name = 'Mallory' WHERE employee_id = 'E1'",
        f"rm_employees id={E1}",
        "name reads 'Mallory', the events say 'Ana Lima'",
    ),
    (
        "UPDATE {rm_positions} SET target_bench = 9, vacancies = 3 WHERE position_id = 'VP'",
        f"rm_positions id={VP}",
        "target_bench reads 9, the events say 2; vacancies reads 3, the events say 0",
    ),
    (
        "DELETE FROM {rm_employees} WHERE employee_id = 'E2'",
        f"rm_employees id={employee_uuid('E2')}",
        "row is missing from the read model (the events make it)",
    ),
    (
        "INSERT INTO {rm_pool_members} VALUES ('VP', 'E1', 'ready-now', 1)",
        "rm_pool_members position_id=VP, employee_id=E1",
        "row is in the read model but no event makes it (forged or left over)",
    ),
]


@pytest.mark.parametrize(("sql", "where", "message"), FORGERIES, ids=[f[1] for f in FORGERIES])
def test_a_read_model_row_forged_with_raw_sql_is_named_by_audit_verify(
    company: str, sql: str, where: str, message: str
) -> None:
    names = ("rm_employees", "rm_positions", "rm_pool_members")
    RawStore(company).execute(sql.format(**{n: table(company, n) for n in names}))
    result = run(company, "--format", "json", "audit", "verify")
    assert result.exit_code == 8, result.output
    findings = json.loads(result.stdout)["findings"]
    assert findings == [
        {"check": "read model", "subject": where, "version": None, "message": message}
    ]


def test_an_untouched_read_model_passes_audit_verify(company: str) -> None:
    result = run(company, "audit", "verify")
    assert result.exit_code == 0, result.output


def test_a_reviewer_who_may_only_read_is_shown_a_forged_read_model_row(company: str) -> None:
    sql = "UPDATE {t} SET name = 'Mallory' WHERE employee_id = 'E1'"
    RawStore(company).execute(sql.format(t=table(company, "rm_employees")))
    with read_only_url(company) as reviewer:
        result = run(reviewer, "--format", "json", "audit", "verify")
        assert result.exit_code == 8, result.output
        [finding] = json.loads(result.stdout)["findings"]
        assert (finding["subject"], finding["message"]) == (
            f"rm_employees id={E1}",
            "name reads 'Mallory', the events say 'Ana Lima'",
        )
