"""Who may use the administration shell, without HTTP."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from app.admin.permissions import can_manage_roles, can_view_admin, can_view_audit


def person(**facts: bool) -> SimpleNamespace:
    defaults = {"is_authenticated": True, "is_staff": False, "is_admin": False, "is_erased": False}
    return SimpleNamespace(**{**defaults, **facts})


ANONYMOUS = person(is_authenticated=False)
RESIDENT = person()
STAFF = person(is_staff=True)
ADMIN = person(is_staff=True, is_admin=True)
ERASED_ADMIN = person(is_staff=True, is_admin=True, is_erased=True)


@pytest.mark.parametrize(
    ("user", "view", "manage", "audit"),
    [
        (ANONYMOUS, False, False, False),
        (RESIDENT, False, False, False),
        (STAFF, True, False, False),
        (ADMIN, True, True, True),
        (ERASED_ADMIN, False, False, False),
    ],
    ids=["anonymous", "resident", "staff", "admin", "erased-admin"],
)
def test_permissions(user: SimpleNamespace, view: bool, manage: bool, audit: bool) -> None:
    assert can_view_admin(user) is view
    assert can_manage_roles(user) is manage
    assert can_view_audit(user) is audit
