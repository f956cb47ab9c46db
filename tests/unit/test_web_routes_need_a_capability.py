"""Every route of the console and the API declares what it needs, so none is open by accident:
a capability (`requires`), or a place on the short lists of routes that need less.

The routes are walked as FastAPI serves them (`iter_route_contexts`: each included router's
routes with the prefix and the router's own dependencies applied).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi.dependencies.models import Dependant
from fastapi.routing import iter_route_contexts

from succession_flow.config import Config
from succession_flow.domain.roles import Capability
from succession_flow.web.app import create_app
from succession_flow.web.security import PUBLIC, Requires, authenticated
from succession_flow.web.security.guards import SIGNED_IN

ROUTES = list(iter_route_contexts(create_app(Config.resolve("sqlite:///never.sqlite")).routes))


def calls(dependant: Dependant | None) -> Iterator[Any]:
    for sub in dependant.dependencies if dependant is not None else []:
        yield sub.call
        yield from calls(sub)


def needs(route: Any) -> set[Capability]:
    found = calls(getattr(route, "dependant", None))
    return {c.capability for c in found if isinstance(c, Requires)}


def test_every_route_requires_a_capability_unless_listed_as_public_or_signed_in() -> None:
    assert len(ROUTES) > 20
    unguarded = [r.path for r in ROUTES if r.path not in PUBLIC | SIGNED_IN and not needs(r)]
    assert unguarded == []


def test_a_signed_in_route_needs_a_proven_caller_and_the_lists_name_real_routes() -> None:
    signed_in = [r for r in ROUTES if r.path in SIGNED_IN]
    assert signed_in and all(authenticated in set(calls(r.dependant)) for r in signed_in)
    assert {r.path for r in ROUTES} >= PUBLIC | SIGNED_IN


def test_every_read_needs_the_read_capability() -> None:
    reads = [r for r in ROUTES if "GET" in (r.methods or ()) and r.path not in PUBLIC]
    assert reads and all(Capability.READ in needs(r) for r in reads)


def test_the_adverse_impact_report_needs_the_audit_capability_on_the_page_and_the_api() -> None:
    reports = [r for r in ROUTES if r.path in ("/reports/{name}", "/api/v1/reports/{name}")]
    assert len(reports) == 2 and all(Capability.AUDIT in needs(r) for r in reports)


def test_the_api_schema_documents_the_bearer_token_and_the_401_and_403_errors() -> None:
    schema = create_app(Config.resolve("sqlite:///never.sqlite")).openapi()
    assert schema["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            assert operation["security"] == [{"HTTPBearer": []}], path
            assert {"401", "403"} <= set(operation["responses"]), path
