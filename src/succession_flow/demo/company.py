"""The demo company's succession positions, in all three echelons.

The people come from the sample HR exports (`samples/hr/`), imported like any HR export; only
the positions are defined here, as an HR owner would with `position add`.
"""

from __future__ import annotations

from typing import Any

CORE_HEAVY = {
    "professional_quality": 0.25,
    "core_competence": 0.4,
    "psychological_quality": 0.15,
    "knowledge_quality": 0.2,
}
TECHNICAL = {
    "professional_quality": 0.25,
    "core_competence": 0.45,
    "psychological_quality": 0.1,
    "knowledge_quality": 0.2,
}


def post(
    position_id: str,
    title: str,
    echelon: str,
    unit: str,
    family: str,
    *,
    criticality: str = "high",
    target_bench: int = 2,
    min_education: str = "bachelor",
    min_years: int = 0,
    certifications: tuple[str, ...] = (),
    prior_posts: tuple[str, ...] = (),
    vacancies: int = 0,
    weights: dict[str, float] | None = None,
) -> dict[str, Any]:
    return {
        "position_id": position_id,
        "title": title,
        "echelon": echelon,
        "unit": unit,
        "criticality": criticality,
        "target_bench": target_bench,
        "min_education": min_education,
        "min_years": min_years,
        "certifications": list(certifications),
        "prior_posts": list(prior_posts),
        "competency_weights": dict(weights or CORE_HEAVY),
        "family": family,
        "vacancies": vacancies,
    }


KEY, MANAGEMENT, RESERVE = "key-position", "management", "reserve"

POSITIONS: tuple[dict[str, Any], ...] = (
    post(
        "VP-SALES",
        "Vice President Sales",
        KEY,
        "Sales",
        "sales",
        criticality="critical",
        target_bench=3,
        min_education="master",
        min_years=10,
        certifications=("Sales Leadership",),
        vacancies=1,
    ),
    post(
        "CFO",
        "Chief Financial Officer",
        KEY,
        "Finance",
        "finance",
        criticality="critical",
        target_bench=3,
        min_education="master",
        min_years=12,
        certifications=("CPA",),
        vacancies=1,
    ),
    post(
        "CTO",
        "Chief Technology Officer",
        KEY,
        "Engineering",
        "engineering",
        criticality="critical",
        min_education="master",
        min_years=12,
        prior_posts=("Engineering Manager",),
        weights=TECHNICAL,
    ),
    post(
        "GM-EUROPE",
        "General Manager, Europe subsidiary",
        KEY,
        "Europe",
        "operations",
        min_education="master",
        min_years=12,
        prior_posts=("Plant Director",),
        vacancies=1,
    ),
    post(
        "HEAD-FINANCE",
        "Head of Finance",
        MANAGEMENT,
        "Finance",
        "finance",
        min_years=6,
        certifications=("CPA",),
        vacancies=1,
    ),
    post(
        "HEAD-HR",
        "Head of Human Resources",
        MANAGEMENT,
        "Human Resources",
        "talent",
        target_bench=1,
        min_years=6,
        certifications=("SHRM-CP",),
        vacancies=1,
    ),
    post(
        "HEAD-QA",
        "Head of Quality",
        MANAGEMENT,
        "Quality",
        "operations",
        criticality="medium",
        min_years=6,
        certifications=("Six Sigma Black Belt",),
    ),
    post(
        "RESERVE-TECH",
        "Technical talent reserve",
        RESERVE,
        "Engineering",
        "engineering",
        criticality="medium",
        target_bench=0,
        min_years=2,
        prior_posts=("Software Engineer",),
        vacancies=1,
        weights=TECHNICAL,
    ),
    post(
        "RESERVE-MGMT",
        "Management talent reserve",
        RESERVE,
        "Company",
        "general",
        criticality="medium",
        target_bench=0,
        min_years=3,
        vacancies=2,
    ),
)
"""Reserve tracks set no target bench of their own: the reserve workflow's need applies."""
