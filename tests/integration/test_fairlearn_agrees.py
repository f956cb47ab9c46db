"""Our adverse-impact figures against fairlearn's, on a generated company of a few thousand.

The record is read back the way an outside auditor would: from `audit export` (JSON Lines),
not through our code; fairlearn's MetricFrame computes each group's selection rate from it,
and every rate and impact ratio of `report adverse-impact` must equal fairlearn's.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from fairlearn.metrics import MetricFrame, selection_rate

from succession_flow.application.people import staffing
from succession_flow.bootstrap import bootstrap
from succession_flow.domain.candidate import Candidate
from succession_flow.domain.decision import Decision
from succession_flow.domain.demographics import NOT_DISCLOSED
from succession_flow.domain.employee import Employee
from tests.e2e.cli_helpers import run, run_json
from tests.integration.builders import ACTOR, employee_record, position_spec

PEOPLE = 2500
SEXES = {"female": 0.46, "male": 0.49, NOT_DISCLOSED: 0.05}
RACES = {
    "white": 0.5,
    "asian": 0.2,
    "black": 0.14,
    "hispanic-latino": 0.11,
    "american-indian-alaska-native": 0.01,  # under 2%: left out of the comparison
    NOT_DISCLOSED: 0.04,
}
PASS_CHANCE = {"female": 0.45, "male": 0.6, NOT_DISCLOSED: 0.5}
RACE_FACTOR = {"white": 1.0, "asian": 0.95, "black": 0.7, "hispanic-latino": 0.85}


def pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


def decision(name: str, outcome: str) -> Decision:
    return Decision(outcome, "generated", name, f"{name}-v1", ("generated",), {"score": 1.0})


def generated_company(url: str, seed: int = 13) -> None:
    """Employees with categories, evaluated (and the passed ones pooled) by fixed chances."""
    rng = random.Random(seed)
    services = bootstrap(url)
    staffing.define_position(services, position_spec(), ACTOR)
    aggregates: list[Any] = []
    for n in range(PEOPLE):
        eid = f"G{n:05d}"
        record = employee_record(eid)
        profile = {k: record[k] for k in ("name", "department", "hire_date", "education",
                                           "years_experience", "certifications", "prior_posts")}  # fmt: skip
        employee = Employee.register(eid, profile, ACTOR)
        sex, race = pick(rng, SEXES), pick(rng, RACES)
        employee.declare_demographics(sex, race, ACTOR)
        candidate = Candidate(eid, "VP-SALES", "key-position", ACTOR, "generated")
        chance = PASS_CHANCE[sex] * RACE_FACTOR.get(race, 0.9)
        passed = rng.random() < chance
        candidate.evaluate(decision("evaluation", "pass" if passed else "fail"), ACTOR, {})
        if passed:
            pooled = rng.random() < (0.7 if sex == "male" else 0.55)
            candidate.pool(decision("pool", "ready-now" if pooled else "not-pooled"), ACTOR)
        aggregates += [employee, candidate]
    for start in range(0, len(aggregates), 1000):
        services.store.save(*aggregates[start : start + 1000])
    services.close()


def exported(url: str, path: Path) -> pd.DataFrame:
    """One row per decision, read from the export file alone."""
    assert run(url, "audit", "export", str(path)).exit_code == 0
    categories: dict[str, dict[str, str]] = {}
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        if item.get("kind") != "event":
            continue
        event, subject = item["event"], item["subject"]
        if event["event"] == "DemographicsDeclared":
            categories[subject.removeprefix("employee:")] = event["details"]
        elif event["event"] in ("Evaluated", "Pooled", "PoolEntryDeclined"):
            outcome = event["details"]["decision"]["outcome"]
            step = "evaluate" if event["event"] == "Evaluated" else "pool"
            favourable = outcome == "pass" if step == "evaluate" else outcome != "not-pooled"
            rows.append({"step": step, **categories[subject.split("@")[0]], "selected": favourable})
    return pd.DataFrame(rows)


def fairlearn_figures(frame: pd.DataFrame, columns: list[str]) -> dict[str, tuple[float, float]]:
    """(selection rate, impact ratio) per group, over the groups our report compares."""
    disclosed = frame[(frame[columns] != NOT_DISCLOSED).all(axis=1)]
    shares = disclosed.groupby(columns).size() / len(frame)
    metric = MetricFrame(
        metrics=selection_rate,
        y_true=disclosed["selected"].astype(int),
        y_pred=disclosed["selected"].astype(int),
        sensitive_features=disclosed[columns],
    )
    rates = metric.by_group[shares[shares >= 0.02].index]
    ratios = rates / rates.max()
    name = (lambda key: key) if len(columns) == 1 else (lambda key: " / ".join(key))
    return {name(k): (float(rates[k]), float(ratios[k])) for k in rates.index}


@pytest.fixture
def company_url(store_url: str) -> str:
    generated_company(store_url)
    return store_url


def test_every_selection_rate_and_impact_ratio_equals_fairlearns(
    company_url: str, tmp_path: Path
) -> None:
    frame = exported(company_url, tmp_path / "record.jsonl")
    report = run_json(company_url, "report", "adverse-impact")
    compared = 0
    for step in report["steps"]:
        mine = frame[frame["step"] == step["step"]]
        assert step["assessed"] == len(mine)
        if mine.empty:  # nobody reached training or promotion in this company
            continue
        for axis in step["axes"]:
            columns = axis["axis"].split(" x ")
            expected = fairlearn_figures(mine, columns)
            ours = {
                c["category"]: (c["selection_rate"], c["impact_ratio"]) for c in axis["categories"]
            }
            assert set(ours) == set(expected), (step["step"], axis["axis"])
            for category, (rate, ratio) in expected.items():
                assert ours[category] == (round(rate, 4), round(ratio, 4)), category
                compared += 1
    assert compared == 2 * (2 + 4 + 8)  # two steps; sexes, races, their intersections
