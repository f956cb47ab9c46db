"""The FastAPI dependencies every route declares: `authenticated`, and `requires(capability)`.

A route says what it needs; the router of the pages and the API declares `requires(READ)` for
all its routes, and a write route adds its own. `PUBLIC` names the few routes that need no
proof (the login page, the schema); a test walks the application's routes so that no route
is open by accident.
"""

from __future__ import annotations

import hmac
from typing import Annotated
from urllib.parse import parse_qs, quote

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from succession_flow.application.people.signing_in import by_session, by_token
from succession_flow.application.services import Services
from succession_flow.domain.errors import PermissionDenied
from succession_flow.domain.roles import Capability, allows
from succession_flow.web.app import API, open_services
from succession_flow.web.security.principal import NotAuthenticated, Principal, ReadOnlyStore
from succession_flow.web.security.sessions import Session, Sessions
from succession_flow.web.security.throttle import FailedLogins
from succession_flow.web.uploads import bounded_form

SESSION_COOKIE = "sf_session"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
WRITES = frozenset({Capability.CONFIGURE, Capability.OPERATE, Capability.APPROVE})
PUBLIC = frozenset({"/login", f"{API}/openapi.json"})
"""Routes anyone may ask for: the sign-in form and the API's schema (no record in either)."""
SIGNED_IN = frozenset({"/logout"})
"""Routes that need a signed-in caller but no role (a user whose roles were all revoked can
still sign out)."""

StoreDep = Annotated[Services, Depends(open_services)]


def install(app: FastAPI) -> None:
    """The console's session memory and failed-login counts, and the 401 answer."""
    app.state.sessions = Sessions()
    app.state.failed_logins = FailedLogins()
    app.add_exception_handler(NotAuthenticated, unauthenticated)


BEARER = HTTPBearer(
    auto_error=False, description="An API token from `succession-flow token create`."
)
"""Reads `Authorization: Bearer`, and documents the scheme in the OpenAPI schema."""
Bearer = Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)]


async def authenticated(request: Request, services: StoreDep, bearer: Bearer) -> Principal:
    """The caller, proven now: a live token, or a live session of an enabled user whose
    unsafe request carries the session's CSRF token. The lookup (the user directory, through
    the request's lent store) runs on the threadpool, never on the event loop."""
    if "authorization" in request.headers:
        token = bearer.credentials if bearer is not None else None
        found = await run_in_threadpool(by_token, services, token) if token else None
        if found is None:
            raise NotAuthenticated("the API token is unknown, revoked, or its user disabled")
        principal = Principal(found.name, found.roles, "token")
    else:
        session = current_session(request)
        name = session.name if session is not None else None
        identity = await run_in_threadpool(by_session, services, name) if name else None
        if session is None or identity is None:
            raise NotAuthenticated("sign in first: no live session")
        if request.method not in SAFE_METHODS:
            await check_csrf(request, session.csrf)
        request.state.csrf = session.csrf
        principal = Principal(identity.name, identity.roles, "session")
    request.state.principal = principal
    return principal


class Requires:
    """`Depends(requires(capability))`: the authenticated caller, when their roles reach the
    capability (403 otherwise) and, for a write, when the store takes writes (503)."""

    def __init__(self, capability: Capability, when: dict[str, str] | None = None) -> None:
        self.capability = capability
        self.when = when or {}

    async def __call__(
        self, request: Request, principal: Annotated[Principal, Depends(authenticated)]
    ) -> Principal:
        if any(request.path_params.get(k) != v for k, v in self.when.items()):
            return principal
        if not allows(principal.roles, self.capability):
            has = ", ".join(sorted(principal.roles)) or "no role"
            raise PermissionDenied(
                f"user {principal.name!r} needs a role that may {self.capability} (has {has})"
            )
        if self.capability in WRITES and not await run_in_threadpool(writable, request):
            raise ReadOnlyStore("store is read-only: this console cannot record anything")
        return principal


def requires(capability: Capability, when: dict[str, str] | None = None) -> Requires:
    """`when={"name": "adverse-impact"}`: needed only when the path parameters say so."""
    return Requires(capability, when)


ADVERSE_IMPACT = requires(Capability.AUDIT, when={"name": "adverse-impact"})
"""The adverse-impact report shows demographic groups: auditors' (and hr-owners')."""
SEES_IMPACT = requires(Capability.AUDIT)
"""Simulating a rule file shows whose outcome would change and each group's impact ratio
under both versions: the adverse-impact report's figures, so the same capability (hr-owners,
whose tool it is, and auditors). Not CONFIGURE: it writes nothing, so a read-only store still
simulates."""


def signed_in(request: Request) -> dict[str, object]:
    """What every page's template knows of its caller: who, the CSRF token its forms carry,
    and (asked only by a page with a write form) whether the store takes writes."""
    return {"principal": getattr(request.state, "principal", None),
            "csrf": getattr(request.state, "csrf", ""),
            "store_writable": lambda: writable(request)}  # fmt: skip


def writable(request: Request) -> bool:
    from succession_flow.bootstrap import may_write

    return may_write(request.app.state.config)


def current_session(request: Request) -> Session | None:
    session_id = request.cookies.get(SESSION_COOKIE)
    sessions: Sessions = request.app.state.sessions
    return sessions.find(session_id) if session_id else None


async def check_csrf(request: Request, expected: str) -> None:
    """The token in the form's hidden field, or in the header a script sends."""
    given = request.headers.get(CSRF_HEADER) or await form_value(request, CSRF_FIELD)
    if not given or not hmac.compare_digest(given, expected):
        await request.close()  # a refused upload's parsed file, not left for the collector
        raise PermissionDenied("the form's CSRF token is missing or wrong: reload the page")


async def form_value(request: Request, field: str) -> str:
    """One text field of the form: URL-encoded (the console's forms), or multipart (the two
    upload forms), parsed once within the upload bound and kept for the route to read."""
    kind = request.headers.get("content-type", "")
    if kind.startswith("multipart/form-data"):
        form = await bounded_form(request)
        found = form.get(field) if form is not None else None
        return found if isinstance(found, str) else ""
    if not kind.startswith("application/x-www-form-urlencoded"):
        return ""
    values = parse_qs((await request.body()).decode("utf-8", "replace"))
    return values.get(field, [""])[0]


async def unauthenticated(request: Request, error: Exception) -> Response:
    """401 JSON under the API (with the scheme to use); the login page, then back, for a page."""
    if request.url.path.startswith(API):
        body = {"error": {"status": 401, "category": "unauthenticated", "message": str(error)}}
        return JSONResponse(body, status_code=401, headers={"WWW-Authenticate": "Bearer"})
    back = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(back)}", status_code=303)
