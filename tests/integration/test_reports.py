"""Every report against the small hand-checked company of tests/integration/world.py.

The figures below were worked out on paper from PATHS: three key positions (VP-SALES with
E1 ready now and emergency successor, E2 ready in 1-2 years and in training; CFO with E4 ready
in 3-5 years; CTO whose only candidate E6 was promoted), one management post (HEAD-HR, E7 ready
now), one candidate exited after failing evaluation and one declined by the pool.
"""

from __future__ import annotations

import pytest

from succession_flow.application.queries.read_model import source
from succession_flow.application.services import Services
from succession_flow.domain.errors import NotFound
from succession_flow.reports.bench import bench
from succession_flow.reports.ninebox import ninebox
from succession_flow.reports.pipeline import pipeline
from succession_flow.reports.position import position_report
from succession_flow.reports.report import percent
from tests.integration.world import build_world

ADA = {"employee": "E1", "name": "Ada Lovelace"}


pytestmark = pytest.mark.company(build=build_world)


def test_the_bench_counts_successors_by_readiness_and_the_share_of_covered_key_positions(
    services: Services,
) -> None:
    with source(services) as db:
        value = bench(db).value
    assert value["summary"] == {
        "positions": 3,
        "with_ready_now": 1,
        "coverage": 0.333,
        "meeting_target": 0,
        "without_successor": 1,
    }
    assert value["positions"] == [
        {"position": "CFO", "title": "Chief Financial Officer", "ready-now": 0,
         "ready-1-2-years": 0, "ready-3-5-years": 1, "successors": 1, "target": 2, "gap": 1,
         "emergency": []},
        {"position": "CTO", "title": "Chief Technology Officer", "ready-now": 0,
         "ready-1-2-years": 0, "ready-3-5-years": 0, "successors": 0, "target": 2, "gap": 2,
         "emergency": []},
        {"position": "VP-SALES", "title": "Vice President Sales", "ready-now": 1,
         "ready-1-2-years": 1, "ready-3-5-years": 0, "successors": 2, "target": 3, "gap": 1,
         "emergency": [ADA]},
    ]  # fmt: skip


def test_the_bench_of_another_echelon_and_without_names(services: Services) -> None:
    with source(services) as db:
        report = bench(db, "management", redact=True)
    assert report.value["summary"]["coverage"] == 1.0
    assert [(r["position"], r["ready-now"], r["gap"]) for r in report.value["positions"]] == [
        ("HEAD-HR", 1, 1)
    ]
    with source(services) as db:
        key = bench(db, redact=True)
    assert key.value["positions"][2]["emergency"] == [{"employee": "E1"}]
    assert key.tables[0][1][2]["emergency"] == "E1"


def test_the_pipeline_counts_stages_per_echelon_and_the_conversion_between_them(
    services: Services,
) -> None:
    with source(services) as db:
        value = pipeline(db).value
    now = {r["stage"]: (r["key-position"], r["management"], r["total"]) for r in value["stages"]}
    assert now == {
        "proposed": (0, 0, 0),
        "nominated": (1, 0, 1),
        "evaluated": (0, 1, 1),
        "pooled": (2, 1, 3),
        "in_training": (1, 0, 1),
        "trained": (0, 0, 0),
        "promoted": (1, 0, 1),
        "exited": (1, 0, 1),
    }
    assert value["total"] == 8
    assert [(f["stage"], f["entered"], f["conversion"]) for f in value["funnel"]] == [
        ("nominated", 8, None),
        ("evaluated", 7, 0.875),
        ("pooled", 5, 0.714),
        ("in_training", 2, 0.4),
        ("trained", 1, 0.5),
        ("promoted", 1, 1.0),
    ]
    assert value["exits_from"] == {"evaluated": 1}


def test_the_nine_box_places_people_by_latest_rating_and_potential(services: Services) -> None:
    with source(services) as db:
        value = ninebox(db).value
    placed = {
        (b["performance"], b["potential"]): [p["name"] for p in b["people"]]
        for b in value["boxes"]
        if b["people"]
    }
    assert placed == {
        ("low", "high"): ["Gus Novak"],
        ("moderate", "high"): ["Ben Okafor"],
        ("high", "high"): ["Ada Lovelace", "Farah Khan"],
        ("moderate", "moderate"): ["Eli Cohen"],
        ("high", "moderate"): ["Dana Ruiz"],
        ("low", "low"): ["Chen Wei"],
        ("moderate", "low"): ["Hana Sato"],
    }
    assert (value["placed"], value["unplaced"]) == (8, 0)
    assert [b["box"] for b in value["boxes"][:3]] == ["rough diamond", "high potential", "star"]


def test_the_position_report_shows_requirements_pool_and_candidates_by_state(
    services: Services,
) -> None:
    with source(services) as db:
        value = position_report(db, "VP-SALES").value
    assert (value["target_bench"], value["vacancies"], value["requirements"]["min_years"]) == (
        3,
        1,
        8,
    )
    assert value["pool"] == [
        {**ADA, "readiness": "ready-now", "emergency": True},
        {
            "employee": "E2",
            "name": "Ben Okafor",
            "readiness": "ready-1-2-years",
            "emergency": False,
        },
    ]
    assert {
        state: [p["employee"] for p in people] for state, people in value["candidates"].items()
    } == {
        "pooled": ["E1"],
        "in_training": ["E2"],
        "exited": ["E3"],
    }


def test_a_promotion_fills_the_vacancy_the_position_report_shows(services: Services) -> None:
    with source(services) as db:
        cto = position_report(db, "CTO").value
    assert (cto["vacancies"], cto["pool"], list(cto["candidates"])) == (0, [], ["promoted"])


def test_the_position_report_of_an_unknown_position_is_not_found(services: Services) -> None:
    with source(services) as db, pytest.raises(NotFound, match="position NOPE not found"):
        position_report(db, "NOPE")


@pytest.mark.parametrize(
    ("ratio", "shown"),
    [(0.0, "0%"), (0.004, "<1%"), (0.333, "33%"), (0.875, "88%"), (0.997, "99%"), (1.0, "100%")],
)
def test_percentages_never_round_to_all_or_nothing(ratio: float, shown: str) -> None:
    assert percent(ratio) == shown
