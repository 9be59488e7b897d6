"""Access levels, tested without HTTP."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from app.core.permissions import access, level_allows


@dataclass
class Person:
    is_authenticated: bool = True
    is_staff: bool = False
    is_admin: bool = False


ANONYMOUS = Person(is_authenticated=False)
RESIDENT = Person()
STAFF = Person(is_staff=True)
ADMIN = Person(is_admin=True)


@pytest.mark.parametrize(
    ("level", "allowed"),
    [
        ("public", {"anonymous", "resident", "staff", "admin"}),
        ("user", {"resident", "staff", "admin"}),
        ("staff", {"staff", "admin"}),
        ("admin", {"admin"}),
    ],
)
def test_level_allows(level: str, allowed: set[str]) -> None:
    people = {"anonymous": ANONYMOUS, "resident": RESIDENT, "staff": STAFF, "admin": ADMIN}
    assert {name for name, person in people.items() if level_allows(level, person)} == allowed  # type: ignore[arg-type]


def test_access_records_the_level_and_refuses_unknown_ones() -> None:
    @access("staff")
    def view() -> str:
        return "ok"

    assert view.access_level == "staff"  # type: ignore[attr-defined]
    with pytest.raises(ValueError, match="unknown access level"):
        access("everyone")  # type: ignore[arg-type]
