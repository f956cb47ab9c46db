"""A position's talent pool as it stood at any moment: members, readiness, bench strength.

Rebuilt from the pool's own events up to the moment, so an auditor sees who was in the pool on
that date and at what readiness, not what later reviews made of it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from succession_flow.application.audit.moments import as_of, version_at
from succession_flow.application.hr_files.workflows import target_bench
from succession_flow.application.services import Services
from succession_flow.domain.keys import pool_uuid, position_uuid
from succession_flow.domain.lifecycle import Readiness
from succession_flow.domain.pool import TalentPool
from succession_flow.domain.position import Position


def pool_members(
    services: Services, position_id: str, moment: datetime | None
) -> dict[str, dict[str, Any]]:
    """Members then (or now): employee id -> readiness and emergency flag; {} before any entry."""
    uid = pool_uuid(position_id)
    if moment is None:
        pool = services.store.find(uid, TalentPool)
    else:
        version = version_at(services, uid, moment)
        pool = None if version is None else services.store.find(uid, TalentPool, version)
    return dict(pool.members) if pool is not None else {}


def bench(services: Services, position_id: str, moment: datetime | None) -> dict[str, Any]:
    position = as_of(services, position_uuid(position_id), Position, f"position {position_id}",
                     moment)  # fmt: skip
    members = pool_members(services, position_id, moment)
    by_readiness = {r.value: 0 for r in Readiness}
    for member in members.values():
        by_readiness[member["readiness"]] = by_readiness.get(member["readiness"], 0) + 1
    return {
        "position": position_id,
        "as_of": moment.isoformat(timespec="seconds") if moment else "now",
        "target_bench": target_bench(services, position, moment),
        "vacancies": position.vacancies,
        "members": [
            {"employee": e, "readiness": m["readiness"], "emergency": m["emergency_successor"]}
            for e, m in sorted(members.items())
        ],
        "bench": by_readiness,
        "emergency_successors": sorted(e for e, m in members.items() if m["emergency_successor"]),
    }
