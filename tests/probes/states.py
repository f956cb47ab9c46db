"""The states a probe runs in, built once per backend: a company's store as is, read-only,
opened with the wrong secret or none, and acted on by someone without the role needed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from succession_flow.application.people import staffing
from succession_flow.bootstrap import bootstrap
from succession_flow.domain.roles import Role
from tests.e2e.cli_helpers import run
from tests.harness.backends import read_only_url
from tests.integration.builders import company, employee_record, position_spec

SECRET = b"the probe's secret"
ROLES = {"owner": Role.HR_OWNER, "op": Role.OPERATOR, "rev": Role.REVIEWER, "app": Role.APPROVER}


@dataclass(frozen=True)
class State:
    store: str
    """The URL the command is given."""
    counted: str
    """The URL events are counted at (the writable store behind a read-only one)."""
    actor: str = "prober"
    secret_file: str | None = None
    secret: bytes | None = None
    """The store's own secret, to count its events."""

    def options(self) -> list[str]:
        secret = ["--secret-file", self.secret_file] if self.secret_file else []
        return ["--store", self.store, "--actor", self.actor, *secret]


NewStore = Callable[[str], str]


def a_company(url: str, secret_file: Path | None = None, roles: bool = False) -> str:
    """Three employees and VP-SALES (tests/integration/builders.py), two of them nominated,
    and the VP and E1 the issue's examples name."""
    services = bootstrap(url, secret=SECRET if secret_file else None)
    try:
        company(services)
        staffing.define_position(services, position_spec("VP"), "probe")
        staffing.record_employee(services, employee_record("E1", services.today()), "probe")
    finally:
        services.close()
    env = ["--secret-file", str(secret_file)] if secret_file else []
    for candidate in ("E1001@VP-SALES", "E1002@VP-SALES"):
        result = run(url, *env, "nominate", candidate, "--reason", "probe")
        assert result.exit_code == 0, result.stderr
    if roles:
        for name, role in ROLES.items():
            result = run(url, *env, "role", "grant", name, role.value, actor="owner")
            assert result.exit_code == 0, result.stderr
    return url


@contextmanager
def states(new_store: NewStore, folder: Path) -> Iterator[dict[str, State]]:
    """Every state on one backend; `new_store()` gives an empty store URL cleaned up after."""
    right, wrong = folder / "secret", folder / "wrong-secret"
    right.write_bytes(SECRET)
    wrong.write_bytes(b"not the probe's secret")
    fresh = a_company(new_store("fresh"))
    untouched = a_company(new_store("company"))
    owned = a_company(new_store("roles"), roles=True)
    sealed = a_company(new_store("sealed"), right)
    with ExitStack() as stack:
        read_only = stack.enter_context(read_only_url(untouched))
        yield {
            "fresh": State(fresh, fresh),
            "read-only": State(read_only, untouched),
            "secret": State(sealed, sealed, secret_file=str(right), secret=SECRET),
            "wrong secret": State(sealed, sealed, secret_file=str(wrong), secret=SECRET),
            "no secret": State(sealed, sealed, secret=SECRET),
            "hr-owner": State(owned, owned, actor="owner"),
            "operator": State(owned, owned, actor="op"),
            "reviewer": State(owned, owned, actor="rev"),
            "approver": State(owned, owned, actor="app"),
            "no role": State(owned, owned, actor="nobody"),
        }
