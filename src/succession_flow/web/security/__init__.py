"""Proven identity for the console and `/api/v1`: who is asking, and whether their role may.

`authenticated` names the caller (an API token in `Authorization: Bearer`, or a signed-in
session's cookie, CSRF-checked on every unsafe request), `requires(capability)` refuses a
role that does not reach the capability (403) and a write to a read-only store (503). The
`Principal` they return is the only source of a web action's recorded actor.
"""

from succession_flow.web.security.guards import (
    PUBLIC,
    Requires,
    authenticated,
    install,
    requires,
    signed_in,
)
from succession_flow.web.security.principal import NotAuthenticated, Principal, ReadOnlyStore

__all__ = [
    "PUBLIC",
    "NotAuthenticated",
    "Principal",
    "ReadOnlyStore",
    "Requires",
    "authenticated",
    "install",
    "requires",
    "signed_in",
]
