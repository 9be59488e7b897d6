"""Who may do what, as pure functions: no HTTP, no database."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.councils import permissions


@dataclass
class Person:
    grants: list[tuple[str, str]] = field(default_factory=list)
    is_authenticated: bool = True
    is_erased: bool = False

    def has_role(self, role: str, scope_id: object = None) -> bool:
        return any(r == role and (scope_id is None or s in ("", str(scope_id))) for r, s in self.grants)

    @property
    def is_staff(self) -> bool:
        return self.has_role("staff") or self.is_admin

    @property
    def is_admin(self) -> bool:
        return self.has_role("admin")


@dataclass
class FakeBody:
    slug: str


@dataclass
class FakeSession:
    body: FakeBody
    minutes_status: str = "draft"


ANONYMOUS = Person(is_authenticated=False)
RESIDENT = Person()
MODERATOR_A = Person([("moderator", "ciq-a")])
STAFF = Person([("staff", "")])
ADMIN = Person([("admin", "")])
A, B = FakeBody("ciq-a"), FakeBody("ciq-b")


def test_a_moderator_runs_their_own_body_only() -> None:
    assert permissions.can_moderate(MODERATOR_A, A)
    assert not permissions.can_moderate(MODERATOR_A, B)
    assert permissions.can_run_session(MODERATOR_A, FakeSession(A))
    assert not permissions.can_run_session(MODERATOR_A, FakeSession(B))


def test_staff_and_admins_run_every_body() -> None:
    for person in (STAFF, ADMIN):
        assert permissions.can_moderate(person, A) and permissions.can_moderate(person, B)
        assert permissions.can_manage_bodies(person)


def test_residents_and_visitors_run_nothing() -> None:
    for person in (ANONYMOUS, RESIDENT, Person([("moderator", "ciq-a")], is_erased=True)):
        assert not permissions.can_moderate(person, A)
        assert not permissions.can_manage_bodies(person)
    assert not permissions.can_manage_bodies(MODERATOR_A)


def test_an_empty_moderator_scope_covers_every_body() -> None:
    everywhere = Person([("moderator", "")])
    assert permissions.can_moderate(everywhere, A) and permissions.can_moderate(everywhere, B)


def test_joining_needs_an_account() -> None:
    assert permissions.can_join(RESIDENT, A)
    assert not permissions.can_join(ANONYMOUS, A)


def test_draft_minutes_are_for_the_body_runners_published_ones_for_all() -> None:
    draft, published = FakeSession(A), FakeSession(A, "published")
    assert permissions.can_read_minutes(MODERATOR_A, draft)
    assert not permissions.can_read_minutes(RESIDENT, draft)
    assert not permissions.can_read_minutes(Person([("moderator", "ciq-b")]), draft)
    assert permissions.can_read_minutes(ANONYMOUS, published)
