"""Use cases for roles, and the one check every write use case makes first."""

from __future__ import annotations

from succession_flow.application.services import Services
from succession_flow.domain.access import ACCESS_ID, AccessControl
from succession_flow.domain.roles import Capability


def access_control(services: Services) -> AccessControl | None:
    return services.store.find(ACCESS_ID, AccessControl)


def require(services: Services, actor: str, capability: Capability) -> None:
    """Refuse (PermissionDenied) before anything is loaded or decided; open stores allow all."""
    found = access_control(services)
    if found is not None:
        found.check_may(actor, capability)


def grant(services: Services, by: str, actor: str, role: str) -> AccessControl:
    def attempt() -> AccessControl:
        found = access_control(services) or AccessControl()
        found.grant(actor, role, by)
        services.store.save(found)
        return found

    return services.store.retrying(attempt, "roles")


def revoke(services: Services, by: str, actor: str, role: str) -> AccessControl:
    def attempt() -> AccessControl:
        found = access_control(services) or AccessControl()
        found.revoke(actor, role, by)
        services.store.save(found)
        return found

    return services.store.retrying(attempt, "roles")


def assignments(services: Services) -> list[dict[str, object]]:
    found = access_control(services)
    roles = found.roles if found is not None else {}
    return [{"actor": a, "roles": sorted(r)} for a, r in sorted(roles.items())]
