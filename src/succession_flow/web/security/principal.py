"""The proven caller of one request, and the two refusals that are not a role's."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from succession_flow.domain.errors import StoreUnavailable


@dataclass(frozen=True)
class Principal:
    """A user proven by a password (a session) or by an API token, with the roles this proof
    lets them act with: a session has the user's grants, a token its one role."""

    name: str
    roles: frozenset[str]
    via: Literal["session", "token"]


class NotAuthenticated(Exception):
    """No proof, or one that no longer holds: 401 for the API, the login page for a person.
    Not a `SuccessionError`: the CLI has no such exit, a terminal's user is the OS user."""


class ReadOnlyStore(StoreUnavailable):
    """A write route on a store opened `?mode=ro`, or whose database role may not insert."""
