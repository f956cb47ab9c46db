"""The auditor role stands beside the ladder: it reads like a reviewer and may see an
individual's self-identified categories, which hr-owners may too and operators may not."""

from __future__ import annotations

import pytest

from succession_flow.domain.access import AccessControl
from succession_flow.domain.errors import PermissionDenied
from succession_flow.domain.roles import Capability


def roles() -> AccessControl:
    access = AccessControl()
    access.grant("hannah", "hr-owner", "hannah")
    for actor, role in (("olga", "operator"), ("rita", "reviewer"), ("aude", "auditor")):
        access.grant(actor, role, "hannah")
    return access


@pytest.mark.parametrize(
    ("actor", "capability", "allowed"),
    [
        ("aude", Capability.AUDIT, True),
        ("hannah", Capability.AUDIT, True),
        ("olga", Capability.AUDIT, False),
        ("rita", Capability.AUDIT, False),
        ("nobody", Capability.AUDIT, False),
        ("aude", Capability.OPERATE, False),
        ("aude", Capability.CONFIGURE, False),
        ("olga", Capability.OPERATE, True),
    ],
)
def test_who_may_see_demographics_and_what_an_auditor_may_not_do(
    actor: str, capability: Capability, allowed: bool
) -> None:
    assert roles().may(actor, capability) is allowed


def test_an_open_store_lets_everyone_see_as_it_lets_everyone_act() -> None:
    assert AccessControl().may("anyone", Capability.AUDIT)


def test_the_refusal_names_both_roles_that_would_do() -> None:
    with pytest.raises(PermissionDenied) as refused:
        roles().check_may("olga", Capability.AUDIT)
    assert str(refused.value) == (
        "actor 'olga' needs role hr-owner or auditor to see demographics (has operator)"
    )


def test_an_auditor_refused_a_write_is_told_the_one_role_it_needs() -> None:
    with pytest.raises(PermissionDenied) as refused:
        roles().check_may("aude", Capability.OPERATE)
    assert str(refused.value) == "actor 'aude' needs role operator to operate (has auditor)"
