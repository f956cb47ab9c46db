"""`/login` and `/logout`: a plain form (no script), a session cookie, one message for every
failure.

The cookie is HttpOnly (no script reads it), SameSite=Strict (no other site's page or link
sends it: the console has no inbound links that must arrive signed in) and Secure when the
console is served over https. The login form is guarded by a double-submit CSRF token (a
cookie and the same value in the form), since there is no session yet to hold one.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool

from succession_flow.application.people.signing_in import by_password
from succession_flow.domain.errors import PermissionDenied
from succession_flow.reports.html import CSS
from succession_flow.web.security.guards import (
    CSRF_FIELD,
    SESSION_COOKIE,
    StoreDep,
    authenticated,
    form_value,
)
from succession_flow.web.security.principal import Principal
from succession_flow.web.security.sessions import Sessions
from succession_flow.web.security.throttle import FailedLogins

LOGIN_CSRF_COOKIE = "sf_login_csrf"
FAILED = (
    "Sign-in refused: the name or password is wrong, or this name has had too many attempts "
    "(wait a few minutes)."
)
router = APIRouter(include_in_schema=False)


@router.get("/login")
async def login_form(request: Request, next: str = "/") -> HTMLResponse:
    return form(request, next, message="", status=200)


@router.post("/login")
async def login(request: Request, services: StoreDep) -> Response:
    name, password = await form_value(request, "name"), await form_value(request, "password")
    back = safe_next(await form_value(request, "next"))
    given, expected = await form_value(request, CSRF_FIELD), request.cookies.get(LOGIN_CSRF_COOKIE)
    if not given or not expected or not hmac.compare_digest(given, expected):
        raise PermissionDenied("the form's CSRF token is missing or wrong: reload the page")
    failures: FailedLogins = request.app.state.failed_logins
    waiting = failures.waiting(name)  # argon2 and the directory: on the threadpool
    user = None if waiting else await run_in_threadpool(by_password, services, name, password)
    if user is None:
        failures.failed(name)
        return form(request, back, message=FAILED, status=401)
    failures.succeeded(name)
    sessions: Sessions = request.app.state.sessions
    session_id, _ = sessions.open(user)
    response = RedirectResponse(back, status_code=303)
    response.set_cookie(SESSION_COOKIE, session_id, httponly=True, samesite="strict",
                        secure=request.url.scheme == "https", path="/")  # fmt: skip
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout")
async def logout(
    request: Request, principal: Annotated[Principal, Depends(authenticated)]
) -> Response:
    """Signing out is a POST with the session's CSRF token, so no link or image signs out."""
    sessions: Sessions = request.app.state.sessions
    sessions.close(request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def form(request: Request, back: str, message: str, status: int) -> HTMLResponse:
    from succession_flow.web.pages import TEMPLATES

    token = request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(32)
    values = {"title": "Sign in", "css": Markup(CSS), "next": safe_next(back), "message": message,
              "login_csrf": token}  # fmt: skip
    response = TEMPLATES.TemplateResponse(request, "login.html", values, status_code=status)
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict",
                        secure=request.url.scheme == "https", path="/login")  # fmt: skip
    return response


def safe_next(path: str) -> str:
    """Back to a page of this console only: never `//elsewhere` or `https://elsewhere`."""
    if not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/"
    return path
