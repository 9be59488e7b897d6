"""Who may do what with accounts: pure functions, checked without a database or HTTP."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask_login import AnonymousUserMixin

from app.accounts import permissions


@dataclass
class Person:
    id: int
    is_staff: bool = False
    is_admin: bool = False
    is_verified: bool = False
    is_erased: bool = False
    is_authenticated: bool = True


ANONYMOUS = AnonymousUserMixin()
RESIDENT = Person(1)
OTHER = Person(2)
STAFF = Person(3, is_staff=True)
ADMIN = Person(4, is_admin=True)
ERASED = Person(5, is_erased=True)


@pytest.mark.parametrize(
    ("user", "expected"), [(ANONYMOUS, False), (RESIDENT, False), (STAFF, True), (ADMIN, True), (ERASED, False)]
)
def test_can_verify_residents(user: object, expected: bool) -> None:
    assert permissions.can_verify_residents(user) is expected


def test_can_verify_resident_not_oneself_nor_erased() -> None:
    assert permissions.can_verify_resident(STAFF, RESIDENT)
    assert permissions.can_verify_resident(ADMIN, STAFF)
    assert not permissions.can_verify_resident(STAFF, STAFF)
    assert not permissions.can_verify_resident(STAFF, ERASED)
    assert not permissions.can_verify_resident(STAFF, None)
    assert not permissions.can_verify_resident(RESIDENT, OTHER)


@pytest.mark.parametrize(("user", "expected"), [(ANONYMOUS, False), (RESIDENT, False), (STAFF, False), (ADMIN, True)])
def test_can_manage_roles(user: object, expected: bool) -> None:
    assert permissions.can_manage_roles(user) is expected


def test_can_view_user() -> None:
    assert permissions.can_view_user(RESIDENT, RESIDENT)
    assert not permissions.can_view_user(RESIDENT, OTHER)
    assert permissions.can_view_user(STAFF, OTHER)
    assert permissions.can_view_user(ADMIN, OTHER)
    assert not permissions.can_view_user(ANONYMOUS, OTHER)
    assert not permissions.can_view_user(STAFF, None)


def test_can_verify_self() -> None:
    assert permissions.can_verify_self(RESIDENT)
    assert not permissions.can_verify_self(Person(6, is_verified=True))
    assert not permissions.can_verify_self(ANONYMOUS)
    assert not permissions.can_verify_self(ERASED)
