"""Who may run an assembly's sessions and read their record: pure functions, no HTTP."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace

from app.assemblies.permissions import can_create_assembly, can_facilitate, can_read_summary


@dataclass
class Person:
    grants: list[tuple[str, str]] = field(default_factory=list)
    is_authenticated: bool = True
    is_staff: bool = False
    is_admin: bool = False
    is_erased: bool = False

    def has_role(self, role: str, scope_id: object = None) -> bool:
        return any(r == role and (scope_id is None or s in ("", str(scope_id))) for r, s in self.grants)


ASSEMBLY = SimpleNamespace(id=7)
OTHER = SimpleNamespace(id=8)
ANONYMOUS = Person(is_authenticated=False)


def test_facilitators_run_their_own_assembly_only() -> None:
    facilitator = Person(grants=[("facilitator", "7")])
    assert can_facilitate(facilitator, ASSEMBLY)
    assert not can_facilitate(facilitator, OTHER)
    assert can_facilitate(Person(grants=[("facilitator", "")]), OTHER)  # an empty scope covers all


def test_staff_and_admins_may_facilitate_anywhere_and_create_assemblies() -> None:
    for person in (Person(is_staff=True), Person(is_admin=True)):
        assert can_facilitate(person, ASSEMBLY) and can_create_assembly(person)
    assert not can_create_assembly(Person(grants=[("facilitator", "7")]))


def test_nobody_else_facilitates() -> None:
    for person in (ANONYMOUS, Person(), Person(grants=[("moderator", "7")]), Person(is_staff=True, is_erased=True)):
        assert not can_facilitate(person, ASSEMBLY)
    assert not can_facilitate(Person(is_admin=True), None)


def test_the_record_is_public_once_the_session_is_closed() -> None:
    running = SimpleNamespace(status="open", assembly=ASSEMBLY)
    closed = SimpleNamespace(status="closed", assembly=ASSEMBLY)
    assert not can_read_summary(ANONYMOUS, running)
    assert can_read_summary(Person(grants=[("facilitator", "7")]), running)
    assert can_read_summary(ANONYMOUS, closed)
